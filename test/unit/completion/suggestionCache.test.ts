import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { SuggestionCache } from '../../../src/completion/suggestionCache';

const place = { uri: 'file:///a.md', line: 3, linePrefix: 'What is your na', lineSuffix: '' };

test('typing along a suggestion finds the rest of it', () => {
  const cache = new SuggestionCache();
  cache.store(place, 'me, please?');
  assert.equal(cache.lookup(place), 'me, please?');
  assert.equal(cache.lookup({ ...place, linePrefix: 'What is your nam' }), 'e, please?');
  assert.equal(cache.lookup({ ...place, linePrefix: 'What is your name, pl' }), 'ease?');
  assert.equal(cache.lookup({ ...place, linePrefix: 'What is your nab' }), undefined, 'typed something else');
  assert.equal(cache.lookup({ ...place, lineSuffix: ')' }), undefined, 'different text after the cursor');
  assert.equal(cache.lookup({ ...place, line: 4 }), undefined, 'another line');
});

test('a multi-line suggestion is served along its first line', () => {
  const cache = new SuggestionCache();
  cache.store({ ...place, linePrefix: 'if (x) ' }, '{\n  y();\n}');
  assert.equal(cache.lookup({ ...place, linePrefix: 'if (x) {' }), '\n  y();\n}');
});

test('edits elsewhere drop a document\'s entries; the cursor line can be kept', () => {
  const cache = new SuggestionCache();
  cache.store(place, 'me');
  cache.store({ ...place, line: 9 }, 'other');
  cache.store({ ...place, uri: 'file:///b.md' }, 'kept');
  cache.invalidate(place.uri, 3);
  assert.equal(cache.lookup(place), 'me');
  assert.equal(cache.lookup({ ...place, line: 9 }), undefined);
  cache.invalidate(place.uri);
  assert.equal(cache.lookup(place), undefined);
  assert.equal(cache.lookup({ ...place, uri: 'file:///b.md' }), 'kept');
});

test('the least recently used entries go first when full', () => {
  const cache = new SuggestionCache(3);
  for (const p of ['a', 'b', 'c']) cache.store({ ...place, linePrefix: p }, '');
  cache.lookup({ ...place, linePrefix: 'a' });
  cache.store({ ...place, linePrefix: 'd' }, '');
  assert.equal(cache.size, 3);
  assert.equal(cache.lookup({ ...place, linePrefix: 'b' }), undefined);
  assert.equal(cache.lookup({ ...place, linePrefix: 'a' }), '');
});

/** `gc` from V8 even when the runner was started without --expose-gc. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

// The heap growth it prints is the figure of docs/BENCHMARKS.md ("Hostile documents"); what it asserts is the
// mechanism: an entry's key holds a digest of the line, not the line, so every entry is a few hundred bytes.
test('a 1 MB line: 20 requests along it keep small entries, up to the cache\'s count bound', () => {
  const gc = collector();
  const line = 'var a=1;function b(c){return c+1}'.repeat(31_000); // one minified line, about 1 MB
  const suggestion = 'x'.repeat(48); // a suggestion of 48 characters stores 48 entries
  const cache = new SuggestionCache();
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 20; i++) {
    const at = Math.floor((line.length * (i + 1)) / 21);
    const place = { uri: 'file:///min.js', line: 0, linePrefix: line.slice(0, at), lineSuffix: line.slice(at) };
    cache.store(place, suggestion);
    assert.equal(cache.lookup(place), suggestion);
  }
  gc();
  const grown = process.memoryUsage().heapUsed - before;
  console.log(`heap growth after 20 requests on a 1 MB line: ${(grown / 2 ** 20).toFixed(2)} MB; the cache counts ${cache.bytes} bytes`);
  assert.equal(cache.size, 512, 'the newest 512 entries (of 20 x 48) are all kept: none is pushed out by its bytes');
  assert.ok(cache.bytes / cache.size < 1024, `${cache.bytes / cache.size} bytes an entry`);
});

test('the cache is bounded in bytes: long suggestions push out old entries', () => {
  const cache = new SuggestionCache(512, 20_000);
  for (let i = 0; i < 50; i++) cache.store({ ...place, line: i }, `${'z'.repeat(1000)}\nmore`);
  assert.ok(cache.bytes <= 20_000, `${cache.bytes} bytes`);
  assert.equal(cache.lookup({ ...place, line: 0 }), undefined, 'the oldest went first');
  assert.equal(cache.lookup({ ...place, line: 49 }), `${'z'.repeat(1000)}\nmore`);
});
