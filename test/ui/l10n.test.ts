// In a Chinese editor, what GRU Scribe shows — status bar, training panel — is in Simplified Chinese.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openWorkbench, type Workbench } from '../harness/workbench.mjs';

let bench: Workbench;
before(async () => { bench = await openWorkbench({ locale: 'zh-cn' }); });
after(async () => { await bench?.close(); });

test('the status bar item speaks Chinese', async () => {
  await bench.openFile('welcome.md');
  let status = '';
  for (let i = 0; i < 40 && !/GRU\s*内置/.test(status); i++) {
    await bench.page.waitForTimeout(250);
    status = await bench.statusBarText();
  }
  assert.match(status, /GRU\s*内置/, status);
});

test('the command palette and the training panel speak Chinese', async () => {
  // The palette shows the translated title from package.nls.zh-cn.json.
  await bench.runCommand('GRU Scribe: 打开训练面板');
  const panel = bench.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await panel.locator('#file-count').waitFor({ timeout: 60_000 });
  assert.match(await panel.locator('html').getAttribute('lang') ?? '', /^zh/);
  assert.match(await panel.locator('#file-count').innerText(), /个文件/);
  // Chinese glyphs need fonts-noto-cjk in the machine's Chromium (installed by the harness); without it they are boxes.
  await bench.captureForDocs('training-panel-zh-cn');
});
