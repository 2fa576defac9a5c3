// Runs the mocha suite in out/test/integration inside code-server's extension host.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { withDeadline } from './deadline.mjs';
import { makeWorkspace, openWorkbench, ROOT } from './workbench.mjs';

/** @returns {Promise<{ passed: number, failed: number }>} */
export async function runIntegration({ grep } = {}) {
  const testsPath = join(ROOT, 'out', 'test', 'integration', 'index.js');
  if (!existsSync(testsPath)) throw new Error(`${testsPath} is missing: run \`npm run build\` first.`);
  const workspace = makeWorkspace(join(ROOT, 'test', 'fixtures', 'workspace'));
  try {
    return await runIn(workspace, testsPath, grep);
  } finally {
    // Passed in, so the workbench does not own it: this run does.
    rmSync(workspace, { recursive: true, force: true });
  }
}

async function runIn(workspace, testsPath, grep) {
  let summary;
  const bench = await openWorkbench({
    workspace,
    testsPath,
    env: grep ? { GRU_SCRIBE_TEST_GREP: grep } : {},
    timeout: 60_000,
    onLog: (text) => {
      process.stdout.write(`${text}\n`);
      const m = /^integration: (\d+) passed, (\d+) failed/.exec(text);
      if (m) summary = { passed: Number(m[1]), failed: Number(m[2]) };
    },
  });
  try {
    const timeoutMs = Number(process.env.GRU_SCRIBE_INTEGRATION_TIMEOUT_MS ?? 15 * 60_000);
    const code = await withDeadline(bench.exitCode, timeoutMs, `the integration suite did not finish within ${timeoutMs / 1000} s`);
    if (!summary) {
      const tail = bench.logs.slice(-30).join('\n');
      throw new Error(`the integration suite exited with code ${code} before reporting results.\ncode-server output:\n${tail}`);
    }
    return summary;
  } finally {
    await bench.close();
  }
}
