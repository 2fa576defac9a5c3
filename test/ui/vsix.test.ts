// The packaged extension: `npm run package` makes a .vsix that installs into VS Code and activates.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { installExtension } from '../harness/codeServer.mjs';
import { BACKEND_SHOWN, NO_SUGGEST_WIDGET, openWorkbench, ROOT, type Workbench } from '../harness/workbench.mjs';

const work = mkdtempSync(join(tmpdir(), 'gru-scribe-vsix-'));
const vsix = join(work, 'gru-scribe.vsix');
const extensionsDir = join(work, 'extensions');
let bench: Workbench;

before(async () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'package.mjs'), '--out', vsix], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, `npm run package failed:\n${r.stdout}\n${r.stderr}`);
  const output = await installExtension(vsix, extensionsDir);
  assert.match(output, /was successfully installed/);
  bench = await openWorkbench({
    extension: 'installed',
    extensionsDir,
    // Nothing else competes for Tab or the keyboard while the ghost text is checked.
    settings: NO_SUGGEST_WIDGET,
  });
});

after(async () => {
  await bench?.close();
  rmSync(work, { recursive: true, force: true });
});

test('the .vsix stays within 12 MB and holds only what runs', () => {
  assert.ok(statSync(vsix).size <= 12 * 1024 * 1024, `${statSync(vsix).size} bytes`);
  const installed = readdirSync(extensionsDir).find((d) => d.startsWith('gru-scribe.gru-scribe-'));
  assert.ok(installed, `not installed into ${extensionsDir}: ${readdirSync(extensionsDir).join(', ')}`);
  const top = readdirSync(join(extensionsDir, installed)).sort();
  for (const name of top) {
    assert.ok(/^(dist|models|media|package\.json|package\.nls.*\.json|README\.md|LICENSE\.txt|CHANGELOG\.md|changelog\.md|readme\.md|\.vsixmanifest)$/i.test(name), `unexpected ${name} in the package`);
  }
  assert.ok(top.includes('dist'));
  // Training checkpoints live in the repository, not in the package.
  assert.deepEqual(readdirSync(join(extensionsDir, installed, 'models')).filter((d) => d === 'checkpoints'), []);
  const manifest = JSON.parse(readFileSync(join(extensionsDir, installed, 'package.json'), 'utf8'));
  assert.equal(manifest.name, 'gru-scribe');
});

test('the installed extension activates and its commands run', async () => {
  await bench.runCommand('GRU Scribe: Toggle Inline Completions');
  try {
    assert.equal(await bench.waitForUserSetting('gruScribe.completions.enabled', false), false);
  } finally {
    // Completions are back on for the next test whatever happened above.
    await bench.runCommand('GRU Scribe: Toggle Inline Completions');
    assert.equal(await bench.waitForUserSetting('gruScribe.completions.enabled', true), true);
  }
});

test('from the package: ghost text while typing', async () => {
  const { page } = bench;
  const editor = await bench.openFile('notes-en.md');
  await editor.locator('.view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('We agreed that the first thing a user sees should be fa', { delay: 40 });
  const ghost = await bench.waitForGhostText(editor);
  assert.ok((await ghost.innerText()).trim().length > 0, 'the ghost text has content');
  await bench.captureForDocs('ghost-text', editor);
  assert.match(await bench.statusBarText(), /GRU/);
  await page.keyboard.press('Escape');
});

test('from the package: "Analyze sentiment" decorates sentences', async () => {
  const editor = await bench.openFile('reviews.md');
  await bench.runCommand('GRU Scribe: Analyze Sentiment');
  let decorated = 0;
  for (let i = 0; i < 60 && decorated === 0; i++) {
    await bench.page.waitForTimeout(500);
    decorated = await editor.locator('.view-lines').evaluate((root) => Array.from(root.querySelectorAll('span span'))
      .filter((s) => getComputedStyle(s).textDecorationLine.includes('underline')).length);
  }
  assert.ok(decorated > 0, 'some sentences are underlined');
  await bench.captureForDocs('sentiment', editor);
  await bench.runCommand('GRU Scribe: Clear Sentiment Annotations');
});

test('from the package: the training panel opens and lists the workspace files', async () => {
  await bench.runCommand('GRU Scribe: Open Training Panel');
  const panel = bench.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await panel.locator('#file-count').waitFor({ timeout: 60_000 });
  assert.match(await panel.locator('#file-count').innerText(), /^[1-9]\d* files/);
  await panel.locator('#backend', { hasText: BACKEND_SHOWN }).waitFor({ timeout: 30_000 });
  await bench.captureForDocs('training-panel');
  assert.deepEqual(bench.externalRequests, []);
});
