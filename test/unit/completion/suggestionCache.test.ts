import { test } from 'node:test';
import assert from 'node:assert/strict';
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
