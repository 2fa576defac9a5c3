// The training panel as a person uses it: open it on the sample workspace, fine-tune on its few files (which
// must not switch completions to a model that validates worse), use it anyway, then train on more text and
// watch the curves grow, in view, while the panel is hidden and shown again.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { SMALL_DATA_BYTES } from '../../src/training/smallData';
import { BACKEND_SHOWN, NO_SUGGEST_WIDGET, openWorkbench, ROOT, type Workbench } from '../harness/workbench.mjs';

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

interface Snapshot { state: string; step: number; loss: number; checkpoint: string }

async function snapshot(): Promise<Snapshot> {
  return panel.locator('body').evaluate((b) => ({
    state: b.dataset.runState ?? '',
    step: Number(document.getElementById('stat-step')?.textContent),
    loss: Number(document.getElementById('stat-train-bpb')?.textContent),
    checkpoint: document.getElementById('stat-checkpoint')?.textContent ?? '',
  }));
}

const userDir = () => join((bench as unknown as { server: { userDataDir: string } }).server.userDataDir, 'User');
/** The model folder completions use (`<storage>/models/current`), if there is one. */
const currentModel = (): string | undefined => {
  const meta = readdirSync(userDir(), { recursive: true }).map(String).find((f) => f.endsWith(join('models', 'current', 'metadata.json')));
  return meta && join(userDir(), meta, '..');
};

/** Waits for the run state; on a timeout, says what the panel showed. */
async function waitForRunState(state: string, timeout: number) {
  await panel.locator(`body[data-run-state="${state}"]`).waitFor({ timeout }).catch(async (e: Error) => {
    throw new Error(`${e.message}\npanel message: ${await panel.locator('#message').innerText().catch(() => '?')}`);
  });
}

async function scan(include: string) {
  await setField('include', include);
  await panel.locator('#scan').click();
  await panel.locator('#file-count').filter({ hasText: /files/ }).waitFor({ timeout: 60_000 });
}

test('the panel opens with its data summary, the files it leaves out as secrets, and the backend it uses', async () => {
  writeFileSync(join(bench.workspace, 'secrets.yml'), 'greeting: hello\n');
  await bench.runCommand('GRU Scribe: Open Training Panel');
  panel = page().frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await panel.locator('#file-count').waitFor({ timeout: 60_000 });
  assert.match(await panel.locator('#file-count').innerText(), /^[1-9]\d* files, [\d.]+ (B|KB|MB)$/);
  assert.match(await panel.locator('#file-summary').innerText(), /skipped: .*\b1 looks like a secret\b/);
  assert.equal(await panel.locator('#secret-files').innerText(), 'Left out, looks like a secret: secrets.yml');
  // The sample folder is small, and the panel says so before any run.
  assert.match(await panel.locator('#small-data').innerText(), /^[\d.]+ KB is little text to fine-tune on: .* only if they validate better/);
  await panel.locator('#backend', { hasText: BACKEND_SHOWN }).waitFor({ timeout: 30_000 });
  assert.match(await panel.locator('#model-name').innerText(), /GRU/);
});

test('a fine-tune on a tiny folder that validates worse leaves completions on the model in use, and says so', async () => {
  await scan('*.{md,ts,txt}');
  // A learning rate far too high for a few KB of text: validation gets worse from the first step on.
  await setField('time-budget', '60');
  await setField('batch-size', '4');
  await setField('seq-length', '32');
  await setField('learning-rate', '0.5');
  await setField('checkpoint-every', '5');
  await setField('validation-share', '0.2');
  await panel.locator('#start').click();
  // The run can stop itself (validation stopped improving) before a poll sees it running: its verdict is
  // what shows it ran, and this is the suite's first run, so no earlier verdict can stand in for it.
  const verdict = panel.locator('#verdict.worse');
  await verdict.waitFor({ timeout: 240_000 });
  await waitForRunState('idle', 60_000);
  const text = await verdict.innerText();
  const [, before, after] = /^Validation got worse: (\d+\.\d{3}) → (\d+\.\d{3}) bits per byte; completions keep using bundled GRU/.exec(text) ?? [];
  assert.ok(before && after && Number(after) > Number(before), `verdict: ${text}`);
  const row = panel.locator('#results tr[data-cell="gru"]');
  assert.equal(await row.locator('.change').getAttribute('data-change'), 'worse');
  assert.match(await row.locator('.change').innerText(), /^\+\d+\.\d{3} \(worse\)$/);
  // Completions did not switch: no fine-tuned model was written, and the status bar still names the bundled one.
  assert.equal(currentModel(), undefined, 'no fine-tuned model is in use');
  assert.match(await panel.locator('#model-name').innerText(), /^bundled GRU/);
  assert.doesNotMatch(await bench.statusBarText(), /GRU fine-tuned/);
});

test('"Use it anyway" switches completions to that model without a reload, memory included', async () => {
  await panel.locator('#use-anyway').click();
  let status = '';
  for (let i = 0; i < 60 && !/GRU fine-tuned/.test(status); i++) {
    await page().waitForTimeout(500);
    status = await bench.statusBarText();
  }
  assert.match(status, /GRU fine-tuned/);
  assert.match(await panel.locator('#model-name').innerText(), /^fine-tuned GRU/);
  assert.ok(await panel.locator('#runs tr[data-status="completed"], #runs tr[data-status="stopped"]').count() >= 1, 'the run is listed with its status');

  // The model in use keeps the text it was trained on, for completions to copy from.
  const current = currentModel();
  assert.ok(current, 'models/current exists');
  const metadata = JSON.parse(readFileSync(join(current, 'metadata.json'), 'utf8'));
  assert.equal(metadata.memory.bytes, readFileSync(join(current, 'memory.bin')).length);
  assert.ok(metadata.memory.files >= 1);

  // From the Explorer with the mouse: keys typed while the webview has focus go to the webview.
  const editor = await bench.openFromExplorer('welcome.md');
  await editor.locator('.view-lines').click();
  await page().keyboard.press('Control+End');
  await page().keyboard.press('Enter');
  await page().keyboard.type('Welcome to ', { delay: 40 });
  await bench.waitForGhostText(editor);
  assert.match(await bench.statusBarText(), /GRU fine-tuned/);
});

test('a fine-tuning run draws its curves in view at 1280×720, keeps going while hidden, and stops on request', async () => {
  // Well above the small-data threshold, so the run does not stop early by itself within the test.
  const prose = readFileSync(join(ROOT, 'README.md'), 'utf8');
  mkdirSync(join(bench.workspace, 'notes'), { recursive: true });
  writeFileSync(join(bench.workspace, 'notes', 'handbook.md'), prose.repeat(Math.ceil(Math.max(6 * SMALL_DATA_BYTES, 96 * 1024) / prose.length)));
  await page().locator('.tabs-container .tab', { hasText: 'GRU Scribe Training' }).first().click();
  await scan('**/*.{md,ts,txt}');
  await setField('time-budget', '240');
  await setField('learning-rate', '0.001');
  await panel.locator('#start').click();
  await waitForRunState('running', 60_000);

  const seen: Snapshot[] = [];
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    await page().waitForTimeout(2_000);
    const s = await snapshot();
    if (s.step > 0 && Number.isFinite(s.loss)) seen.push(s);
    if (seen.length >= 4 && /^\d+$/.test(s.checkpoint)) break;
  }
  assert.ok(seen.length >= 4, `too few observations: ${JSON.stringify(seen)}`);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i].step >= seen[i - 1].step, 'the step count never goes back');
  assert.ok(seen[seen.length - 1].step > seen[0].step, 'training advances');
  assert.ok(await panel.locator('#chart canvas').count() > 0, 'the chart is drawn');
  // Two curves, each in its own colour, named in the legend.
  const legend = await panel.locator('#chart .u-legend .u-series').evaluateAll((rows) => rows.slice(1).map((r) => ({
    label: r.querySelector('.u-label')?.textContent ?? '',
    color: getComputedStyle(r.querySelector('.u-marker')!).borderColor,
  })));
  const current = legend.filter((l) => !/\(/.test(l.label));
  assert.deepEqual(current.map((l) => l.label).sort(), ['GRU train', 'GRU validation']);
  assert.notEqual(current[0].color, current[1].color, JSON.stringify(current));
  await page().setViewportSize({ width: 1280, height: 720 });
  try {
    await page().waitForTimeout(500);
    const box = await panel.locator('#chart canvas').first().boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= 720 && box.x + box.width <= 1280, `chart at ${JSON.stringify(box)}`);
    await bench.captureForDocs('training-chart');
  } finally {
    await page().setViewportSize({ width: 1400, height: 900 });
  }

  // Hiding the panel (another editor in front of it) keeps the run going: its step count moves on while
  // it is hidden (read from the page, which stays loaded behind the editor).
  const hiddenAt = await snapshot();
  await bench.openFromExplorer('welcome.md');
  const frame = page().locator('iframe.webview.ready');
  assert.equal(await frame.isVisible(), false, 'the panel is hidden');
  let whileHidden = hiddenAt;
  for (const deadline = Date.now() + 120_000; whileHidden.step <= hiddenAt.step && Date.now() < deadline;) {
    await page().waitForTimeout(250);
    whileHidden = await snapshot();
  }
  assert.ok(whileHidden.step > hiddenAt.step, `steps while hidden: ${hiddenAt.step} → ${whileHidden.step}`);
  assert.equal(whileHidden.state, 'running');
  assert.equal(await frame.isVisible(), false, 'the panel stayed hidden while it counted');
  await page().locator('.tabs-container .tab', { hasText: 'GRU Scribe Training' }).first().click();
  await panel.locator('#stop').waitFor({ state: 'visible', timeout: 60_000 });
  const shownAgain = await snapshot();
  assert.equal(shownAgain.state, 'running');
  assert.ok(shownAgain.step >= whileHidden.step, `steps shown again: ${whileHidden.step} → ${shownAgain.step}`);

  await panel.locator('#stop').click();
  await panel.locator('body[data-run-state="idle"]').waitFor({ timeout: 120_000 });
  // Before and after, side by side, and the change in words.
  const row = panel.locator('#results tr[data-cell="gru"]');
  assert.match(await row.locator('.before').innerText(), /^\d+\.\d{3}$/);
  assert.match(await row.locator('.after').innerText(), /^\d+\.\d{3}$/);
  assert.match(await row.locator('.change').innerText(), /^[+-]\d+\.\d{3} \((better|worse)\)$/);
  await panel.locator('#verdict.better, #verdict.worse').waitFor({ timeout: 60_000 });
});
