// `npm test`: type-check, build, then the three layers of tests — unit (node:test), integration (mocha in the
// VS Code extension host) and UI (Playwright + Chromium against code-server). `npm test -- unit` runs one layer.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const allLayers = ['typecheck', 'unit', 'integration', 'ui'];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const layers = wanted.length ? wanted : allLayers;
for (const l of layers) {
  if (!allLayers.includes(l)) { console.error(`Unknown test layer "${l}". Layers: ${allLayers.join(', ')}`); process.exit(2); }
}

function files(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true }).map((f) => join(dir, String(f)))
    .filter((f) => f.endsWith(suffix) && statSync(f).isFile()).sort();
}

/** Runs a command, echoing its output, and returns { status, output }. */
function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 28 });
  process.stdout.write(r.stdout ?? '');
  process.stderr.write(r.stderr ?? '');
  return { status: r.status ?? 1, output: `${r.stdout}\n${r.stderr}` };
}

/** Reads node:test's closing "# pass N / # fail N" lines. */
function nodeTestCounts(output) {
  const pass = /^# pass (\d+)$/m.exec(output);
  const fail = /^# fail (\d+)$/m.exec(output);
  return { passed: pass ? Number(pass[1]) : 0, failed: fail ? Number(fail[1]) : 0 };
}

function nodeTestLayer(dir, suffix, env) {
  const list = files(join(root, dir), suffix);
  if (list.length === 0) return { passed: 0, failed: 1, note: `no test files in ${dir}` };
  const r = run(process.execPath, ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', '--test-reporter-destination=stderr', '--test-concurrency=1', ...list], env);
  const counts = nodeTestCounts(r.output);
  if (r.status !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

const results = [];
const started = Date.now();
if (layers.some((l) => l !== 'typecheck')) {
  console.log('\n== build');
  if (run('node', ['scripts/build.mjs']).status !== 0) { console.error('Build failed.'); process.exit(1); }
}
for (const layer of layers) {
  const t0 = Date.now();
  console.log(`\n== ${layer}`);
  let counts;
  try {
    if (layer === 'typecheck') {
      const r = run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', '.']);
      counts = r.status === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
    } else if (layer === 'unit') {
      counts = nodeTestLayer('out/test/unit', '.test.js');
    } else if (layer === 'integration') {
      const { runIntegration } = await import('../test/harness/runIntegration.mjs');
      counts = await runIntegration({ grep: process.env.GRU_SCRIBE_TEST_GREP });
    } else {
      counts = nodeTestLayer('out/test/ui', '.test.mjs');
    }
  } catch (e) {
    console.error(`\n${layer} tests could not run: ${e.message}`);
    counts = { passed: 0, failed: 1 };
  }
  const seconds = ((Date.now() - t0) / 1000).toFixed(0);
  console.log(`${layer}: ${counts.passed} passed, ${counts.failed} failed (${seconds} s)`);
  results.push({ layer, ...counts, seconds });
}

console.log('\n== summary');
for (const r of results) console.log(`  ${r.layer.padEnd(12)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed  ${r.seconds} s`);
const passed = results.reduce((s, r) => s + r.passed, 0);
const failed = results.reduce((s, r) => s + r.failed, 0);
console.log(`total time ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
