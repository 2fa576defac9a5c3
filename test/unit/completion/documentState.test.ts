import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHAIN_MAX_CHARS, CONTEXT_CHARS, DocumentState, WINDOW_CHARS } from '../../../src/completion/worker/documentState';
import { ScriptedDecoder } from './fakeDecoder';

const never = () => false;
const bytesOf = (s: string) => Array.from(new TextEncoder().encode(s));
/** The scripted decoder's state is the list of bytes it read since its last reset. */
const readSoFar = (d: ScriptedDecoder) => d.read;

/** What the client sends for a cursor at `cursor` in `doc`. */
function windowAt(doc: string, cursor: number) {
  const windowStart = Math.max(0, cursor - WINDOW_CHARS);
  return { windowStart, text: doc.slice(windowStart, cursor) };
}

function prepare(state: DocumentState, d: ScriptedDecoder, doc: string, cursor = doc.length) {
  const { windowStart, text } = windowAt(doc, cursor);
  return state.prepare(d, windowStart, text, never);
}

const lines = (n: number, tag = 'line') => Array.from({ length: n }, (_, i) => `${tag} ${i} of the document\n`).join('');

test('reads a short document from its start', () => {
  const d = new ScriptedDecoder('', '');
  const s = new DocumentState();
  const doc = 'Hello 世界 🌍 and more\nsecond line';
  const r = prepare(s, d, doc);
  assert.equal(r.done, true);
  assert.equal(s.origin, 0);
  assert.deepEqual(readSoFar(d), bytesOf(doc));
  assert.equal(r.fedBytes, bytesOf(doc).length);
});

test('typing one character reads one character', () => {
  const d = new ScriptedDecoder('', '');
  const s = new DocumentState();
  let doc = lines(10);
  prepare(s, d, doc);
  for (const ch of 'typing along') {
    s.applyEdits([{ offset: doc.length, removed: 0, inserted: 1 }]);
    doc += ch;
    d.feeds = 0;
    prepare(s, d, doc);
    assert.equal(d.feeds, 1);
    assert.deepEqual(readSoFar(d), bytesOf(doc));
  }
});

test('an edit rewinds to the snapshot before it and re-reads only from there', () => {
  const d = new ScriptedDecoder('', '');
  const s = new DocumentState();
  const doc = lines(20);
  prepare(s, d, doc);
  const at = 300;
  const edited = doc.slice(0, at) + 'INSERTED' + doc.slice(at + 3);
  s.applyEdits([{ offset: at, removed: 3, inserted: 8 }]);
  d.feeds = 0;
  prepare(s, d, edited);
  assert.deepEqual(readSoFar(d), bytesOf(edited));
  assert.ok(d.feeds <= edited.length - at + 64, `re-read ${d.feeds} bytes`);
  assert.ok(d.feeds < edited.length / 2);
});

test('a change nobody reported is found by comparing the text', () => {
  const d = new ScriptedDecoder('', '');
  const s = new DocumentState();
  const doc = lines(20);
  prepare(s, d, doc);
  const changed = doc.slice(0, 400) + 'X' + doc.slice(401);
  prepare(s, d, changed);
  assert.deepEqual(readSoFar(d), bytesOf(changed));
});

test('in a long document the chain starts near the cursor and edits above it only move it', () => {
  const d = new ScriptedDecoder('', '');
  const s = new DocumentState();
  let doc = lines(500);
  prepare(s, d, doc);
  assert.ok(s.origin > 0 && doc.length - s.origin <= CONTEXT_CHARS + 64, `origin ${s.origin}`);
  assert.equal(doc[s.origin - 1], '\n', 'the chain starts at a line start');
  assert.deepEqual(readSoFar(d), bytesOf(doc.slice(s.origin)));
  const origin = s.origin;
  doc = 'new first line\n' + doc;
  s.applyEdits([{ offset: 0, removed: 0, inserted: 15 }]);
  assert.equal(s.origin, origin + 15);
  d.feeds = 0;
  prepare(s, d, doc);
  assert.equal(d.feeds, 0, 'nothing to re-read');
  assert.deepEqual(readSoFar(d), bytesOf(doc.slice(s.origin)));
});

test('moving far away starts a new chain; an edit across the chain start clears it', () => {
  const d = new ScriptedDecoder('', '');
  const s = new DocumentState();
  const doc = lines(500);
  prepare(s, d, doc);
  prepare(s, d, doc, 5000);
  assert.ok(s.origin < 5000 && s.origin >= 5000 - CONTEXT_CHARS - 1);
  assert.deepEqual(readSoFar(d), bytesOf(doc.slice(s.origin, 5000)));
  s.applyEdits([{ offset: s.origin - 5, removed: 10, inserted: 0 }]);
  assert.equal(s.origin, -1);
});

test('a stale request stops reading, and the next one continues from what was read', () => {
  const d = new ScriptedDecoder('', '');
  const s = new DocumentState();
  const doc = lines(40);
  let checks = 0;
  const { windowStart, text } = windowAt(doc, doc.length);
  const r = s.prepare(d, windowStart, text, () => ++checks > 10);
  assert.equal(r.done, false);
  d.feeds = 0;
  prepare(s, d, doc);
  assert.deepEqual(readSoFar(d), bytesOf(doc.slice(s.origin)));
  assert.ok(d.feeds < text.length - 64, 'kept the snapshots it had taken');
});

test('snapshots stay bounded', () => {
  const d = new ScriptedDecoder('', '');
  const s = new DocumentState();
  let doc = lines(100);
  for (let i = 0; i < 300; i++) {
    const cursor = (i * 7919) % doc.length;
    doc = doc.slice(0, cursor) + 'ab' + doc.slice(cursor);
    s.applyEdits([{ offset: cursor, removed: 0, inserted: 2 }]);
    prepare(s, d, doc, cursor + 2);
    assert.deepEqual(readSoFar(d), bytesOf(doc.slice(s.origin, cursor + 2)));
  }
  assert.ok(s.snapshotCount <= CHAIN_MAX_CHARS / 64 + 5, `${s.snapshotCount} snapshots`);
});

test('a new chain is given the text before it to remember, up to the window', () => {
  class Remembering extends ScriptedDecoder {
    remembered = '';
    override reset(): void {
      super.reset();
      this.remembered = '';
    }
    remember(bytes: Uint8Array): void {
      this.remembered += new TextDecoder().decode(bytes);
    }
  }
  const d = new Remembering('', '');
  const s = new DocumentState();
  const doc = lines(600, '段落');
  prepare(s, d, doc);
  assert.ok(s.origin > 0);
  assert.ok(d.remembered.length > CONTEXT_CHARS, `${d.remembered.length} chars remembered`);
  assert.ok(doc.slice(0, s.origin).endsWith(d.remembered), 'the text right before the chain, whole characters');
  assert.deepEqual(readSoFar(d), bytesOf(doc.slice(s.origin)));
});
