// Inline completions inside the real extension host, with the bundled model, calling the provider the
// way VS Code does. (What the user sees on screen is covered by test/ui/completion.test.ts.)
import * as assert from 'node:assert/strict';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as vscode from 'vscode';
import type { GruScribeApi } from '../../src/extension';
import type { CompletionsApi } from '../../src/completion/index';
import type { RequestRecord } from '../../src/completion/provider';

const EXTENSION_ID = 'gru-scribe.gru-scribe';
const SECTION = 'gruScribe.completions';
const invoke: vscode.InlineCompletionContext = { triggerKind: vscode.InlineCompletionTriggerKind.Invoke, selectedCompletionInfo: undefined };
const automatic: vscode.InlineCompletionContext = { triggerKind: vscode.InlineCompletionTriggerKind.Automatic, selectedCompletionInfo: undefined };
/** Ends inside a word whose end even a small model is sure of, so that a suggestion is expected. */
const PROSE = 'The weather was cold and the wind was strong. We walked along the river, and he asked me: what is your na';

let api: CompletionsApi;
let extensionPath: string;

async function open(content: string, language = 'markdown'): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language, content });
  return vscode.window.showTextDocument(doc);
}

function end(editor: vscode.TextEditor): vscode.Position {
  return editor.document.positionAt(editor.document.getText().length);
}

async function provide(
  editor: vscode.TextEditor, position = end(editor), context = invoke, token = new vscode.CancellationTokenSource().token,
): Promise<vscode.InlineCompletionItem[] | undefined> {
  editor.selection = new vscode.Selection(position, position);
  return (await api.provider.provideInlineCompletionItems(editor.document, position, context, token)) as vscode.InlineCompletionItem[] | undefined;
}

const lastRecord = (): RequestRecord => api.provider.records[api.provider.records.length - 1];
const textOf = (item: vscode.InlineCompletionItem) => item.insertText as string;

async function setSetting(name: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(name, value, vscode.ConfigurationTarget.Global);
}

/** Closes the test's untitled documents without a save prompt. */
async function closeEditors(): Promise<void> {
  for (let i = 0; i < 20 && vscode.window.activeTextEditor; i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
}

suite('inline completions', function () {
  this.timeout(120_000);

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<GruScribeApi>(EXTENSION_ID)!;
    ({ completions: api, extensionPath } = await ext.activate());
  });
  teardown(closeEditors);

  test('the bundled model serves the first request', async () => {
    // (That activation itself loads no model is checked by the 'warm start' suite, which runs first.)
    const editor = await open(PROSE);
    const items = await provide(editor);
    assert.equal(api.modelInfo()?.kind, 'bundled');
    assert.ok(items && items.length === 1, 'the bundled model completes plain English prose');
    assert.equal(api.status().state, 'ready');
  });

  test('the item is inserted at the cursor, on one line', async () => {
    const editor = await open(PROSE);
    const position = end(editor);
    const [item] = (await provide(editor, position))!;
    assert.ok(item.range, 'an explicit range');
    assert.ok(item.range.isSingleLine && item.range.isEmpty && item.range.start.isEqual(position));
    assert.ok(textOf(item).length > 0 && !textOf(item).includes('\n'), 'one line by default');
  });

  test('with the suggest widget open, the item extends the selected suggestion', async () => {
    const editor = await open(PROSE);
    const position = end(editor);
    const range = new vscode.Range(position.translate(0, -2), position);
    const context = { triggerKind: vscode.InlineCompletionTriggerKind.Automatic, selectedCompletionInfo: { range, text: 'name' } };
    const items = await provide(editor, position, context);
    for (const item of items ?? []) {
      assert.ok(textOf(item).startsWith('name'), textOf(item));
      assert.ok(item.range?.isEqual(range));
    }
    assert.notEqual(lastRecord().outcome, 'failed');
  });

  test('no suggestion inside a word', async () => {
    const editor = await open('The weather was cold and the wi');
    const items = await provide(editor, new vscode.Position(0, 18)); // between "co" and "ld"
    assert.equal(items, undefined);
  });

  test('no overlap with the text after the cursor', async () => {
    const editor = await open('function greet(name: string) {\n  console.log("Hello, " + );\n}\n', 'typescript');
    const position = new vscode.Position(1, 27);
    const items = await provide(editor, position);
    const suffix = ');';
    for (const item of items ?? []) {
      const text = textOf(item);
      assert.ok(!text.includes(suffix), text);
      for (let n = 1; n <= suffix.length; n++) assert.ok(!text.endsWith(suffix.slice(0, n)), `${text} repeats the suffix`);
    }
  });

  test('none with several cursors', async () => {
    const editor = await open(`${PROSE}\n${PROSE}`);
    const a = new vscode.Position(0, PROSE.length);
    const b = end(editor);
    editor.selections = [new vscode.Selection(a, a), new vscode.Selection(b, b)];
    const items = await api.provider.provideInlineCompletionItems(editor.document, b, invoke, new vscode.CancellationTokenSource().token);
    assert.equal(items, undefined);
    assert.equal(lastRecord().outcome, 'skipped');
  });

  test('a language turned off gets nothing; others still do', async () => {
    await setSetting('languages', { '*': true, plaintext: false });
    try {
      assert.equal(await provide(await open(PROSE, 'plaintext')), undefined);
      assert.equal(lastRecord().outcome, 'skipped');
      await provide(await open(PROSE, 'markdown'));
      assert.notEqual(lastRecord().outcome, 'skipped');
    } finally {
      await setSetting('languages', undefined);
    }
  });

  test('turned off: nothing, and the status bar says so', async () => {
    await setSetting('enabled', false);
    try {
      assert.equal(await provide(await open(PROSE)), undefined);
      assert.equal(api.status().state, 'off');
    } finally {
      await setSetting('enabled', undefined);
    }
    assert.equal(api.status().state, 'ready');
  });

  test('the model learns from a document as the worker reads it: its bits per byte fall; turned off, it forgets', async () => {
    // Made-up words in a fixed pattern: text the bundled model has never seen, and can learn.
    const words = ['zorblat', 'quixen', 'frambule', 'tessivar', 'morgrane', 'plinthex', 'vaudric', 'sneelow'];
    const random = (() => { let x = 7; return () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31; })();
    const lines: string[] = [];
    while (lines.join('\n').length < 6000) {
      const line = Array.from({ length: 8 }, () => words[Math.floor(random() * words.length)]).join(' ');
      lines.push(`The ${line}.`);
    }
    const text = lines.join('\n') + '\n';
    const editor = await open(text);
    const uri = editor.document.uri;
    const before = await api.scoreText(uri, text);
    // Read the way typing reads it: a request at the end of every few lines, each reading the new text.
    for (let line = 5; line < lines.length; line += 5) await provide(editor, editor.document.lineAt(line).range.end);
    let stats = await api.workerStats();
    for (let i = 0; i < 200 && stats.adaptation.pendingSegments > 0; i++) {
      await new Promise((r) => setTimeout(r, 50)); // the worker takes its steps when idle
      stats = await api.workerStats();
    }
    assert.ok(stats.adaptation.on, 'on by default');
    assert.ok(api.status().tooltip.includes('Learns from each document as it reads it: on'), api.status().tooltip);
    assert.ok(stats.adaptation.bytesRead >= 0.8 * text.length, `${stats.adaptation.bytesRead} bytes observed`);
    assert.ok(stats.adaptation.steps >= 50, `${stats.adaptation.steps} steps`);
    const after = await api.scoreText(uri, text);
    assert.ok(after < before * 0.98, `bits per byte ${before.toFixed(3)} -> ${after.toFixed(3)}`);

    await setSetting('learnFromDocument', false);
    try {
      for (let i = 0; i < 100 && (await api.workerStats()).adaptation.on; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(await api.scoreText(uri, text), before, 'off: the trained weights, as before any reading');
      assert.ok(api.status().tooltip.includes('gruScribe.completions.learnFromDocument'), api.status().tooltip);
    } finally {
      await setSetting('learnFromDocument', undefined);
    }
  });

  test('cancellation: during the debounce, and while the worker reads', async () => {
    const editor = await open(PROSE);
    const source = new vscode.CancellationTokenSource();
    const pending = provide(editor, end(editor), automatic, source.token);
    source.cancel();
    assert.equal(await pending, undefined);
    assert.equal(lastRecord().outcome, 'cancelled');

    // A long new document takes the worker a while to read; cancel as soon as the request is with the
    // worker (the status says so). A fixed delay instead raced the worker on a loaded machine.
    const long = await open(`${PROSE}\n`.repeat(60));
    const second = new vscode.CancellationTokenSource();
    const started = provide(long, end(long), invoke, second.token);
    for (let i = 0; i < 2000 && api.status().state !== 'computing'; i++) await new Promise((r) => setImmediate(r));
    assert.equal(api.status().state, 'computing', 'the request reached the worker');
    second.cancel();
    assert.equal(await started, undefined);
    const record = lastRecord();
    assert.equal(record.outcome, 'cancelled');
    assert.ok(record.timings && record.timings.fedBytes < 2048, `read ${record.timings?.fedBytes} bytes before stopping`);
  });

  test('typing along a shown suggestion is answered from the cache', async () => {
    const editor = await open(PROSE);
    const [item] = (await provide(editor))!;
    const suggestion = textOf(item);
    assert.ok(suggestion.length >= 2, `"${suggestion}"`);
    await editor.edit((e) => e.insert(end(editor), suggestion[0]));
    const [rest] = (await provide(editor, end(editor), automatic))!;
    assert.equal(lastRecord().outcome, 'cacheHit');
    assert.equal(textOf(rest), suggestion.slice(1));
    assert.ok(lastRecord().latencyMs < 5, `${lastRecord().latencyMs} ms`);
  });

  test('a huge file: only the text near the cursor is read, the host thread stays free', async () => {
    const line = 'Another line of a very long log file, with a number 12345 and some words.\n';
    const editor = await open(line.repeat(60_000), 'plaintext'); // about 4.4 MB
    for (const position of [end(editor), new vscode.Position(30_000, 0), new vscode.Position(30_000, 20)]) {
      const t0 = Date.now();
      await provide(editor, position);
      const record = lastRecord();
      assert.notEqual(record.outcome, 'failed');
      assert.ok(Date.now() - t0 < 10_000);
      assert.ok(record.mainThreadMs < 50, `${record.mainThreadMs.toFixed(1)} ms on the extension host's thread`);
      assert.ok((record.timings?.fedBytes ?? 0) <= 2 * 2048 * 3);
    }
  });

  test('a 1 MB minified line: no suggestion, and the host heap stays within a few MB', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const unit = 'var a=1;function b(c){return c+1}';
    const editor = await open(unit.repeat(31_000), 'javascript');
    // Places where a suggestion could go: after "c+1" (before "}") and at the end of the line.
    const places = Array.from({ length: 19 }, (_, i) => new vscode.Position(0, (i * 1600 + 1) * unit.length - 2)).concat(end(editor));
    gc();
    const before = process.memoryUsage().heapUsed;
    for (const [i, position] of places.entries()) {
      assert.equal(await provide(editor, position, i % 2 ? automatic : invoke), undefined);
      assert.equal(lastRecord().outcome, 'skipped');
    }
    // Typing on the line asks again.
    await editor.edit((e) => e.insert(end(editor), ' '));
    assert.equal(await provide(editor, end(editor), automatic), undefined);
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    console.log(`1 MB line: extension host heap grew by ${(grown / 2 ** 20).toFixed(2)} MB over 21 requests`);
    assert.ok(grown < 4 * 2 ** 20, `the extension host's heap grew by ${(grown / 2 ** 20).toFixed(1)} MB`);
  });

  test('binary-looking content: no error, and nothing unprintable suggested', async () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const junk = Array.from({ length: 6000 }, () => String.fromCharCode(Math.floor(random() * 256))).join('') + '\uFFFD\u0000\u0001';
    const editor = await open(junk, 'plaintext');
    for (let i = 0; i < 5; i++) {
      const items = await provide(editor, editor.document.positionAt(Math.floor(random() * junk.length)));
      assert.notEqual(lastRecord().outcome, 'failed');
      for (const item of items ?? []) assert.doesNotMatch(textOf(item), /[\u0000-\u0008\u000b-\u001f\u007f\uFFFD]/);
    }
  });

  test('rapid edits: hundreds of random edits while completions fire, no error, no growth', async () => {
    const editor = await open(`${PROSE}\n`.repeat(20));
    await provide(editor);
    const before = await api.workerStats();
    const heapBefore = process.memoryUsage().heapUsed;
    let seed = 11;
    const random = (n: number) => Math.floor(((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) * n);
    const words = ['the ', 'river ', 'a', '\n', 'cold, ', 'wind ', '中文', '🌊 '];
    let source = new vscode.CancellationTokenSource();
    const requests: Promise<unknown>[] = [];
    for (let i = 0; i < 300; i++) {
      const doc = editor.document;
      const at = random(doc.getText().length + 1);
      const from = doc.positionAt(at);
      await editor.edit((e) => {
        if (random(3) === 0 && at > 5) e.delete(new vscode.Range(doc.positionAt(at - random(5) - 1), from));
        else e.insert(from, words[random(words.length)]);
      });
      // What VS Code does on each keystroke: cancel the previous request, start a new one.
      source.cancel();
      source = new vscode.CancellationTokenSource();
      const cursor = editor.document.positionAt(random(editor.document.getText().length + 1));
      requests.push(provide(editor, cursor, random(4) === 0 ? invoke : automatic, source.token));
    }
    await Promise.all(requests);
    const outcomes = api.provider.records.slice(-300).map((r) => r.outcome);
    assert.ok(!outcomes.includes('failed'), 'no request failed');

    // The state cache must agree with reading the text from scratch.
    const cached = await provide(editor);
    await api.reloadModel(); // forgets every document state
    const fresh = await provide(editor);
    assert.deepEqual(cached?.map(textOf), fresh?.map(textOf));

    const after = await api.workerStats();
    assert.equal(after.tensors, before.tensors, 'no tfjs tensors leak');
    assert.ok(after.snapshots <= 16 * 40, `${after.snapshots} snapshots`);
    assert.ok(after.heapUsed - before.heapUsed < 32 * 2 ** 20, `worker heap grew by ${((after.heapUsed - before.heapUsed) / 2 ** 20).toFixed(1)} MB`);
    assert.ok(process.memoryUsage().heapUsed - heapBefore < 64 * 2 ** 20, 'extension host heap');
  });

  test('a fine-tuned model in the workspace storage is used; a broken one falls back with a warning', async () => {
    const dir = api.fineTunedModelDir;
    try {
      mkdirSync(dir, { recursive: true });
      // A valid model folder (a copy of the bundled one) where the training panel saves its model.
      cpSync(join(extensionPath, 'models', 'lm'), dir, { recursive: true });
      const changes: string[] = [];
      const listener = api.onDidChangeModel((m) => changes.push(m.kind));
      assert.equal((await api.reloadModel()).kind, 'fine-tuned');
      assert.equal(api.status().kind, 'fine-tuned');
      await provide(await open(PROSE));
      assert.notEqual(lastRecord().outcome, 'failed');

      writeFileSync(`${dir}/weights.bin`, new Uint8Array(10)); // truncated weights
      const loaded = await api.reloadModel();
      assert.equal(loaded.kind, 'bundled');
      assert.match(loaded.warning ?? '', /fine-tuned model could not be loaded/);
      listener.dispose();
      assert.deepEqual(changes, ['fine-tuned', 'bundled']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await api.reloadModel();
    }
    assert.equal(api.status().kind, 'bundled');
  });
});
