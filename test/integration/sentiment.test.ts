// "Analyze Sentiment" in the real extension host: a selection, a whole document with skipped text,
// decorations following edits, clearing, and a 1 MB document that must not stall the host.
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';

interface Result {
  positive: number;
  neutral: number;
  negative: number;
  skipped: number;
  skippedReasons: Record<string, number>;
  overall?: string;
  cancelled?: boolean;
  running?: boolean;
  annotations: { start: number; end: number; label: string; score: number }[];
}

const POSITIVE = 'This is a wonderful film with a moving story and superb acting.';
const NEGATIVE = 'The plot is a mess and the dialogue is painfully dull.';
const CHINESE = '这部电影非常感人，我很喜欢。';

let fileCount = 0;
/** A fresh file per test: untitled documents reuse their names, so a closing one could be mistaken for it. */
async function open(content: string): Promise<vscode.TextEditor> {
  const dir = mkdtempSync(join(tmpdir(), 'gru-sentiment-'));
  const path = join(dir, `doc-${++fileCount}.md`);
  writeFileSync(path, content);
  doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
  return vscode.window.showTextDocument(doc);
}

/** The tests name their document: the active editor is not reliable while editors open and close. */
let doc: vscode.TextDocument;
const analyze = () => vscode.commands.executeCommand<Result>('gruScribe.analyzeSentiment', doc.uri);
const current = () => vscode.commands.executeCommand<Result | undefined>('gruScribe.sentiment.annotations', doc.uri);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

suite('sentiment', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension('gru-scribe.gru-scribe')!.activate();
  });
  teardown(async () => {
    await vscode.commands.executeCommand('gruScribe.clearSentiment', doc.uri);
    // Edited documents are dirty: revert them while closing, or a save dialog would keep them open.
    for (let i = 0; i < 10 && vscode.window.activeTextEditor; i++) {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  test('a selection: only the selected sentence is labelled', async () => {
    const text = `# Reviews\n\n${POSITIVE}\n\n${NEGATIVE}\n`;
    const editor = await open(text);
    const start = text.indexOf(NEGATIVE);
    editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(start + NEGATIVE.length));
    const r = await analyze();
    assert.ok(r, 'the command returns its result');
    assert.equal(r.annotations.length, 1, JSON.stringify(r.annotations));
    assert.deepEqual([r.annotations[0].start, r.annotations[0].end], [start, start + NEGATIVE.length]);
    assert.equal(r.annotations[0].label, 'negative');
    assert.equal(r.overall, 'negative');
  });

  test('the whole document: positive and negative labels, Chinese skipped with its reason, code ignored', async () => {
    const text = `---\ntitle: x\n---\n\n${POSITIVE}\n\n\`\`\`\nterrible awful code\n\`\`\`\n\n${NEGATIVE}\n\n${CHINESE}\n`;
    await open(text);
    const r = await analyze();
    const labelOf = (s: string) => r.annotations.find((a) => a.start === text.indexOf(s))?.label;
    assert.equal(labelOf(POSITIVE), 'positive', JSON.stringify(r.annotations));
    assert.equal(labelOf(NEGATIVE), 'negative');
    assert.equal(r.annotations.length, 2, 'front matter and the code block are not annotated');
    assert.equal(r.skipped, 1);
    assert.equal(r.skippedReasons['not-latin-script'], 1);
  });

  test('annotations follow edits and go away with Clear', async () => {
    const text = `${POSITIVE}\n\n${NEGATIVE}\n`;
    const editor = await open(text);
    await vscode.workspace.getConfiguration('gruScribe.sentiment').update('reanalyzeOnEdit', false, vscode.ConfigurationTarget.Global);
    try {
      const before = await analyze();
      assert.equal(before.annotations.length, 2);
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'Intro line.\n\n'));
      const after = await current();
      assert.deepEqual(after!.annotations.map((a) => a.start), before.annotations.map((a) => a.start + 'Intro line.\n\n'.length));
      // An edit inside a sentence drops its (now outdated) label.
      const inside = editor.document.getText().indexOf('wonderful');
      await editor.edit((b) => b.insert(editor.document.positionAt(inside), 'not '));
      assert.deepEqual((await current())!.annotations.map((a) => a.label), ['negative']);
      await vscode.commands.executeCommand('gruScribe.clearSentiment', doc.uri);
      assert.equal(await current(), undefined);
    } finally {
      await vscode.workspace.getConfiguration('gruScribe.sentiment').update('reanalyzeOnEdit', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('re-analyzes after an edit when the setting is on', async () => {
    await vscode.workspace.getConfiguration('gruScribe.sentiment').update('reanalyzeDelay', 200, vscode.ConfigurationTarget.Global);
    try {
      const editor = await open(`${POSITIVE}\n`);
      await analyze();
      await editor.edit((b) => b.insert(editor.document.positionAt(editor.document.getText().length), `\n${NEGATIVE}\n`));
      let r: Result | undefined;
      for (let i = 0; i < 50 && (r = await current())?.annotations.length !== 2; i++) await sleep(100);
      assert.deepEqual(r!.annotations.map((a) => a.label), ['positive', 'negative']);
    } finally {
      await vscode.workspace.getConfiguration('gruScribe.sentiment').update('reanalyzeDelay', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  // Timing is reported, not asserted (see docs/BENCHMARKS.md): the machine running the tests is shared.
  test('a 1 MB document: visible part first, results stream in, every sentence accounted for', async function () {
    this.timeout(180_000);
    const block = `## Review\n\n${POSITIVE} ${NEGATIVE} The ending was fine, I guess.\n\n\`\`\`js\nconst x = 1;\n\`\`\`\n\n`;
    const text = block.repeat(Math.ceil(1_000_000 / block.length));
    const editor = await open(text);
    editor.revealRange(new vscode.Range(0, 0, 0, 0));
    // The host's event loop is sampled while the analysis runs: long gaps would mean a frozen editor.
    let last = Date.now();
    let worstGap = 0;
    const timer = setInterval(() => {
      const now = Date.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
    }, 10);
    const started = Date.now();
    const pending = analyze();
    let firstSeen: Result | undefined;
    for (let i = 0; i < 600 && !firstSeen; i++) {
      const r = await current();
      if (r && r.annotations.length > 0) firstSeen = r;
      else await sleep(20);
    }
    const r = await pending;
    clearInterval(timer);
    const seconds = (Date.now() - started) / 1000;
    const sentences = r.positive + r.neutral + r.negative;
    console.log(`1 MB Markdown: ${sentences} sentences in ${seconds.toFixed(1)} s, worst event-loop gap ${worstGap} ms`);
    assert.equal(r.cancelled, false);
    assert.equal(sentences + r.skipped, 4 * Math.ceil(1_000_000 / block.length), 'every prose sentence (headings included) is labelled or skipped');
    assert.ok(sentences >= 3 * Math.ceil(1_000_000 / block.length));
    assert.ok(firstSeen && firstSeen.running, 'results appear while the analysis is still running');
    assert.ok(firstSeen.annotations.some((a) => a.start < 500), 'the visible top of the document comes first');
  });
});
