// Writes the lists of English files dynamic evaluation is tuned and measured on (docs/BENCHMARKS.md), one
// path per line, from the base corpus's held-out English files sorted by path: odd lines for tuning
// (english-tune.txt, up to 100 KB), even lines for the figures (english-test.txt, up to 150 KB); without
// fortunes (a file of quotes, not documents); taken round-robin across the sources' folders, files over
// 48 KB left out.
//   node out/scripts/dynamic-sets.js --out DIR [--corpus DIR]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { corpusFilePath, defaultCorpusDir, readManifest, type CorpusFile } from './corpus/manifest';

const MAX_FILE_BYTES = 48_000;

/** Round-robin across the files' source folders, in path order, until `cap` bytes. */
function pick(files: CorpusFile[], cap: number): CorpusFile[] {
  const bySource = new Map<string, CorpusFile[]>();
  for (const f of files) {
    const folder = f.path.split('/')[2];
    bySource.set(folder, [...(bySource.get(folder) ?? []), f]);
  }
  const picked: CorpusFile[] = [];
  let total = 0;
  for (let round = 0; total < cap && [...bySource.values()].some((q) => q.length > round); round++) {
    for (const q of bySource.values()) {
      const f = q[round];
      if (!f || f.bytes > MAX_FILE_BYTES || total >= cap) continue;
      picked.push(f);
      total += f.bytes;
    }
  }
  return picked;
}

function main(): void {
  const { values: a } = parseArgs({ strict: true, options: { out: { type: 'string' }, corpus: { type: 'string' } } });
  if (!a.out) throw new Error('--out DIR is required');
  const corpus = resolve(a.corpus ?? defaultCorpusDir());
  const english = readManifest(corpus).files
    .filter((f) => f.split === 'heldout' && f.kind === 'english')
    .sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  const lines = (parity: number) => english.filter((_, i) => i % 2 === parity).filter((f) => !f.source.includes('fortunes'));
  mkdirSync(a.out, { recursive: true });
  for (const [name, files, cap] of [['english-tune.txt', lines(0), 100_000], ['english-test.txt', lines(1), 150_000]] as const) {
    const picked = pick(files, cap);
    writeFileSync(join(a.out, name), picked.map((f) => corpusFilePath(corpus, f)).join('\n') + '\n');
    process.stdout.write(`${name}: ${picked.length} files, ${picked.reduce((s, f) => s + f.bytes, 0)} bytes\n`);
  }
}

main();
