// The training panel as a person uses it: open it on the sample workspace, fine-tune with a tiny
// configuration, watch the curve grow and the loss fall, stop, and get completions from the fine-tuned model.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { NO_SUGGEST_WIDGET, openWorkbench, type Workbench } from '../harness/workbench.mjs';

let bench: Workbench;
const page = (): Page => (bench as unknown as { page: Page }).page;
let panel: FrameLocator;

before(async () => {
  bench = await openWorkbench({ settings: NO_SUGGEST_WIDGET });
});
after(async () => { await bench?.close(); });

/** Sets a vscode-textfield's value the way typing would. */
async function setField(id: string, value: string) {
  await panel.locator(`#${id}`).evaluate((el, v) => {
    (el as HTMLInputElement).value = v;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

interface Snapshot { state: string; points: number; loss: number; checkpoint?: string }

async function snapshot(): Promise<Snapshot> {
  return panel.locator('body').evaluate((b) => ({
    state: b.dataset.runState ?? '',
    points: Number(document.getElementById('chart')?.dataset.trainPoints ?? 0),
    loss: Number(document.getElementById('stat-train-bpb')?.textContent),
    checkpoint: b.dataset.lastCheckpoint,
  }));
}

test('the panel opens with its data summary, the files it leaves out as secrets, and the backend it uses', async () => {
  writeFileSync(join(bench.workspace, 'secrets.yml'), 'greeting: hello\n');
  await bench.runCommand('GRU Scribe: Open Training Panel');
  panel = page().frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await panel.locator('#file-count').waitFor({ timeout: 60_000 });
  assert.match(await panel.locator('#file-count').innerText(), /^[1-9]\d* files, [\d.]+ (B|KB|MB)$/);
  assert.match(await panel.locator('#file-summary').innerText(), /skipped: .*\b1 looks like a secret\b/);
  assert.equal(await panel.locator('#secret-files').innerText(), 'Left out, looks like a secret: secrets.yml');
  await panel.locator('body[data-backend]').waitFor({ timeout: 30_000 });
  assert.match(await panel.locator('#backend').innerText(), /^(webgl|wasm|cpu)/);
  assert.match(await panel.locator('#model-name').innerText(), /GRU/);
});

test('a tiny fine-tuning run draws a growing curve whose loss falls, then stops on request', async () => {
  await setField('time-budget', '240');
  await setField('batch-size', '4');
  await setField('seq-length', '32');
  await setField('learning-rate', '0.003');
  await setField('checkpoint-every', '5');
  await setField('validation-share', '0.1');
  await panel.locator('#start').click();
  await panel.locator('body[data-run-state="running"]').waitFor({ timeout: 60_000 });

  const seen: Snapshot[] = [];
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    await page().waitForTimeout(2_000);
    const s = await snapshot();
    if (s.points > 0 && Number.isFinite(s.loss)) seen.push(s);
    // Enough once the curve has grown over several looks, a checkpoint is saved and the loss has fallen.
    if (seen.length >= 4 && s.checkpoint && seen[seen.length - 1].loss < seen[0].loss - 0.05) break;
  }
  assert.ok(seen.length >= 4, `too few observations: ${JSON.stringify(seen)}`);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i].points >= seen[i - 1].points, 'the training series never shrinks');
  assert.ok(seen[seen.length - 1].points > seen[0].points, 'the training series grows');
  assert.ok(seen[seen.length - 1].loss < seen[0].loss - 0.05, `the loss falls: ${seen.map((s) => s.loss).join(' → ')}`);
  assert.ok(await panel.locator('#chart canvas').count() > 0, 'the chart is drawn');
  await bench.captureForDocs('training-chart');

  // Hiding the panel (another editor in front of it) keeps the run going.
  const hiddenAt = await snapshot();
  // Opened from the Explorer with the mouse: keys typed while the webview has focus go to the webview.
  await bench.openFromExplorer('welcome.md');
  assert.equal(await page().locator('iframe.webview.ready').isVisible(), false, 'the panel is hidden');
  await page().waitForTimeout(8_000);
  await page().locator('.tabs-container .tab', { hasText: 'GRU Scribe Training' }).first().click();
  await panel.locator('#stop').waitFor({ state: 'visible', timeout: 60_000 });
  const shownAgain = await snapshot();
  assert.equal(shownAgain.state, 'running');
  assert.ok(shownAgain.points > hiddenAt.points + 3, `steps while hidden: ${hiddenAt.points} → ${shownAgain.points}`);

  await panel.locator('#stop').click();
  await panel.locator('body[data-run-state="idle"]').waitFor({ timeout: 120_000 });
  // Before and after, side by side.
  const row = panel.locator('#results tr[data-cell="gru"]');
  assert.match(await row.locator('.before').innerText(), /^\d+\.\d{3}$/);
  assert.match(await row.locator('.after').innerText(), /^\d+\.\d{3}$/);
});

test('after the run, completions come from the fine-tuned model without a reload', async () => {
  let status = '';
  for (let i = 0; i < 60 && !/GRU fine-tuned/.test(status); i++) {
    await page().waitForTimeout(500);
    status = await bench.statusBarText();
  }
  const toasts = (await page().locator('.notification-toast, .notifications-center .notification-list-item').allInnerTexts()).join(' | ');
  const shown = await panel.locator('#message').innerText();
  assert.match(status, /GRU fine-tuned/, `status bar: ${status}; notifications: ${toasts}; panel: ${shown}`);
  assert.match(await panel.locator('#model-name').innerText(), /^fine-tuned GRU/);
  assert.ok(await panel.locator('#runs tr[data-status="stopped"]').count() >= 1, 'the run is listed with its status');

  // From the Explorer, as above: the panel, just used, may still hold the keyboard.
  const editor = await bench.openFromExplorer('welcome.md');
  await editor.locator('.view-lines').click();
  await page().keyboard.press('Control+End');
  await page().keyboard.press('Enter');
  await page().keyboard.type('Welcome to ', { delay: 40 });
  await bench.waitForGhostText(editor);
  assert.match(await bench.statusBarText(), /GRU fine-tuned/);

  // The model in use keeps the text it was trained on, for completions to copy from.
  const userDir = join((bench as unknown as { server: { userDataDir: string } }).server.userDataDir, 'User');
  const current = readdirSync(userDir, { recursive: true }).map(String).find((f) => f.endsWith(join('models', 'current', 'memory.bin')));
  assert.ok(current, 'models/current/memory.bin exists');
  const metadata = JSON.parse(readFileSync(join(userDir, current, '..', 'metadata.json'), 'utf8'));
  assert.equal(metadata.memory.bytes, readFileSync(join(userDir, current)).length);
  assert.ok(metadata.memory.files >= 1);
});
