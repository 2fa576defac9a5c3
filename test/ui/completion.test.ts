// Ghost text as a person sees it: type a prefix the bundled model completes confidently, see the grey
// suggestion, accept it with Tab; "Toggle Inline Completions" shows off in the status bar, and on again
// brings the ghost text back. (That nothing is suggested while off is checked on the provider's answer in
// test/integration/completion.test.ts.)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { GHOST_TEXT, NO_SUGGEST_WIDGET, openWorkbench, type Workbench } from '../harness/workbench.mjs';

interface Case {
  file: string;
  /** Typed on a new line at the end of the sample. */
  typed: string;
  /** What a person reading the line expects the ghost text to start with (reviewed, not computed). */
  expected: RegExp;
}

const CASES: Case[] = [
  // A word the notes above already use: the editor completes it from the document as a person would.
  { file: 'notes-en.md', typed: 'Keep the settings sim', expected: /^ple\b/ },
  { file: 'notes-zh.md', typed: '用户首先看到的', expected: /^功能/ },
  { file: 'example.ts', typed: "import * as vscode from 'vsc", expected: /^ode/ },
];

/** A line whose next words the model has several likely guesses for (asked on purpose, alternatives come with the suggestion). */
const ALTERNATIVES = { file: 'todo.txt', typed: '- send the report' };

/** Editor text uses non-breaking spaces for spaces. */
const plain = (s: string) => s.replace(/\u00a0/g, ' ');

/** A line's own text, without the ghost text drawn inside it. */
async function ownText(line: Locator): Promise<string> {
  return plain(await line.evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.ghost-text-decoration, .ghost-text-decoration-preview').forEach((n) => n.remove());
    return copy.textContent ?? '';
  }));
}

let bench: Workbench;
const page = (): Page => (bench as unknown as { page: Page }).page;
before(async () => {
  bench = await openWorkbench({
    // No suggest widget or auto-closed brackets in the way: Tab must go to the ghost text.
    settings: {
      ...NO_SUGGEST_WIDGET,
      'editor.autoClosingBrackets': 'never',
      'editor.autoClosingQuotes': 'never',
      // The inline suggestion toolbar (its "1/3" count) shows with the ghost text, not only under the mouse.
      'editor.inlineSuggest.showToolbar': 'always',
    },
  });
});
after(async () => { await bench?.close(); });

async function typeAtEnd(file: string, typed: string) {
  const editor = await bench.openFile(file);
  await editor.locator('.view-lines').click();
  await page().keyboard.press('Control+End');
  await page().keyboard.press('Enter');
  await page().keyboard.type(typed, { delay: 40 });
  return editor;
}

for (const c of CASES) {
  test(`ghost text completes "${c.typed}" in ${c.file} and Tab accepts it`, async () => {
    const editor = await typeAtEnd(c.file, c.typed);
    await bench.waitForGhostText(editor);
    const shown = plain(await editor.locator(GHOST_TEXT).allInnerTexts().then((t: string[]) => t.join('')));
    assert.match(shown, c.expected, `the ghost text after "${c.typed}" is "${shown}"`);
    await page().keyboard.press('Tab');
    // The accepted text becomes the line's own (the next suggestion may already be drawn after it).
    const accepted = c.typed + shown;
    const line = editor.locator('.view-line', { hasText: c.typed.slice(0, 12) }).last();
    for (let i = 0; i < 100 && !(await ownText(line)).includes(accepted); i++) await page().waitForTimeout(50);
    assert.ok((await ownText(line)).includes(accepted), `the document has "${accepted}": "${await ownText(line)}"`);
    assert.match(await bench.statusBarText(), /GRU bundled/);
    await page().keyboard.press('Control+Z');
  });
}

test('word-by-word partial accept (Ctrl+Right) takes the start of the suggestion and keeps the rest shown', async () => {
  // A phrase from earlier in the notes: the match model brings back several words of it.
  const c = { file: 'notes-en.md', typed: 'We agreed that the first thing a user sees should be fa' };
  const editor = await typeAtEnd(c.file, c.typed);
  const ghost = editor.locator(GHOST_TEXT);
  await ghost.first().waitFor({ state: 'visible', timeout: 20_000 });
  const expected = plain((await ghost.allInnerTexts()).join(''));
  // The notes go on "fast and quiet": the words after "fa" are a phrase of the document.
  assert.match(expected, /^st and\b/, `the ghost text after "${c.typed}" is "${expected}"`);
  await page().keyboard.press('Control+ArrowRight'); // editor.action.inlineSuggest.acceptNextWord
  // The accepted word moves from the ghost text into the line.
  await page().waitForFunction(([selector, before]) => [...document.querySelectorAll(selector)].map((n) => n.textContent).join('').length < before,
    [GHOST_TEXT, expected.length] as const, { timeout: 5_000 });
  const line = await ownText(editor.locator('.view-line', { hasText: c.typed.trim().slice(0, 12) }).last());
  const accepted = line.slice(line.indexOf(c.typed) + c.typed.length);
  const rest = plain((await ghost.allInnerTexts()).join(''));
  assert.ok(accepted.length > 0 && accepted.length < expected.length && expected.startsWith(accepted), `accepted "${accepted}" of "${expected}"`);
  assert.equal(accepted + rest, expected, 'what is left stays shown');
  await page().keyboard.press('Escape');
  await page().keyboard.press('Control+Z');
});

test('"Toggle Inline Completions" shows off in the status bar; on again, Alt+\\ brings the ghost text back', async () => {
  const statusIcon = (icon: string) => page().locator('.statusbar-item', { hasText: 'GRU bundled' }).locator(`.codicon-${icon}`);
  await bench.runCommand('GRU Scribe: Toggle Inline Completions');
  try {
    await statusIcon('circle-slash').waitFor({ timeout: 5_000 });
  } finally {
    await bench.runCommand('GRU Scribe: Toggle Inline Completions');
  }
  await statusIcon('sparkle').waitFor({ timeout: 5_000 });
  // A file the other tests leave alone: the line typed there must not be in the document already.
  const editor = await typeAtEnd('reviews.md', 'The screening starts at ei');
  await page().keyboard.press('Alt+\\');
  await bench.waitForGhostText(editor);
  await page().keyboard.press('Escape');
  await page().keyboard.press('Control+Z');
});

test('the status bar item opens the menu; Snooze for 5 minutes shows in the status bar until Resume', async () => {
  const item = page().locator('.statusbar-item', { hasText: 'GRU bundled' }).first();
  await item.click();
  const row = (text: string) => page().locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  for (const action of ['Turn completions off', 'Snooze completions…', 'Show completion statistics', 'Open the training panel', 'Use the bundled model for completions']) {
    await row(action).waitFor({ state: 'visible', timeout: 5_000 });
  }
  await bench.captureForDocs('status-bar-menu', page().locator('.quick-input-widget'));
  await row('Snooze completions…').click();
  await row('5 minutes').click();
  const snoozed = page().locator('.statusbar-item', { hasText: 'snoozed, 5 min' }).first();
  await snoozed.waitFor({ timeout: 5_000 });
  await bench.runCommand('GRU Scribe: Resume Completions');
  await snoozed.waitFor({ state: 'detached', timeout: 5_000 });
  await page().locator('.statusbar-item', { hasText: 'GRU bundled' }).first().waitFor({ timeout: 5_000 });
});

test('asked on purpose (Alt+\\), the suggestion toolbar counts the alternatives ("1/3"); Alt+] and Alt+[ cycle through them', async () => {
  const editor = await typeAtEnd(ALTERNATIVES.file, ALTERNATIVES.typed);
  await page().keyboard.press('Alt+\\');
  await bench.waitForGhostText(editor);
  const ghostText = async () => plain((await editor.locator(GHOST_TEXT).allInnerTexts()).join(''));
  // The toolbar is a widget of the focused editor; hidden editors keep theirs.
  const count = page().locator('.inlineSuggestionsHints .availableSuggestionCount').filter({ visible: true }).first();
  const waitForCount = async (pattern: RegExp) => {
    let text = '';
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await page().waitForTimeout(100)) {
      text = (await count.textContent({ timeout: 1_000 }).catch(() => '')) ?? '';
      if (pattern.test(text)) return text;
    }
    throw new Error(`the suggestion toolbar's count is "${text}", not ${pattern}`);
  };
  // The count changes a moment before the ghost text is drawn again.
  const waitForGhost = async (ok: (text: string) => boolean, what: string) => {
    let text = '';
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await page().waitForTimeout(100)) {
      text = await ghostText();
      if (ok(text)) return text;
    }
    throw new Error(`the ghost text is "${text}", not ${what}`);
  };
  const first = await waitForCount(/^1\/[23]$/);
  const suggestions = [await ghostText()];
  await bench.captureForDocs('alternatives', editor);
  const total = Number(first.split('/')[1]);
  for (let i = 2; i <= total; i++) {
    await page().keyboard.press('Alt+]'); // editor.action.inlineSuggest.showNext
    await waitForCount(new RegExp(`^${i}/${total}$`));
    suggestions.push(await waitForGhost((t) => t !== '' && !suggestions.includes(t), `one other than ${JSON.stringify(suggestions)}`));
  }
  await page().keyboard.press('Alt+['); // editor.action.inlineSuggest.showPrevious
  await waitForCount(new RegExp(`^${total - 1}/${total}$`));
  await waitForGhost((t) => t === suggestions[total - 2], JSON.stringify(suggestions[total - 2]));
  await page().keyboard.press('Escape');
  await page().keyboard.press('Control+Z');
});

test('"Show Statistics" counts a suggestion accepted with Tab, per language', async () => {
  // A language no other test types in: its row holds this acceptance alone.
  const editor = await typeAtEnd('todo.txt', '- buy milk and');
  await bench.waitForGhostText(editor);
  const accepted = plain((await editor.locator(GHOST_TEXT).allInnerTexts()).join(''));
  await page().keyboard.press('Tab');
  await editor.locator(GHOST_TEXT).first().waitFor({ state: 'detached', timeout: 5_000 });
  await bench.runCommand('GRU Scribe: Show Statistics');
  // The page is a Markdown preview: a webview.
  const preview = page().locator('iframe.webview.ready').last().contentFrame().locator('#active-frame').contentFrame();
  const today = preview.locator('table').first();
  await today.waitFor({ state: 'visible', timeout: 20_000 });
  const rows = await today.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
  // Columns: language, shown, accepted in full, accepted by word, characters accepted, rate, p50, p95.
  const plaintext = rows.find((r) => r[0] === 'plaintext');
  assert.ok(plaintext, `a row for plain text: ${JSON.stringify(rows)}`);
  assert.equal(plaintext[2], '1', `accepted in full: ${plaintext.join(' | ')}`);
  assert.equal(plaintext[4], String(accepted.length), `the characters of "${accepted}": ${plaintext.join(' | ')}`);
  assert.ok(Number(plaintext[1]) >= 1, `shown: ${plaintext.join(' | ')}`);
  assert.ok(rows.some((r) => r[0] === 'markdown'), 'the other tests typed in Markdown');
  await bench.captureForDocs('statistics', page().locator('.monaco-workbench'));
});
