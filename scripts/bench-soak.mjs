// Soak test of GRU Scribe in the real extension host (code-server): random edits — typing, deletions, pastes of up
// to 100 KB, undo — across five documents of prose, code and Chinese, with completions asked after each typed
// character and sentiment annotations on. Not part of `npm test`.
//   npm run build && node scripts/bench-soak.mjs [--edits 10000] [--seed 1] [--baseline]
// --baseline makes the same edits with completions turned off and no annotations: the editor's own cost.
// Reports errors, completion requests sent against answered or cancelled, and the slope of the extension host's
// heap, its RSS and each worker's heap per 1,000 edits (least squares over the samples after the first 10 %).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { withDeadline } from '../test/harness/deadline.mjs';
import { makeWorkspace, openWorkbench, ROOT } from '../test/harness/workbench.mjs';

const { values } = parseArgs({ options: { edits: { type: 'string', default: '10000' }, seed: { type: 'string', default: '1' }, baseline: { type: 'boolean', default: false } } });
for (const name of ['edits', 'seed']) if (!/^\d+$/.test(values[name])) throw new Error(`--${name} must be a whole number`);
const payload = join(ROOT, 'out', 'test', 'integration', 'bench', 'soak.js');
if (!existsSync(payload)) throw new Error(`${payload} is missing: run \`npm run build\` first.`);
const outFile = join(tmpdir(), `gru-scribe-bench-soak-${process.pid}.json`);
const load = [loadavg()[0]];
const workspace = makeWorkspace(join(ROOT, 'test', 'fixtures', 'workspace'));
const bench = await openWorkbench({
  workspace,
  testsPath: payload,
  env: { GRU_SCRIBE_BENCH_OUT: outFile, GRU_SCRIBE_BENCH_EDITS: values.edits, GRU_SCRIBE_BENCH_SEED: values.seed, GRU_SCRIBE_BENCH_BASELINE: values.baseline ? '1' : '0' },
  onLog: (text) => { if (/^soak|Error/.test(text)) console.error(text); },
});
const loadTimer = setInterval(() => load.push(loadavg()[0]), 10_000);
const started = Date.now();
let code;
try {
  // Generous: the machine may be shared; a stuck host still ends the run.
  const limitMs = (30 + Number(values.edits) / 50) * 60_000;
  code = await withDeadline(bench.exitCode, limitMs, 'the soak run timed out');
} finally {
  clearInterval(loadTimer);
  await bench.close();
  rmSync(workspace, { recursive: true, force: true });
}
if (code !== 0 || !existsSync(outFile)) throw new Error(`the soak run failed (exit code ${code})`);
const r = JSON.parse(readFileSync(outFile, 'utf8'));
rmSync(outFile, { force: true });

/** Least-squares slope of y over x. */
function slope(points) {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx ? points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / sxx : NaN;
}
const steady = r.samples.filter((s) => s.edits >= 0.1 * r.edits);
const MB = (b) => (b / 1e6).toFixed(1);
const series = [
  ['extension host heap used', (s) => s.host.heapUsed],
  ['extension host RSS (host thread and workers)', (s) => s.host.rss],
  ...[...new Set(r.samples.flatMap((s) => s.workers.map((w) => w.script)))].sort().map((script) =>
    [`${script} heap used`, (s) => s.workers.find((w) => w.script === script)?.heapUsed ?? NaN]),
];
const minutes = ((Date.now() - started) / 60_000).toFixed(0);
if (r.baseline) console.log('Baseline: completions turned off, no annotations (the same edits).');
console.log(`${r.edits.toLocaleString('en')} edits (${Object.entries(r.counts).map(([k, v]) => `${v.toLocaleString('en')} ${k}`).join(', ')}), seed ${values.seed}, ${minutes} min; Node ${r.node}; load average ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)}`);
console.log(`Errors: ${r.errors.length}${r.errors.length ? ` (${[...new Set(r.errors)].slice(0, 5).join('; ')})` : ''}; completions state at the end: ${r.state}`);
console.log(`Completion requests: ${r.requests.sent.toLocaleString('en')} sent, ${r.requests.answered.toLocaleString('en')} answered (${r.requests.answeredWithText.toLocaleString('en')} with a suggestion), ${r.requests.cancelled.toLocaleString('en')} cancelled, ${r.requests.failed} failed, ${r.unanswered} unanswered`);
console.log(`Sentiment: ${r.analyses.sent} analyses asked (${r.analyses.finished} finished, ${r.analyses.cancelled} cancelled) plus re-analyses after edits; at the end ${r.annotations.map((a) => `${a.name} ${a.labelled} labels${a.running ? ' (still running)' : ''}`).join(', ')}`);
console.log(`Outcomes of the last ${Object.values(r.recentOutcomes).reduce((a, b) => a + b, 0).toLocaleString('en')} requests the provider recorded: ${JSON.stringify(r.recentOutcomes)}`);
console.log(`LM worker at the end: ${r.samples.at(-1).lmDocuments} document states, ${r.samples.at(-1).lmSnapshots} snapshots, ${r.samples.at(-1).tensors} tensors`);
console.log('');
console.log(`| memory (${steady.length} samples from edit ${steady[0].edits.toLocaleString('en')} on) | first | last | min | max | slope per 1,000 edits |`);
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const [label, get] of series) {
  const ys = steady.map(get);
  console.log(`| ${label} (MB) | ${MB(ys[0])} | ${MB(ys.at(-1))} | ${MB(Math.min(...ys))} | ${MB(Math.max(...ys))} | ${(slope(steady.map((s) => [s.edits / 1000, get(s)])) / 1e6).toFixed(2)} |`);
}
process.exit(r.errors.length || r.unanswered ? 1 : 0);
