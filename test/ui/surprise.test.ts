// "Highlight Surprising Lines" as a person uses it: a real source file with one misspelled name, the
// command from the palette, the line marked with its most surprising character underlined, and the hover
// saying what the model expected there; then the marks cleared.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { makeWorkspace, NO_SUGGEST_WIDGET, openWorkbench, ROOT, type Workbench } from '../harness/workbench.mjs';

let bench: Workbench;
const page = (): Page => (bench as unknown as { page: Page }).page;
const SAMPLE = 'surprisingLines.ts';
/** The line whose `quantile(0.25)` is misspelled; the file spells the name right three times elsewhere. */
const PLANTED = 'const fence = quantile(0.75) + FENCE * (quantile(0.75) - qunatile(0.25));';
const workspace = makeWorkspace();

before(async () => {
  const source = readFileSync(join(ROOT, 'src', 'model', 'lm', 'surprisingLines.ts'), 'utf8');
  const planted = source.replace('- quantile(0.25))', '- qunatile(0.25))');
  assert.notEqual(planted, source, 'the sample still has the line the typo is planted in');
  writeFileSync(join(workspace, SAMPLE), planted);
  bench = await openWorkbench({ settings: NO_SUGGEST_WIDGET, timeout: 90_000, workspace });
});
after(async () => {
  await bench?.close();
  rmSync(workspace, { recursive: true, force: true });
});

/** The characters under a wavy underline (the surprise marks' peaks) in `lines`, in order. */
async function wavy(lines: Locator): Promise<string[]> {
  return lines.evaluate((root) => Array.from(root.querySelectorAll('span span'))
    .filter((span) => getComputedStyle(span).textDecorationStyle === 'wavy')
    .map((span) => (span.textContent ?? '').replace(/\u00a0/g, ' ')));
}

test('Highlight Surprising Lines marks the misspelled line, its hover says what the model expected, Clear removes it', async () => {
  const editor = await bench.openFile(SAMPLE);
  await editor.locator('.view-lines').click();
  // The planted line on screen whatever the window's height: Go to Line, as a person would.
  const line = readFileSync(join(workspace, SAMPLE), 'utf8').split('\n').findIndex((l) => l.trim() === PLANTED) + 1;
  assert.ok(line > 0, 'the planted line is in the sample');
  const goTo = await (bench as unknown as { quickInput(shortcut: string): Promise<Locator> }).quickInput('Control+P');
  await goTo.fill(`:${line}`);
  await page().keyboard.press('Enter');
  await editor.locator('.view-line', { hasText: 'qunatile' }).waitFor({ state: 'visible', timeout: 15_000 });
  await bench.runCommand('GRU Scribe: Highlight Surprising Lines');
  // The peak of the planted line is inside the misspelled word (the lookalike moves it there).
  const plantedLine = editor.locator('.view-line', { hasText: 'qunatile' });
  let peaks: string[] = [];
  for (let i = 0; i < 120 && !peaks.some((p) => 'qunatile'.includes(p.trim()) && p.trim()); i++) {
    await page().waitForTimeout(500);
    peaks = await wavy(plantedLine);
  }
  assert.ok(peaks.length > 0, `the planted line has a wavy mark (peaks in the editor: ${JSON.stringify(await wavy(editor.locator('.view-lines')))})`);
  assert.equal((await plantedLine.innerText()).replace(/\u00a0/g, ' ').trim(), PLANTED);

  // The hover covers the whole marked line.
  await plantedLine.locator('span span', { hasText: 'FENCE' }).first().hover();
  const hover = page().locator('.monaco-hover', { hasText: 'Surprising line' }).first();
  await hover.waitFor({ state: 'visible', timeout: 15_000 });
  const text = await hover.innerText();
  assert.match(text, /Surprising line — \d+\.\d\d bits per byte, surprise \d+\.\d/);
  assert.match(text, /qunatile occurs only here, and quantile is used 3 times in this file: a typo\?/);
  assert.match(text, /the model expected .+ \d+%.* rather than/);
  await bench.captureForDocs('surprise', page().locator('.monaco-workbench'));

  await page().keyboard.press('Escape');
  await bench.runCommand('GRU Scribe: Clear Surprising Lines');
  const all = editor.locator('.view-lines');
  for (let i = 0; i < 20 && (await wavy(all)).length > 0; i++) await page().waitForTimeout(250);
  assert.deepEqual(await wavy(all), []);
});
