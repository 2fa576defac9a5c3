// Peak memory of the sentiment models at work: `gru-scribe sentiment` (the worker's kernel and judgement)
// over two inputs, its peak RSS and CPU time read from the process itself at exit, and a hash of its output
// so that runs of two versions can be shown to give the same results.
//   - reviews: SST-2's training sentences and the Chinese reviews (first 300 characters of each), ordinary text;
//   - rare words: 4,000 lines of 20 words drawn evenly from the English vocabulary (seeded), the most
//     distinct words a session can bring.
//   npm run build && node scripts/bench-sentiment-memory.mjs [--runs 3] [--data ../shared/data]
// Prints a Markdown table (medians) for docs/BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, data: { type: 'string', default: '../shared/data' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number of at least 1');
const root = resolve(import.meta.dirname, '..');
const data = resolve(root, values.data);
const work = mkdtempSync(join(tmpdir(), 'gru-scribe-bench-sentiment-memory-'));

const column = (file, index) => readFileSync(file, 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split('\t')[index]).filter((s) => s !== undefined);
const reviews = [
  ...column(join(data, 'sst2', 'train.tsv'), 1),
  ...column(join(data, 'sentiment-zh', 'online_shopping_9_cats.tsv'), 2).map((r) => [...r].slice(0, 300).join('')),
];
let state = 1;
const next = (n) => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) % n);
const vocabulary = JSON.parse(readFileSync(join(root, 'models', 'sentiment', 'vocabulary.json'), 'utf8')).words.filter((w) => /^\p{L}+$/u.test(w));
const rare = Array.from({ length: 4000 }, () => `${Array.from({ length: 20 }, () => vocabulary[next(vocabulary.length)]).join(' ')}.`);
const inputs = { reviews, 'rare words': rare };

// Loaded before the CLI: writes the process's own figures when it exits.
const hook = join(work, 'usage.cjs');
writeFileSync(hook, `process.on('exit', () => require('node:fs').writeFileSync(process.env.USAGE_OUT, JSON.stringify(process.resourceUsage())));\n`);

function run(name, lines) {
  const file = join(work, 'input.txt');
  writeFileSync(file, lines.join('\n') + '\n');
  const usage = join(work, 'usage.json');
  const r = spawnSync(process.execPath, ['--require', hook, join(root, 'dist', 'cli.js'), 'sentiment', file], {
    encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, USAGE_OUT: usage },
  });
  if (r.status !== 0) throw new Error(`${name}: gru-scribe sentiment failed: ${r.stderr}`);
  if (r.stdout.trimEnd().split('\n').length !== lines.length) throw new Error(`${name}: not one result per line`);
  const u = JSON.parse(readFileSync(usage, 'utf8'));
  return { rssMB: u.maxRSS / 1024, cpuS: (u.userCPUTime + u.systemCPUTime) / 1e6, hash: createHash('sha256').update(r.stdout).digest('hex').slice(0, 12) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = [loadavg()[0]];
console.log('| input | lines | peak RSS (MB, median) | CPU (s, median) | output sha256 |');
console.log('| --- | ---: | ---: | ---: | --- |');
try {
  for (const [name, lines] of Object.entries(inputs)) {
    const results = Array.from({ length: runs }, () => run(name, lines));
    if (new Set(results.map((r) => r.hash)).size !== 1) throw new Error(`${name}: runs differ`);
    console.log(`| ${name} | ${lines.length.toLocaleString('en')} | ${median(results.map((r) => r.rssMB)).toFixed(1)} | ${median(results.map((r) => r.cpuS)).toFixed(2)} | ${results[0].hash} |`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
load.push(loadavg()[0]);
console.log(`\n${runs} runs each; load average ${load.map((l) => l.toFixed(1)).join(' -> ')}`);
