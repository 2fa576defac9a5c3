// When "Look Inside the Model" has the worker read a window and what it posts: the read ahead while the
// webview loads, the window asked for again on 'ready' (which the worker's views answer from what they keep),
// updates coalesced while one runs, a failed read posted as 'empty'.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InsideWindow } from '../../../src/model/inside/view';
import type { InsideHostMessage } from '../../../src/inside/protocol';
import { InsideViews } from '../../../src/inside/workerSide';
import { type EditorWindow, WindowUpdates, windowKey } from '../../../src/inside/windowUpdates';
import { tinyDecoder } from './tinyModel';

const URI = 'file:///a.ts';

/** A panel and an editor (`at`, changed by the test) around WindowUpdates; `read` answers through `answer`. */
function setup(answer: (key: string, text: string) => Promise<InsideWindow>) {
  const posted: InsideHostMessage[] = [];
  const reads: Array<{ key: string; text: string }> = [];
  /** What each `current` call was given: the window shown (its key) and whether the webview was ready. */
  const asked: Array<{ shown: string | undefined; ready: boolean }> = [];
  const named: string[] = [];
  const editor = { at: { uri: URI, start: 0, end: 11, text: 'let x = 1;\n', cursor: 3 } as EditorWindow | undefined, open: true };
  const updates = new WindowUpdates({
    isOpen: () => editor.open,
    post: (m) => posted.push(m),
    current: (shown, ready) => {
      asked.push({ shown: shown?.key, ready });
      if (!editor.at) posted.push({ type: 'empty', reason: 'no editor' });
      return editor.at;
    },
    fileOf: (uri) => { named.push(uri); return 'a.ts'; },
    read: (key, text) => { reads.push({ key, text }); return answer(key, text); },
  });
  return { updates, posted, reads, editor, asked, named };
}

/** Lets the promises settle. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** The worker's side, as the language-model worker keeps it: a view per key, the last result kept. */
function worker() {
  const views = new InsideViews(tinyDecoder());
  const results: InsideWindow[] = [];
  const read = async (key: string, text: string) => {
    const window = views.update(key, text, []);
    results.push(window);
    return window;
  };
  return { read, results };
}

test('before the webview is ready, the worker reads the window and nothing is posted', async () => {
  const w = worker();
  const { updates, posted, reads } = setup(w.read);
  updates.opened();
  await settle();
  assert.deepEqual(reads, [{ key: windowKey(URI, 0), text: 'let x = 1;\n' }]);
  assert.deepEqual(posted, []);
  assert.equal(updates.shown, undefined, 'nothing is shown yet: ready posts the window whole');
});

test('ready asks for the same window under the same key, and the worker answers from the view it kept', async () => {
  const w = worker();
  const { updates, posted, reads } = setup(w.read);
  updates.opened();
  await settle();
  updates.webviewReady();
  await settle();
  assert.equal(reads.length, 2);
  assert.deepEqual(reads[1], reads[0]);
  assert.equal(w.results[1], w.results[0], 'the window read ahead, not read again');
  assert.equal(posted.length, 1);
  const [message] = posted;
  assert.ok(message.type === 'window');
  assert.equal(message.text, 'let x = 1;\n');
  assert.equal(message.cursor, 3);
  assert.equal(message.chars, w.results[0].chars);
  assert.deepEqual(message.signals, w.results[0].signals);
  assert.equal(updates.shown?.key, windowKey(URI, 0));
});

test('once shown, a cursor move posts the cursor alone; a webview loaded again gets the window whole', async () => {
  const w = worker();
  const { updates, posted, reads, editor, asked, named } = setup(w.read);
  updates.opened();
  await settle();
  updates.webviewReady();
  await settle();
  assert.equal((posted[0] as { file?: string }).file, 'a.ts');
  editor.at = { ...editor.at!, cursor: 5 };
  updates.schedule();
  await settle();
  assert.deepEqual(posted.at(-1), { type: 'cursor', cursor: 5 });
  assert.equal(reads.length, 2);
  assert.equal(named.length, 2, 'the file is named for a window read, not for a cursor move');
  // The host is told what is shown (to keep the window while it fits) and whether the webview is ready.
  assert.deepEqual(asked, [{ shown: undefined, ready: false }, { shown: undefined, ready: true }, { shown: windowKey(URI, 0), ready: true }]);
  updates.webviewReady();
  await settle();
  assert.deepEqual(posted.map((m) => m.type), ['window', 'cursor', 'window']);
});

test('ready while the read ahead runs: the window is posted once read, the update after it posts the cursor', async () => {
  const w = worker();
  const { updates, posted, reads } = setup(w.read);
  updates.opened();
  updates.webviewReady();
  await settle();
  assert.deepEqual(posted.map((m) => m.type), ['window', 'cursor']);
  assert.equal(reads.length, 1);
});

test('updates asked for while one runs make one more after it, with the latest text', async () => {
  const w = worker();
  const waiting: Array<() => void> = [];
  const { updates, posted, reads, editor } = setup((key, text) => new Promise((resolve) => waiting.push(() => resolve(w.read(key, text)))));
  const answer = async () => { waiting.shift()!(); await settle(); };
  updates.opened();
  await answer();
  updates.webviewReady();
  await answer();
  for (const text of ['let y = 1;\n', 'let y = 2;\n', 'let y = 3;\n']) {
    editor.at = { ...editor.at!, text };
    updates.schedule();
  }
  await settle();
  assert.equal(reads.length, 3, 'one read at a time');
  await answer();
  assert.deepEqual(reads.map((r) => r.text), ['let x = 1;\n', 'let x = 1;\n', 'let y = 1;\n', 'let y = 3;\n']);
  await answer();
  assert.equal(reads.length, 4, 'no more after the one that followed');
  assert.deepEqual(waiting, []);
  assert.deepEqual(posted.map((m) => m.type === 'window' && m.text), ['let x = 1;\n', 'let y = 1;\n', 'let y = 3;\n']);
});

test('a read that fails posts empty with its reason, and the next update reads again', async () => {
  let fail: unknown = new Error('no language model is loaded');
  const w = worker();
  const { updates, posted, reads } = setup((key, text) => (fail ? Promise.reject(fail) : w.read(key, text)));
  updates.opened();
  updates.webviewReady();
  await settle();
  assert.deepEqual(posted, [{ type: 'empty', reason: 'no language model is loaded' }, { type: 'empty', reason: 'no language model is loaded' }]);
  fail = 'gone';
  updates.schedule();
  await settle();
  assert.deepEqual(posted.at(-1), { type: 'empty', reason: 'gone' });
  fail = undefined;
  updates.schedule();
  await settle();
  assert.equal(posted.at(-1)?.type, 'window');
  assert.equal(reads.length, 4);
});

test('no editor: the host says why and the worker reads nothing; no panel: nothing at all', async () => {
  const w = worker();
  const { updates, posted, reads, editor } = setup(w.read);
  editor.at = undefined;
  updates.opened();
  updates.webviewReady();
  await settle();
  assert.deepEqual(posted.map((m) => m.type), ['empty', 'empty']);
  editor.open = false;
  updates.schedule();
  await settle();
  assert.equal(posted.length, 2);
  assert.equal(reads.length, 0);
});
