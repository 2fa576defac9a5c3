// Nothing leaves the machine: using every feature, the browser (workbench and the training panel's webview)
// sends no request to anything but the local editor.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BACKEND_SHOWN, openWorkbench, type Workbench } from '../harness/workbench.mjs';

let bench: Workbench;
before(async () => { bench = await openWorkbench(); });
after(async () => { await bench?.close(); });

test('typing, sentiment and the training panel make no request outside the editor', async () => {
  const editor = await bench.openFile('reviews.md');
  await editor.locator('.view-lines').click();
  await bench.page.keyboard.press('Control+End');
  await bench.page.keyboard.type('\nThe screening starts at ei', { delay: 30 });
  // Each feature is waited for until it has done its work: ghost text shown, the summary in the status
  // bar, the panel's file list read.
  await bench.waitForGhostText(editor);
  await bench.page.keyboard.press('Escape');
  await bench.runCommand('GRU Scribe: Analyze Sentiment');
  await bench.page.locator('.statusbar-item', { hasText: /overall/ }).first().waitFor({ timeout: 60_000 });
  await bench.runCommand('GRU Scribe: Open Training Panel');
  const panel = bench.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await panel.locator('#file-count').waitFor({ timeout: 60_000 });
  await panel.locator('#backend', { hasText: BACKEND_SHOWN }).waitFor({ timeout: 30_000 });
  assert.deepEqual(bench.externalRequests, []);
});
