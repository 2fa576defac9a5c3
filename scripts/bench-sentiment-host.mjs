// "Analyze Sentiment" on a 1 MB Markdown document, measured inside code-server's extension host:
// the longest stall of the host's event loop, time to the first labels in the visible range, time to the
// last label.   npm run build && node scripts/bench-sentiment-host.mjs [--runs N] [--profile PREFIX]
// (--profile writes PREFIX-1.cpuprofile, ...: the extension host's thread during each run, and
// PREFIX-workbench.cpuprofile: the workbench's thread over all runs; open them in DevTools)
// Prints a Markdown table (medians over the runs) for docs/BENCHMARKS.md.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { withDeadline } from '../test/harness/deadline.mjs';
import { makeWorkspace, openWorkbench, ROOT } from '../test/harness/workbench.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, profile: { type: 'string' } } });
const payload = join(ROOT, 'out', 'test', 'integration', 'bench', 'sentiment.js');
if (!existsSync(payload)) throw new Error(`${payload} is missing: run \`npm run build\` first.`);
const outFile = join(tmpdir(), `gru-scribe-bench-sentiment-${process.pid}.json`);
const load = [loadavg()[0]];
const bench = await openWorkbench({
  workspace: makeWorkspace(join(ROOT, 'test', 'fixtures', 'workspace')),
  testsPath: payload,
  env: {
    GRU_SCRIBE_BENCH_OUT: outFile,
    GRU_SCRIBE_BENCH_RUNS: values.runs,
    ...(values.profile ? { GRU_SCRIBE_BENCH_PROFILE: resolve(values.profile) } : {}),
  },
  onLog: (text) => { if (/^sentiment bench|Error/.test(text)) console.error(text); },
});
// The workbench's own thread (the renderer) is watched too: its long tasks are what a person sees as a freeze.
await bench.page.evaluate(() => {
  globalThis.__longTasks = [];
  // Wall-clock start and duration, to be matched with the phases the extension host reports.
  new PerformanceObserver((list) => { for (const e of list.getEntries()) globalThis.__longTasks.push([performance.timeOrigin + e.startTime, e.duration]); })
    .observe({ type: 'longtask', buffered: false });
});
// With --profile, the workbench's thread is profiled too (over all runs), through the DevTools protocol.
const renderer = values.profile ? await bench.page.context().newCDPSession(bench.page) : undefined;
if (renderer) {
  await renderer.send('Profiler.enable');
  await renderer.send('Profiler.setSamplingInterval', { interval: 500 });
  await renderer.send('Profiler.start');
}
const loadTimer = setInterval(() => load.push(loadavg()[0]), 5_000);
let code;
let longTasks = [];
try {
  code = await withDeadline(bench.exitCode, 30 * 60_000, 'benchmark timed out');
  longTasks = await bench.page.evaluate(() => globalThis.__longTasks).catch(() => []);
  if (renderer) writeFileSync(`${resolve(values.profile)}-workbench.cpuprofile`, JSON.stringify((await renderer.send('Profiler.stop')).profile));
} finally {
  clearInterval(loadTimer);
  await bench.close();
}
if (code !== 0 || !existsSync(outFile)) throw new Error(`the benchmark failed (exit code ${code})`);
const { runs, bytes } = JSON.parse(readFileSync(outFile, 'utf8'));
rmSync(outFile, { force: true });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (v) => `${Math.round(v).toLocaleString('en')}`;
const col = (key) => runs.map((r) => r[key]);
console.log(`${(bytes / 1e6).toFixed(2)} MB Markdown, ${runs.length} runs; ${runs.map((r) => `${r.sentences.toLocaleString('en')} + ${r.skipped.toLocaleString('en')}`).join(', ')} sentences labelled + skipped; load average ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)}`);
console.log('');
console.log('| measure (ms) | median | min | max |');
console.log('| --- | ---: | ---: | ---: |');
for (const [label, key] of [
  ['baseline: longest extension-host stall while VS Code opens the document (no analysis)', 'openStallMs'],
  ['longest extension-host stall (event-loop delay)', 'maxStallMs'],
  ['99th percentile extension-host stall', 'p99StallMs'],
  ['first labels in the visible range', 'firstVisibleMs'],
  ['whole document labelled', 'totalMs'],
]) console.log(`| ${label} | ${ms(median(col(key)))} | ${ms(Math.min(...col(key)))} | ${ms(Math.max(...col(key)))} |`);
// From the CPU profiles: busy stretches of a thread (samples between idle ones), and which code they ran.
function stretches(file, isOurs) {
  const p = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const ours = new Map();
  const inOurs = (id) => {
    if (!ours.has(id)) ours.set(id, isOurs(byId.get(id).callFrame) || (parent.has(id) && inOurs(parent.get(id))));
    return ours.get(id);
  };
  const out = [];
  let current;
  for (let i = 0; i < p.samples.length; i++) {
    const d = p.timeDeltas[i + 1] ?? 0;
    const name = byId.get(p.samples[i]).callFrame.functionName;
    if (name === '(idle)') { current = undefined; continue; }
    if (!current) out.push(current = { ms: 0, ours: 0, gc: 0 });
    current.ms += d / 1000;
    if (name === '(garbage collector)') current.gc += d / 1000;
    else if (inOurs(p.samples[i])) current.ours += d / 1000;
  }
  return out;
}
// The workbench's longest task in each phase of each run (0 when it had none over 50 ms).
const longest = (from, to) => Math.max(0, ...longTasks.filter(([at]) => at >= from && at < to).map(([, d]) => d));
for (const r of runs) {
  r.openLongTaskMs = longest(r.openedAt, r.analysisStartedAt);
  r.analysisLongTaskMs = longest(r.analysisStartedAt, r.analysisEndedAt);
}
for (const [label, key] of [
  ['baseline: longest workbench (renderer) task while VS Code opens the document', 'openLongTaskMs'],
  ['longest workbench (renderer) task during the analysis', 'analysisLongTaskMs'],
]) console.log(`| ${label} | ${ms(median(col(key)))} | ${ms(Math.min(...col(key)))} | ${ms(Math.max(...col(key)))} |`);
if (values.profile) {
  const prefix = resolve(values.profile);
  // Profiles name scripts by file URL or by path, depending on how they were loaded.
  const dist = [join(ROOT, 'dist') + sep, pathToFileURL(join(ROOT, 'dist')).href + '/'];
  // A task is the extension's when most of its time outside garbage collection is in the extension's code.
  for (const [i, r] of runs.entries()) {
    const tasks = stretches(`${prefix}-${i + 1}.cpuprofile`, (f) => dist.some((d) => f.url.includes(d)));
    r.ownLongestTaskMs = Math.max(0, ...tasks.filter((x) => x.ours > 0.5 * (x.ms - x.gc)).map((x) => x.ms));
    r.ownCpuMs = tasks.reduce((a, x) => a + x.ours, 0);
  }
  for (const [label, key] of [
    ['longest extension-host task that ran GRU Scribe\'s code (CPU profile)', 'ownLongestTaskMs'],
    ['extension-host CPU time in GRU Scribe\'s code per analysis (CPU profile)', 'ownCpuMs'],
  ]) console.log(`| ${label} | ${ms(median(col(key)))} | ${ms(Math.min(...col(key)))} | ${ms(Math.max(...col(key)))} |`);
  const drawing = stretches(`${prefix}-workbench.cpuprofile`, (f) => /^\$trySetDecorations|OverviewRulerDecorations/.test(f.functionName));
  const drawn = drawing.map((x) => x.ours).filter((x) => x > 0);
  console.log('');
  console.log(`Workbench thread, all runs: ${ms(drawn.reduce((a, b) => a + b, 0))} ms in setting decorations and their overview-ruler marks, at most ${ms(Math.max(0, ...drawn))} ms in one task (${drawn.length} tasks).`);
}
// The browser connection can keep the event loop alive after everything is closed.
process.exit(0);
