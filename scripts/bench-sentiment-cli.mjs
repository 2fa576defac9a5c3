// `gru-scribe sentiment` as a batch job: start-up (an empty input) and whole runs over SST-2 dev repeated
// N times, medians of R runs, so the rate with and without start-up can be read off; and one line of
// --long-line characters without a sentence end (review words), the worst case for the word segmenter.
//   npm run build && node scripts/bench-sentiment-cli.mjs [--repeat 8] [--runs 5] [--long-line 236000] [--data ../shared/data/sst2]
// Prints a Markdown table for docs/BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: {
  repeat: { type: 'string', default: '8' }, runs: { type: 'string', default: '5' }, data: { type: 'string', default: '../shared/data/sst2' },
  'long-line': { type: 'string', default: '236000' },
} });
const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'dist', 'cli.js');
const dev = readFileSync(join(resolve(root, values.data), 'dev.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')[1]);
const work = mkdtempSync(join(tmpdir(), 'gru-scribe-bench-cli-'));
const empty = join(work, 'empty.txt');
const batch = join(work, 'batch.txt');
const longLine = join(work, 'long-line.txt');
writeFileSync(empty, '');
const words = dev.join(' ').replace(/[.!?]/g, '').split(/\s+/);
let line = '';
for (let i = 0; line.length < Number(values['long-line']); i++) line += `${words[i % words.length]} `;
writeFileSync(longLine, `${line.slice(0, Number(values['long-line'])).trimEnd()}\n`);
const lines = Array.from({ length: Number(values.repeat) }, () => dev).flat();
writeFileSync(batch, lines.join('\n') + '\n');

/** Wall-clock milliseconds of one CLI run; its output must have one line per input line. */
function run(file, expectedLines) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, 'sentiment', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`gru-scribe sentiment failed: ${r.stderr}`);
  const got = r.stdout === '' ? 0 : r.stdout.trimEnd().split('\n').length;
  if (got !== expectedLines) throw new Error(`expected ${expectedLines} results, got ${got}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = [loadavg()[0]];
const startup = [], whole = [], long = [];
for (let i = 0; i < Number(values.runs); i++) {
  startup.push(run(empty, 0));
  whole.push(run(batch, lines.length));
  long.push(run(longLine, 1));
}
load.push(loadavg()[0]);
rmSync(work, { recursive: true, force: true });

const s = median(startup), w = median(whole);
console.log(`| measure | median of ${values.runs} runs |`);
console.log('| --- | --- |');
console.log(`| start-up and model load (empty input) | ${s.toFixed(0)} ms |`);
console.log(`| ${lines.length} sentences (SST-2 dev x ${values.repeat}), whole run | ${w.toFixed(0)} ms |`);
console.log(`| sentences per second, whole run | ${Math.round(lines.length / (w / 1000))} |`);
console.log(`| sentences per second after start-up | ${Math.round(lines.length / ((w - s) / 1000))} |`);
console.log(`| one line of ${Number(values['long-line']).toLocaleString('en')} characters without a sentence end, whole run | ${median(long).toFixed(0)} ms |`);
console.log(`load average ${load.map((x) => x.toFixed(1)).join(' -> ')}`);
