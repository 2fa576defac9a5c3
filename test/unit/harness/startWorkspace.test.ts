import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
// Plain JavaScript (ESM) modules of `npm start` and the harness, bundled into this test by esbuild.
import { writeSettings } from '../../harness/codeServer.mjs';
import { prepareTryWorkspace } from '../../../scripts/try-workspace.mjs';

function scratch() {
  return mkdtempSync(join(tmpdir(), 'gru-start-'));
}

test('npm start opens a copy of the samples: edits there never reach the repository, added files survive a restart', () => {
  const dir = scratch();
  try {
    const samples = join(dir, 'samples');
    mkdirSync(samples);
    writeFileSync(join(samples, 'welcome.md'), '# Welcome\n');
    writeFileSync(join(samples, 'notes.md'), 'original\n');
    const target = join(dir, 'cache', 'try');
    assert.equal(prepareTryWorkspace(samples, target), target);
    assert.equal(readFileSync(join(target, 'README.md'), 'utf8'), '# Welcome\n', 'the welcome page opens on first load as the folder README');
    writeFileSync(join(target, 'notes.md'), 'autosaved edit\n');
    writeFileSync(join(target, 'mine.txt'), 'written while trying\n');
    prepareTryWorkspace(samples, target);
    assert.equal(readFileSync(join(samples, 'notes.md'), 'utf8'), 'original\n');
    assert.equal(readFileSync(join(target, 'notes.md'), 'utf8'), 'original\n', 'samples are refreshed at each start');
    assert.equal(readFileSync(join(target, 'mine.txt'), 'utf8'), 'written while trying\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the start profile keeps the settings the user changed; a test profile gets the defaults', () => {
  const dir = scratch();
  try {
    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ 'gruScribe.completions.enabled': false, 'workbench.startupEditor': 'none' }));
    writeSettings(file, { 'workbench.startupEditor': 'readme', 'git.enabled': false }, true);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { 'workbench.startupEditor': 'none', 'git.enabled': false, 'gruScribe.completions.enabled': false });
    const commented = '{\n  // mine\n  "editor.fontSize": 15\n}\n';
    writeFileSync(file, commented);
    writeSettings(file, { 'git.enabled': false }, true);
    assert.equal(readFileSync(file, 'utf8'), commented);
    writeSettings(file, { 'git.enabled': false }, false);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { 'git.enabled': false });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
