// "Analyze sentiment" as a person uses it: run it from the command palette on the review sample (English
// with a Chinese sentence), see positive (solid underline) and negative (wavy underline) sentences in both
// languages, read a hover on each, then clear them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { openWorkbench, type Workbench } from '../harness/workbench.mjs';

let bench: Workbench;
const page = (): Page => (bench as unknown as { page: Page }).page;
before(async () => {
  bench = await openWorkbench();
});
after(async () => { await bench?.close(); });

/** Text of the editor's spans whose underline has `style` (solid = positive, wavy = negative), in order. */
async function underlined(editor: Locator, style: 'solid' | 'wavy'): Promise<string[]> {
  return editor.locator('.view-lines').evaluate((root, wanted) => {
    const out: string[] = [];
    for (const span of Array.from(root.querySelectorAll('span span'))) {
      const css = getComputedStyle(span);
      if (css.textDecorationLine.includes('underline') && css.textDecorationStyle === wanted) out.push((span.textContent ?? '').replace(/\u00a0/g, ' '));
    }
    return out;
  }, style);
}

/** Hovers the editor's text matching `text` and checks the sentiment hover that appears. */
async function hoverOver(editor: Locator, text: RegExp, expected: RegExp): Promise<void> {
  await editor.locator('.view-lines span', { hasText: text }).last().hover();
  const hover = page().locator('.monaco-hover', { hasText: 'Sentiment:' }).first();
  await hover.waitFor({ state: 'visible', timeout: 15_000 });
  assert.match(await hover.innerText(), expected);
  await page().keyboard.press('Escape');
  await hover.waitFor({ state: 'hidden', timeout: 5_000 });
}

test('Analyze sentiment marks positive and negative sentences, hovers explain, Clear removes them', async () => {
  const editor = await bench.openFile('reviews.md');
  await bench.runCommand('GRU Scribe: Analyze Sentiment');

  let positive: string[] = [];
  let negative: string[] = [];
  for (let i = 0; i < 60 && (positive.length === 0 || negative.length === 0); i++) {
    await page().waitForTimeout(500);
    positive = await underlined(editor, 'solid');
    negative = await underlined(editor, 'wavy');
  }
  // Monaco splits a line into several spans; compare without white space.
  const pos = positive.join('').replace(/\s+/g, '');
  const neg = negative.join('').replace(/\s+/g, '');
  assert.match(pos, /wonderfulfilm/, `positive decorations: ${pos}`);
  assert.match(neg, /painfullydull/, `negative decorations: ${neg}`);
  assert.doesNotMatch(pos + neg, /terrible,awful,horrible/, 'the code block is not annotated');
  assert.doesNotMatch(pos + neg, /NightTrain|Notesfromtheeditor/, 'headings are not judged');

  // The hover over a positive sentence names the label and the probability.
  await hoverOver(editor, /wonderful/, /Sentiment: positive.*score \d+(\.\d)?% \(P\(positive\) \+ P\(neutral\) \/ 2\)/s);

  // The Chinese sentence at the end of the sample, labelled by the Chinese model, with the same hover.
  await editor.locator('.view-lines span', { hasText: /wonderful/ }).last().click();
  await page().keyboard.press('Control+End');
  let chinese = '';
  for (let i = 0; i < 40 && !chinese.includes('最后一章'); i++) {
    await page().waitForTimeout(250);
    chinese = (await underlined(editor, 'solid')).join('');
  }
  assert.match(chinese, /最后一章写得非常感人，我很喜欢。/, `positive decorations: ${chinese}`);
  await hoverOver(editor, /最后一章/, /Sentiment: positive.*score \d+(\.\d)?% \(P\(positive\) \+ P\(neutral\) \/ 2\)/s);

  // The status bar sums up, including what was skipped (at least the headings).
  const status = await bench.statusBarText();
  assert.match(status, /\d+\+ \d+~ \d+− · overall \w+ · [1-9]\d* skipped/, status);

  await bench.runCommand('GRU Scribe: Clear Sentiment Annotations');
  for (let i = 0; i < 20 && (await underlined(editor, 'solid')).length + (await underlined(editor, 'wavy')).length > 0; i++) {
    await page().waitForTimeout(250);
  }
  assert.deepEqual(await underlined(editor, 'solid'), []);
  assert.deepEqual(await underlined(editor, 'wavy'), []);
});
