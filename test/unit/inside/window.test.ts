// The window "Look Inside the Model" reads around the cursor, and the checks on the panel's messages.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkInsideHostMessage, checkInsideWebviewMessage } from '../../../src/inside/protocol';
import { chooseWindow, WINDOW_BYTES, type WindowSource } from '../../../src/inside/window';

const source = (doc: string): WindowSource => ({ length: doc.length, text: (s, e) => doc.slice(s, e) });
const bytes = (s: string) => new TextEncoder().encode(s).length;

const CODE = Array.from({ length: 400 }, (_, i) => `const line${i} = ${i};\n`).join('');

test('a new window holds at most WINDOW_BYTES, mostly before the cursor, from a line start', () => {
  const cursor = 6000;
  const w = chooseWindow(source(CODE), cursor);
  assert.ok(w.start <= cursor && cursor <= w.end);
  assert.ok(bytes(CODE.slice(w.start, w.end)) <= WINDOW_BYTES);
  assert.equal(CODE[w.start - 1], '\n');
  assert.ok(cursor - w.start > (w.end - cursor) * 2, `${w.start}..${cursor}..${w.end}`);
  // A short document is read whole.
  assert.deepEqual(chooseWindow(source('abc\ndef'), 5), { start: 0, end: 7 });
});

test('the window stays while the cursor moves inside it, and moves when the cursor nears its end or leaves', () => {
  const first = chooseWindow(source(CODE), 6000);
  assert.equal(chooseWindow(source(CODE), 5000, first).start, first.start);
  assert.equal(chooseWindow(source(CODE), first.start, first).start, first.start);
  assert.notEqual(chooseWindow(source(CODE), first.end - 10, first).start, first.start);
  assert.notEqual(chooseWindow(source(CODE), first.start - 1, first).start, first.start);
  // Text typed at the cursor keeps the start; the end follows the text.
  const edited = CODE.slice(0, 5000) + 'typed' + CODE.slice(5000);
  const after = chooseWindow(source(edited), 5005, first);
  assert.equal(after.start, first.start);
});

test('wide characters: fewer of them, never half of a surrogate pair', () => {
  const zh = '红楼梦😀'.repeat(2000);
  const w = chooseWindow(source(zh), 5000);
  const text = zh.slice(w.start, w.end);
  assert.ok(bytes(text) <= WINDOW_BYTES && bytes(text) > WINDOW_BYTES * 0.8, `${bytes(text)} bytes`);
  assert.ok(w.start <= 5000 && 5000 <= w.end);
  assert.ok(!/^[\udc00-\udfff]/.test(text) && !/[\ud800-\udbff]$/.test(text), 'whole characters');
});

test('messages from the webview and the host are checked field by field', () => {
  assert.ok(checkInsideWebviewMessage({ type: 'detail', index: 3 }).ok);
  assert.ok(checkInsideWebviewMessage({ type: 'detail', index: 3, unit: 5 }).ok);
  assert.equal(checkInsideWebviewMessage({ type: 'detail', index: '3' }).ok, false);
  assert.equal(checkInsideWebviewMessage({ type: 'eval', code: '1' }).ok, false);
  assert.equal(checkInsideWebviewMessage({ type: 'selectUnit', unit: 1.5 }).ok, false);
  const window = { type: 'window', file: 'a.ts', text: 'ab', chars: 2, cursor: 1, signals: new Uint8Array(6), unitIds: [], units: [{ unit: 1, property: 'inString', correlation: 0.7 }], modelMs: 3 };
  assert.ok(checkInsideHostMessage(window).ok);
  assert.equal(checkInsideHostMessage({ ...window, units: [{ unit: 1, property: 'nonsense', correlation: 0.7 }] }).ok, false);
  assert.equal(checkInsideHostMessage({ ...window, text: 'x'.repeat(100_000) }).ok, false);
  assert.equal(checkInsideHostMessage({ type: 'detail', index: 0, char: 'a', bits: 1, zMean: 0.5, rMean: 0.5, next: [{ text: '<script>'.repeat(3), probability: 1 }] }).ok, false);
});

test('positions in a window are non-negative integers: a negative cursor, character or unit is rejected', () => {
  assert.ok(checkInsideHostMessage({ type: 'cursor', cursor: 0 }).ok);
  assert.equal(checkInsideHostMessage({ type: 'cursor', cursor: -1 }).ok, false);
  const window = { type: 'window', file: 'a.ts', text: 'ab', chars: 2, cursor: 1, signals: new Uint8Array(6), unitIds: [], units: [], modelMs: 3 };
  assert.ok(checkInsideHostMessage(window).ok);
  assert.equal(checkInsideHostMessage({ ...window, cursor: -1 }).ok, false);
  assert.equal(checkInsideHostMessage({ ...window, chars: -2 }).ok, false);
  assert.equal(checkInsideWebviewMessage({ type: 'detail', index: -1 }).ok, false);
  assert.equal(checkInsideWebviewMessage({ type: 'detail', index: 0, unit: -3 }).ok, false);
  assert.equal(checkInsideWebviewMessage({ type: 'selectUnit', unit: -1 }).ok, false);
  const rejected = checkInsideHostMessage({ type: 'cursor', cursor: -1 });
  assert.ok(!rejected.ok && /cursor must be an integer ≥ 0/.test(rejected.error), 'the reason names the field and the range');
});
