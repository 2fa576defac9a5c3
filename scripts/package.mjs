// `npm run package`: production build, then a .vsix with @vscode/vsce. `--out FILE` chooses where it goes.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outIndex = process.argv.indexOf('--out');
const out = resolve(outIndex > 0 ? process.argv[outIndex + 1] : join(root, 'gru-scribe.vsix'));
const MAX_BYTES = 12 * 1024 * 1024;

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run(process.execPath, ['scripts/build.mjs', '--production']);
run(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies',
  '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links', '--out', out]);
const size = statSync(out).size;
console.log(`${out}: ${(size / 1024 / 1024).toFixed(2)} MB`);
if (size > MAX_BYTES) {
  console.error(`The package is larger than the 12 MB budget.`);
  process.exit(1);
}
