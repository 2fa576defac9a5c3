import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestAcceptance, isWordBoundary, wordUnits } from '../../../src/model/lm/keystrokes';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (parts: Uint8Array[]) => parts.map((p) => new TextDecoder().decode(p));

test('a suggestion is accepted word by word as Ctrl+Right does: separators lead each word', () => {
  assert.deepEqual(dec(wordUnits('(let i = 0;')), ['(let', ' i', ' = 0', ';']);
  assert.deepEqual(dec(wordUnits(' walk in the park')), [' walk', ' in', ' the', ' park']);
  assert.deepEqual(dec(wordUnits('我们还决定，明天')), ['我们还决定', '，明天']);
  assert.deepEqual(wordUnits(''), []);
});

test('the typist takes the longest run of whole words that is typed next, if it saves keys', () => {
  const real = enc('we went for a walk in the park today');
  // All of it matches: one Tab for 12 bytes.
  assert.deepEqual(bestAcceptance('went for a ', real, 3), { bytes: 11, keys: 1, firstWordRight: true });
  // Two words right, then wrong: two Ctrl+Right for " walk in".
  assert.deepEqual(bestAcceptance(' walk in a forest', real, 13), { bytes: 8, keys: 2, firstWordRight: true });
  // First word wrong: nothing taken.
  assert.deepEqual(bestAcceptance('ran home', real, 3), { bytes: 0, keys: 0, firstWordRight: false });
  // A one-byte word saves nothing over typing it.
  assert.deepEqual(bestAcceptance('a b', real, 12), { bytes: 0, keys: 0, firstWordRight: true });
  // Words are the suggestion's: " wal" is right as far as it goes, and the typist adds the "k".
  assert.deepEqual(bestAcceptance(' wal', real, 13), { bytes: 4, keys: 1, firstWordRight: true });
});

test('word boundaries: after a space, punctuation, a line start or a CJK character', () => {
  assert.equal(isWordBoundary('The next release will '), true);
  assert.equal(isWordBoundary('for (let i = 0; i < '), true);
  assert.equal(isWordBoundary('我们还决定'), true);
  assert.equal(isWordBoundary(''), true);
  assert.equal(isWordBoundary('lunc'), false);
});
