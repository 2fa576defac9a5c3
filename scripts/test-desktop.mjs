// `npm run test:desktop`: the same integration suite in desktop VS Code through @vscode/test-electron.
// It needs a desktop VS Code build: set VSCODE_EXECUTABLE to an installed `code`, or let test-electron
// download one (only where the network allows it).
import { runTests } from '@vscode/test-electron';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' }).status !== 0) process.exit(1);
const workspace = mkdtempSync(join(tmpdir(), 'gru-scribe-ws-'));
cpSync(join(root, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
try {
  await runTests({
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out', 'test', 'integration', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (e) {
  console.error(`Desktop VS Code tests did not pass: ${e.message ?? e}\n` +
    'Without network access, set VSCODE_EXECUTABLE to a desktop VS Code, or use `npm run test:integration` (code-server).');
  process.exitCode = 1;
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
