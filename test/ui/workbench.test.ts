// What a person sees when GRU Scribe is loaded in the real workbench.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openWorkbench, type Workbench } from '../harness/workbench.mjs';

let bench: Workbench;
before(async () => { bench = await openWorkbench(); });
after(async () => { await bench?.close(); });

test('a sample file opens in an editor and shows its text', async () => {
  const editor = await bench.openFile('welcome.md');
  assert.match(await bench.editorText(editor), /Welcome to GRU Scribe/);
});

test('a Chinese sample renders its characters', async () => {
  const editor = await bench.openFile('welcome-zh.md');
  assert.match(await bench.editorText(editor), /欢迎使用 GRU Scribe/);
});

test('"GRU Scribe: Toggle Inline Completions" is in the command palette and runs', async () => {
  await bench.runCommand('GRU Scribe: Toggle Inline Completions');
  // Running it writes the user setting; the settings file is what VS Code persisted.
  try {
    assert.equal(await bench.waitForUserSetting('gruScribe.completions.enabled', false), false);
  } finally {
    await bench.runCommand('GRU Scribe: Toggle Inline Completions');
  }
});
