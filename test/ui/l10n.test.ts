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

test('a Chinese sentence analyzed in a Chinese editor: decorated, with a hover in Chinese', async () => {
  const editor = await bench.openFile('notes-zh.md');
  await bench.runCommand('分析情感 (Analyze Sentiment)');
  // Any of the three underline styles: the sentence is labelled, whatever its label.
  const sentence = editor.locator('.view-lines span', { hasText: /我们在星期二开会/ }).last();
  let style = '';
  for (let i = 0; i < 60 && !/solid|dotted|wavy/.test(style); i++) {
    await bench.page.waitForTimeout(500);
    style = await sentence.evaluate((span) => {
      const css = getComputedStyle(span);
      return css.textDecorationLine.includes('underline') ? css.textDecorationStyle : '';
    });
  }
  assert.match(style, /solid|dotted|wavy/, 'the Chinese sentence is decorated');
  await sentence.hover();
  const hover = bench.page.locator('.monaco-hover', { hasText: '情感：' }).first();
  await hover.waitFor({ state: 'visible', timeout: 15_000 });
  assert.match(await hover.innerText(), /情感：(正面|中性|负面).*得分 \d+(\.\d)?%/s);
  await bench.page.keyboard.press('Escape');
});
