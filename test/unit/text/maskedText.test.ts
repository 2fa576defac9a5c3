import assert from 'node:assert/strict';
import { test } from 'node:test';
import { documentSentences } from '../../../src/text/extract';
import { MaskedText } from '../../../src/text/spans';
import { largeMarkdown } from '../../integration/largeDocument';

test('MaskedText: masked characters become spaces, line breaks and offsets stay', () => {
  const text = 'ab\tc\r\nd😀e\nfgh';
  const masked = new MaskedText(text);
  assert.equal(masked.toString(), text, 'unmasked text is the original');
  masked.mask(1, 9);
  assert.equal(masked.toString(), 'a   \r\n   e\nfgh');
  assert.equal(masked.toString().length, text.length);
  masked.mask(-5, 100);
  assert.equal(masked.toString(), '    \r\n    \n   ');
});

test('MaskedText: a surrogate pair left unmasked is kept whole', () => {
  const masked = new MaskedText('x 😀 y');
  masked.mask(0, 1);
  assert.equal(masked.toString(), '  😀 y');
});

test('MaskedText: a text longer than one conversion slice round-trips', () => {
  const text = 'word '.repeat(10_000) + 'end';
  const masked = new MaskedText(text);
  masked.mask(text.length - 3, text.length);
  assert.equal(masked.toString(), 'word '.repeat(10_000) + '   ');
});

test('the large test document: every generated prose sentence is found, code blocks are not', () => {
  const { text, sentences } = largeMarkdown(60_000, 7);
  const spans = documentSentences(text, 'markdown');
  assert.equal(spans.length, sentences);
  assert.ok(spans.every((s) => !s.text.includes('const rating')));
  assert.notEqual(largeMarkdown(60_000, 8).text, text, 'another seed gives another document');
});
