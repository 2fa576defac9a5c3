import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endsInCommentOrString } from '../../../src/text/comments';

test('inside a comment or a string at the end of the text, by the language\'s marks', () => {
  const ts = (text: string) => endsInCommentOrString(text, 'typescript');
  assert.equal(ts('const a = 1; // the next '), true);
  assert.equal(ts('const a = 1; // done\nconst b = '), false);
  assert.equal(ts('/* a block\n   still in it '), true);
  assert.equal(ts('/* closed */ call('), false);
  assert.equal(ts('const s = "hello wor'), true);
  assert.equal(ts('const s = "a \\" quote'), true, 'an escaped quote does not end the string');
  assert.equal(ts('const s = "done"; f('), false);
  assert.equal(ts('const s = "open\nnext line '), false, 'a double-quoted string ends at the line end');
  assert.equal(ts('const t = `spans\nlines '), true, 'a template string does not');
  assert.equal(ts('const u = "http://example"; x'), false, '// inside a string is not a comment');
  assert.equal(endsInCommentOrString('x = 1  # note ', 'python'), true);
  assert.equal(endsInCommentOrString('"""doc\nstring ', 'python'), true);
  assert.equal(endsInCommentOrString('anything', 'markdown'), undefined, 'not a known language');
});
