// Inline-completion latency and extension-host cost per keystroke, measured inside code-server's
// extension host with the bundled model.   npm run build && node scripts/bench-completions.mjs
// Prints a Markdown table (medians and 95th percentiles) for docs/BENCHMARKS.md.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withDeadline } from '../test/harness/deadline.mjs';
import { makeWorkspace, openWorkbench, ROOT } from '../test/harness/workbench.mjs';

const payload = join(ROOT, 'out', 'test', 'integration', 'bench', 'completions.js');
if (!existsSync(payload)) throw new Error(`${payload} is missing: run \`npm run build\` first.`);
const outFile = join(tmpdir(), `gru-scribe-bench-${process.pid}.json`);
const bench = await openWorkbench({
  workspace: makeWorkspace(join(ROOT, 'test', 'fixtures', 'workspace')),
  testsPath: payload,
  env: { GRU_SCRIBE_BENCH_OUT: outFile },
  onLog: () => {},
});
let code;
try {
  code = await withDeadline(bench.exitCode, 20 * 60_000, 'benchmark timed out');
} finally {
  await bench.close();
}
if (code !== 0 || !existsSync(outFile)) throw new Error(`the benchmark failed (exit code ${code})`);
const { samples, model, hugeFileMainThreadMs, minifiedHeapGrowth } = JSON.parse(readFileSync(outFile, 'utf8'));
rmSync(outFile, { force: true });

const quantile = (values, q) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
};
const fmt = (v) => (v < 1 ? v.toFixed(3) : v.toFixed(2));
const row = (label, values) => `| ${label} | ${values.length} | ${fmt(quantile(values, 0.5))} | ${fmt(quantile(values, 0.95))} |`;
const of = (outcome) => samples.filter((s) => s.outcome === outcome);
const hits = of('cacheHit');
const misses = of('model');
const perKeystroke = samples.map((s) => s.mainThreadMs + s.editHandlerMs);
console.log(`Model: ${model?.kind} (${model?.description}); ${samples.length} keystrokes; outcomes: ${JSON.stringify(Object.fromEntries(['cacheHit', 'model', 'cancelled', 'skipped', 'failed'].map((o) => [o, of(o).length])))}`);
console.log('');
console.log('| measure (ms) | n | p50 | p95 |');
console.log('| --- | ---: | ---: | ---: |');
console.log(row('provider latency, cache hit', hits.map((s) => s.latencyMs)));
console.log(row('provider latency, cache miss (worker computes)', misses.map((s) => s.latencyMs)));
console.log(row('worker time per miss (read new text + decode)', misses.map((s) => s.workerMs)));
console.log(row('extension-host thread per keystroke, ours (edit handler + provider)', perKeystroke));
console.log(row('  of which the edit handler', samples.map((s) => s.editHandlerMs)));
console.log(row('baseline: one `editor.edit` round trip (VS Code itself)', samples.map((s) => s.editRoundtripMs)));
const ratio = quantile(perKeystroke, 0.5) / quantile(samples.map((s) => s.editRoundtripMs), 0.5);
console.log('');
console.log(`Ours / baseline (medians): ${ratio.toFixed(3)}`);
console.log('');
console.log('| large documents | n | p50 | p95 |');
console.log('| --- | ---: | ---: | ---: |');
console.log(row('extension-host thread per request in a 4.4 MB document (ms)', hugeFileMainThreadMs));
console.log(`| extension-host heap growth over 21 requests on a 1 MB minified line (MB) | 21 | ${(minifiedHeapGrowth / 2 ** 20).toFixed(2)} | |`);
