// The README's tables of commands and settings match what the manifest contributes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..', '..', '..');

test('README lists every contributed command and setting', () => {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'readme-tables.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
