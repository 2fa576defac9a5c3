import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ByteBoundedCache, stringBytes } from '../../../src/byteBoundedCache';

const cacheOf = (maxBytes: number, maxEntries?: number) => new ByteBoundedCache<string, string>({ maxBytes, maxEntries }, (k, v) => stringBytes(k) + stringBytes(v));

test('the least recently used entries go first when the bytes are over the limit', () => {
  const cache = cacheOf(1000);
  for (const key of ['a', 'b', 'c']) cache.set(key, 'x'.repeat(200)); // 426 bytes each with their keys
  assert.deepEqual(['a', 'b', 'c'].map((k) => cache.has(k)), [false, true, true]);
  assert.equal(cache.bytes, 2 * (stringBytes('b') + stringBytes('x'.repeat(200))));
  cache.get('b');
  cache.set('d', 'y');
  cache.set('e', 'x'.repeat(200));
  assert.deepEqual(['b', 'c', 'd', 'e'].map((k) => cache.has(k)), [true, false, true, true]);
  assert.ok(cache.bytes <= 1000);
});

test('an entry larger than the whole limit is not kept, and replacing an entry counts its new size', () => {
  const cache = cacheOf(1000, 2);
  cache.set('a', 'small');
  cache.set('huge', 'x'.repeat(1000));
  assert.equal(cache.has('huge'), false);
  assert.equal(cache.get('a'), 'small');
  cache.set('a', 'x'.repeat(100));
  assert.equal(cache.bytes, stringBytes('a') + stringBytes('x'.repeat(100)));
  cache.set('b', '');
  cache.set('c', '');
  assert.equal(cache.size, 2, 'the entry count is bounded too');
  cache.deleteWhere((_, key) => key === 'c');
  assert.equal(cache.size, 1);
  cache.clear();
  assert.equal(cache.bytes, 0);
});
