import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tokenize } from '../../../src/model/sentiment/tokenizer';
import { OOV_INDEX, sameWords, Vocabulary } from '../../../src/model/sentiment/vocabulary';

test('SST-2 treebank text and editor text give the same tokens', () => {
  const pairs: Array<[string, string]> = [
    ["it 's not that i do n't like it .", "It's not that I don't like it."],
    ["you ca n't miss it , and we wo n't .", "You can't miss it, and we won't."],
    ["i 'm sure they 've seen it and you 'll love it", "I'm sure they've seen it and you'll love it"],
    ["it 's a `` masterpiece '' !", 'It’s a "masterpiece"!'],
  ];
  for (const [sst, editor] of pairs) assert.deepEqual(tokenize(editor), tokenize(sst), editor);
});

test('lower-cases and splits clitics the treebank way', () => {
  assert.deepEqual(tokenize("Don't STOP, it's GREAT!"), ['do', "n't", 'stop', ',', 'it', "'s", 'great', '!']);
  assert.deepEqual(tokenize("can't"), ['ca', "n't"]);
});

test('keeps punctuation, drops white space and quote marks', () => {
  assert.deepEqual(tokenize('  "Well" -- fine.  '), ['well', '-', '-', 'fine', '.']);
  assert.deepEqual(tokenize(''), []);
});

test('unknown words map to the OOV index', () => {
  const v = Vocabulary.fromCounts(new Map([['good', 5], ['bad', 4], ['rare', 1]]), 2);
  assert.deepEqual([...v.encode(['good', 'rare', 'bad', 'zzz'])], [2, OOV_INDEX, 3, OOV_INDEX]);
  assert.equal(v.size, 4);
});

test('two word lists are the same vocabulary only with the same word at every id', () => {
  const words = ['<pad>', '<oov>', 'good', 'bad'];
  assert.ok(sameWords(words, [...words]));
  assert.ok(!sameWords(words, ['<pad>', '<oov>', 'bad', 'good']));
  assert.ok(!sameWords(words, words.slice(0, 3)));
  assert.ok(!sameWords(words, [...words, 'fine']));
});
