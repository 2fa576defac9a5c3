// Suggestions at pauses between words and inside words, on the base corpus's held-out files: eval-lm's
// keystroke replay (wordBoundary and midWord shown rate and precision) for English prose, Chinese prose
// and code, on one of two splits of the files (tune: the cut-offs were chosen on it; report: checked on it).
//   npm run build && node out/scripts/bench-pauses.js --split report [--cli dist/cli.js] [--model DIR] [--replay-bytes 8000] [--corpus DIR]
// --model names the model folder eval-lm reads (default: the CLI's bundled one), so that an earlier build's CLI
// can be measured with today's model.
// The corpus comes from `npm run corpus` (its folder for the current sources unless --corpus names one); files over 60 KB are left out, the rest of each group is split
// alternately by path and about 120 KB of each half is drawn with a fixed seed.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { mulberry32 } from '../src/model/lm/sampler';
import { defaultCorpusDir, readManifest } from './corpus/manifest';

const repoRoot = resolve(__dirname, '..', '..');

const { values } = parseArgs({
  options: {
    split: { type: 'string', default: 'report' },
    cli: { type: 'string', default: join(repoRoot, 'dist', 'cli.js') },
    model: { type: 'string' },
    corpus: { type: 'string', default: defaultCorpusDir() },
    'replay-bytes': { type: 'string', default: '8000' },
    list: { type: 'boolean', default: false },
  },
});
if (values.split !== 'tune' && values.split !== 'report') throw new Error('--split must be tune or report');

function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, encoding: 'utf8' })).map((p) => join(dir, p)).filter((f) => statSync(f).isFile()).sort();
}

const root = values.corpus!;
readManifest(root); // a clear error when the corpus is not built
const heldout = join(root, 'heldout');
const GROUPS: Group[] = [
  { name: 'English prose', kind: 'prose', dirs: ['english'] },
  { name: 'Chinese prose', kind: 'prose', dirs: ['chinese'] },
  { name: 'code', kind: 'code', dirs: ['code'] },
];

interface Group { name: string; kind: string; dirs: string[] }

function splitFiles(group: Group): { files: string[]; bytes: number } {
  const all = group.dirs.flatMap((d) => filesUnder(join(heldout, d))).sort().filter((f) => statSync(f).size <= 60_000);
  const half = all.filter((_, i) => i % 2 === (values.split === 'tune' ? 0 : 1));
  const next = mulberry32(7);
  for (let i = half.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [half[i], half[j]] = [half[j], half[i]];
  }
  const chosen: string[] = [];
  let total = 0;
  for (const f of half) {
    if (total >= 120_000) break;
    chosen.push(f);
    total += statSync(f).size;
  }
  return { files: chosen, bytes: total };
}

if (values.list) {
  // The files of each group (for scripts/tune-cutoffs.ts, which calibrates on the same split).
  console.log(JSON.stringify(GROUPS.map((g) => ({ ...g, files: splitFiles(g).files }))));
  process.exit(0);
}

// An eval-lm from before --kind existed is run without it (for the figures before the cut-offs).
const knowsKind = execFileSync(process.execPath, [values.cli!, 'eval-lm', '--help'], { encoding: 'utf8' }).includes('--kind');
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
console.log(`Split: ${values.split}; corpus ${root}; ${values.cli}${values.model ? `; model ${resolve(values.model)}` : ''}`);
console.log('');
console.log('| text | files | KB | bytes replayed | at pauses: shown | precision | inside words: shown | precision | keystroke savings |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const group of GROUPS) {
  const { files, bytes } = splitFiles(group);
  const out = execFileSync(process.execPath, [values.cli!, 'eval-lm', '--positions', '0', '--replay-bytes', values['replay-bytes']!, ...(knowsKind ? ['--kind', group.kind] : []),
    ...(values.model ? ['--model', resolve(values.model)] : []), ...files],
    { encoding: 'utf8', maxBuffer: 1 << 24 });
  const r = JSON.parse(out);
  const mid = r.midWord ? [pct(r.midWord.shownRate), pct(r.midWord.precision)] : ['–', '–'];
  console.log(`| ${group.name} | ${files.length} | ${(bytes / 1024).toFixed(0)} | ${r.replayedBytes} | ${pct(r.wordBoundary.shownRate)} | ${pct(r.wordBoundary.precision)} | ${mid.join(' | ')} | ${pct(r.keystrokeSavings)} |`);
}
