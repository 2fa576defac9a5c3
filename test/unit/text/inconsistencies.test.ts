import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findInconsistencies, mismatchedBrackets } from '../../../src/text/inconsistencies';

/** The flagged lines as [index, kind]. */
const flagged = (lines: string[]) => findInconsistencies(lines).flatMap((k, i) => (k ? [[i, k]] : []));

test('an operator the file has the other way elsewhere', () => {
  assert.deepEqual(flagged(['if (i < n) a();', 'if (i < n) b();', 'if (i > n) c();']), [[2, 'operator']]);
  assert.deepEqual(flagged(['x = a && b;', 'y = a && b;', 'z = a || b;']), [[2, 'operator']]);
  // Both written once: either may be the slip, so both are named; used twice each, neither stands out.
  assert.deepEqual(flagged(['p = i + 1;', 'q = i - 1;']), [[0, 'operator'], [1, 'operator']]);
  assert.deepEqual(flagged(['p = i + 1;', 'q = i - 1;', 'r = i + 1;', 's = i - 1;']), []);
  // An operator with no counterpart, or whose neighbours differ, is not compared.
  assert.deepEqual(flagged(['a = b * c;', 'd = b / c;', 'e = x < y;', 'f = x2 > y;']), []);
});

test('two arguments in the order the file has the other way elsewhere', () => {
  assert.deepEqual(flagged(['copy(dst, src);', 'move(dst, src);', 'copy(src, dst);']), [[2, 'argument order']]);
  // Any neighbouring pair of a list, white space aside.
  assert.deepEqual(flagged(['f(a, b,  c);', 'g(x, c, b);', 'h(x, b, c);']), [[1, 'argument order']]);
  assert.deepEqual(flagged(['f(a, a);', 'g(a, b);', 'h(b, c);']), [], 'no pair comes the other way');
});

test('neighbouring tokens where the file has a token between them twice elsewhere', () => {
  assert.deepEqual(flagged(['return *this;', 'x = *this;', 'return *;']), [[2, 'dropped token']]);
  assert.deepEqual(flagged(['f(x, y);', 'g(x, y);', 'h(x y);']), [[2, 'dropped token']]);
  assert.deepEqual(flagged(['return *this;', 'return *;']), [], 'once elsewhere is not enough');
  assert.deepEqual(flagged(['return *this;', 'x = *this;', 'return *;', 'y = *;']), [], 'the short form comes twice too');
});

test('comment lines, given empty, are not compared', () => {
  assert.deepEqual(flagged(['if (i < n) a();', 'if (i < n) b();', '']), []);
});

test('brackets closed by another kind mark their lines', () => {
  // The `(` of line 1 is never closed: the `}` of line 2 finds it on top.
  assert.deepEqual([...mismatchedBrackets(['f() {', '  g(a, h(b);', '}'])].sort(), [1, 2]);
  assert.deepEqual([...mismatchedBrackets(['{', 'x = a[0]);', '}'])], [], 'a closing bracket with none of its kind open');
  assert.deepEqual([...mismatchedBrackets(['case $1 in', '  -h) help ;;', 'esac'])], [], 'a shell case pattern');
  assert.deepEqual([...mismatchedBrackets(['f(', '  a,', ')', 'g[1]'])], [], 'brackets over several lines');
  assert.deepEqual([...mismatchedBrackets(['s = "(" + \')\' + `]`;', 't = 1; // a) b'])], [], 'quoted, or in a comment after code');
  // Left open at the end of the file is not a mismatch (the file may be cut short, or open a block).
  assert.deepEqual([...mismatchedBrackets(['f(a, {'])], []);
  assert.deepEqual(flagged(['f() {', '  g(a, h(b);', '}']), [[1, 'bracket'], [2, 'bracket']]);
});
