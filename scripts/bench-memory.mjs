// Memory of GRU Scribe's two models in the real extension host (code-server): the extension host's process
// (RSS: the host's thread and the worker threads together) and the V8 heaps of the host and of each worker, with
// one document open, after a completion and an analysis, against an extension host without GRU Scribe (same
// editor, same document).   npm run build && node scripts/bench-memory.mjs [--runs N]
// Prints a Markdown table (medians over the runs) for docs/BENCHMARKS.md.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { withDeadline } from '../test/harness/deadline.mjs';
import { makeWorkspace, openWorkbench, ROOT } from '../test/harness/workbench.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number of at least 1');
const payload = join(ROOT, 'out', 'test', 'integration', 'bench', 'memory.js');
if (!existsSync(payload)) throw new Error(`${payload} is missing: run \`npm run build\` first.`);

/**
 * The extension host runs a test payload only for a development extension: the empty session loads one that
 * contributes nothing, in place of GRU Scribe.
 */
function emptyExtension() {
  const dir = mkdtempSync(join(tmpdir(), 'gru-scribe-empty-extension-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'empty', publisher: 'bench', version: '0.0.0', engines: { vscode: '^1.95.0' } }));
  return dir;
}

/** One editor session: 'empty' opens the document in a host without GRU Scribe, 'extension' with it. */
async function session(mode) {
  const outFile = join(tmpdir(), `gru-scribe-bench-memory-${process.pid}-${mode}.json`);
  const empty = mode === 'empty' ? emptyExtension() : undefined;
  const workspace = makeWorkspace(join(ROOT, 'test', 'fixtures', 'workspace'));
  const bench = await openWorkbench({
    workspace,
    testsPath: payload,
    developmentPath: empty,
    env: { GRU_SCRIBE_BENCH_OUT: outFile, GRU_SCRIBE_BENCH_MODE: mode },
    onLog: (text) => { if (/^memory bench|Error/.test(text)) console.error(text); },
  });
  let code;
  try {
    code = await withDeadline(bench.exitCode, 10 * 60_000, 'benchmark timed out');
  } finally {
    await bench.close();
    for (const dir of [workspace, empty]) if (dir) rmSync(dir, { recursive: true, force: true });
  }
  if (code !== 0 || !existsSync(outFile)) throw new Error(`the ${mode} session failed (exit code ${code})`);
  const result = JSON.parse(readFileSync(outFile, 'utf8'));
  rmSync(outFile, { force: true });
  return result;
}

const load = [loadavg()[0]];
const results = { empty: [], extension: [] };
for (let i = 0; i < runs; i++) {
  results.empty.push(await session('empty'));
  results.extension.push(await session('extension'));
  load.push(loadavg()[0]);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const MB = (bytes) => (bytes / 1e6).toFixed(1);
const host = (mode, index, key) => median(results[mode].map((r) => r.samples[index].host[key]));
const workers = (index, key, script) => median(results.extension.map((r) => r.samples[index].workers
  .filter((w) => !script || w.script === script).reduce((s, w) => s + w[key], 0)));
const AFTER = 2;

console.log(`${runs} runs of each session; Node ${results.extension[0].node} (code-server's extension host); load average ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)}`);
console.log('');
console.log('| extension host, one document open (MB, median) | RSS | RSS anonymous | RSS file-backed | host heap used | worker heaps used |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
const line = (label, mode, index) => console.log(`| ${label} | ${MB(host(mode, index, 'rss'))} | ${MB(host(mode, index, 'rssAnon'))} | ${MB(host(mode, index, 'rssFile'))} | ${MB(host(mode, index, 'heapUsed'))} | ${mode === 'empty' ? '–' : MB(workers(index, 'heapUsed'))} |`);
line('without GRU Scribe (empty extension host)', 'empty', 0);
line('GRU Scribe, nothing asked yet (the LM worker starts when the editor comes to the front)', 'extension', 0);
line('GRU Scribe after a completion', 'extension', 1);
line('GRU Scribe after a completion and an analysis', 'extension', AFTER);
const cost = (key) => host('extension', AFTER, key) - host('empty', 0, key);
console.log(`| **cost of GRU Scribe (after both − empty)** | **${MB(cost('rss'))}** | ${MB(cost('rssAnon'))} | ${MB(cost('rssFile'))} | ${MB(cost('heapUsed'))} | ${MB(workers(AFTER, 'heapUsed'))} |`);
console.log('');
console.log('| worker thread after both (MB, median) | heap used | heap total | external (array buffers, wasm memory) |');
console.log('| --- | ---: | ---: | ---: |');
for (const script of [...new Set(results.extension.flatMap((r) => r.samples[AFTER].workers.map((w) => w.script)))].sort()) {
  console.log(`| ${script} | ${MB(workers(AFTER, 'heapUsed', script))} | ${MB(workers(AFTER, 'heapTotal', script))} | ${MB(workers(AFTER, 'externalMemory', script))} |`);
}
process.exit(0);
