import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findLookalikes } from '../../../src/text/lookalikes';

const words = (text: string) => findLookalikes(text).map((l) => [l.word, l.like, l.likeCount, text.slice(l.start, l.end)]);

test('a word seen once and one typo from a word used elsewhere is found, with that word', () => {
  // Swapped, replaced, added and left-out letters.
  assert.deepEqual(words('length = a.length + b.lenght;'), [['lenght', 'length', 2, 'lenght']]);
  assert.deepEqual(words('value(x); value(y); valua(z);'), [['valua', 'value', 2, 'valua']]);
  assert.deepEqual(words('count++; count--; counnt = 0;'), [['counnt', 'count', 2, 'counnt']]);
  // Each seen once: either may be the typo, so both are named.
  assert.deepEqual(words('result = f(); return reslt;'), [['result', 'reslt', 1, 'result'], ['reslt', 'result', 1, 'reslt']]);
  // The more used of two candidates is named.
  assert.deepEqual(words('items itemz itemz items items iteml').find((w) => w[0] === 'iteml'), ['iteml', 'items', 3, 'iteml']);
});

test('words used twice, short words, case and digit variants are not lookalikes', () => {
  assert.deepEqual(words('lenght lenght length length'), [], 'both spellings used twice: neither stands out');
  assert.deepEqual(words('abc abd'), [], 'three letters differ by one too easily');
  assert.deepEqual(words('Value value'), [], 'the type and the variable');
  assert.deepEqual(words('arg1 arg2 arg3'), [], 'numbered names');
  assert.deepEqual(words('完全 lenght 中文 length length'), [['lenght', 'length', 2, 'lenght']], 'offsets are in the text given');
});
