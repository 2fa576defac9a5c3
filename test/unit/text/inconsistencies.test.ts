import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeOf, findInconsistencies, mismatchedBrackets } from '../../../src/text/inconsistencies';

/** The flagged lines as [index, kind]. */
const flagged = (lines: string[]) => findInconsistencies(lines).flatMap((k, i) => (k ? [[i, k.kind]] : []));

test('an operator the file has the other way elsewhere', () => {
  assert.deepEqual(flagged(['if (i < n) a();', 'if (i < n) b();', 'if (i > n) c();']), [[2, 'operator']]);
  assert.deepEqual(flagged(['x = a && b;', 'y = a && b;', 'z = a || b;']), [[2, 'operator']]);
  // `+` and `-` twice: code writes both once each.
  assert.deepEqual(flagged(['p = i + 1;', 'q = i + 1;', 'r = i - 1;']), [[2, 'operator']]);
  // An operator with no counterpart, or whose neighbours differ, is not compared.
  assert.deepEqual(flagged(['a = b * c;', 'd = b / c;', 'e = x < y;', 'f = x2 > y;']), []);
});

test('operators code writes both ways are not compared, or only against two elsewhere', () => {
  assert.deepEqual(flagged(['p = i + 1;', 'q = i - 1;']), []);
  assert.deepEqual(flagged(['if (x === undefined) a();', 'if (x === undefined) b();', 'if (x !== undefined) c();']), []);
  assert.deepEqual(flagged(['total += 1;', 'total += 1;', 'total -= 1;']), []);
  assert.deepEqual(flagged(['i++;', 'i++;', 'i--;']), []);
});

test('a compound assignment is one token: `n = …` beside `n += …` drops nothing', () => {
  assert.deepEqual(flagged(['n += 1;', 'n += 2;', 'n = 0;']), []);
});

test('a line does not agree with itself', () => {
  // `a < b` and `a > b` each once, on the same line.
  assert.deepEqual(flagged(['x = a < b || a > b;', 'y = c;']), []);
  assert.deepEqual(flagged(['f(a, b); f(b, a);', 'f(b, a);']), []);
  assert.deepEqual(flagged(['return this; return;', 'return this;']), []);
});

test('two arguments of a call in the order the file calls it the other way twice elsewhere', () => {
  assert.deepEqual(flagged(['copy(dst, src);', 'copy(dst, src);', 'copy(src, dst);']), [[2, 'argument order']]);
  // Any neighbouring pair of a call's arguments, white space aside.
  assert.deepEqual(flagged(['f(a, b,  c);', 'f(x, b, c);', 'f(x, c, b);']), [[2, 'argument order']]);
  assert.deepEqual(flagged(['f(a, a);', 'g(a, b);', 'h(b, c);']), [], 'no pair comes the other way');
});

test('arguments of another callee, a tuple or an index are not compared', () => {
  assert.deepEqual(flagged(['copy(dst, src);', 'move(dst, src);', 'copy(src, dst);']), []);
  assert.deepEqual(flagged(['placeRows(k, a, b);', 'matVec(x, b, a);', 'matVec(y, b, a);']), []);
  assert.deepEqual(flagged(['[a, b] = [b, a];', 'x = (a, b);', 'y = (a, b);']), []);
  assert.deepEqual(flagged(['m[i, j] = 1;', 'm[j, i] = 2;', 'm[j, i] = 3;']), []);
});

test('a name the file writes twice elsewhere between two neighbouring tokens', () => {
  assert.deepEqual(flagged(['return this.x;', 'return this.y;', 'return .x;']), [[2, 'dropped token']]);
  assert.deepEqual(flagged(['let s = new Set();', 'const t = new Set();', 'u = Set();']), [[2, 'dropped token']]);
  assert.deepEqual(flagged(['return this.x;', 'return .x;']), [], 'once elsewhere is not enough');
  assert.deepEqual(flagged(['return this.x;', 'return this.y;', 'return .x;', 'return .y;']), [], 'the short form comes twice too');
});

test('a dropped bracket, semicolon or keyword is not a dropped token', () => {
  assert.deepEqual(flagged(['f(y);', 'g(y);', 'y;']), []);
  // Nor a declaration or modifier, which code writes in one place and leaves out in the next.
  assert.deepEqual(flagged(['for (let i = 0; ;) a();', 'for (let i = 1; ;) b();', 'if (i < n) c();']), []);
  assert.deepEqual(flagged(['export async function f() {}', 'export async function g() {}', 'export function h() {}']), []);
  assert.deepEqual(flagged(['f(x, y);', 'g(x, y);', 'h(x y);']), []);
  assert.deepEqual(flagged(['a(b(c)) ;', 'd(e(f)) ;', 'x = { } ;']), []);
});

test('the offset of what is accused', () => {
  const found = findInconsistencies(['if (i < n) a();', 'if (i < n) b();', 'if (i > n) c();', 'copy(dst, src);', 'copy(dst, src);', 'x = copy(src, dst);']);
  assert.deepEqual(found.map((f) => f?.at), [undefined, undefined, 6, undefined, undefined, 9]);
  const dropped = findInconsistencies(['return this.x;', 'return this.y;', 'return .x;'])[2]!;
  assert.equal('return .x;'.slice(dropped.at), '.x;', 'where the name is missing');
});

test('quoted text is not code, and an operator between brackets joins expressions that differ', () => {
  assert.deepEqual(flagged(["s.indexOf('<');", "t.indexOf('<');", "u.includes('>');"]), []);
  assert.deepEqual(flagged(['if (a(x) || !b(y)) c();', 'if (a(y) || !b(x)) d();', 'if (a(z) && !b(z)) e();']), []);
});

test('a comment after code is not compared', () => {
  assert.deepEqual(flagged(['if (i < n) a();', 'if (i < n) b();', 'x = 1; // unless i > n']), []);
  assert.deepEqual(flagged(['copy(dst, src);', 'copy(dst, src);', 'x = 1; // not copy(src, dst)']), []);
});

test('a URL in a string does not cut its line: the operator after it is compared', () => {
  const lines = ['if (i < n) a();', 'if (i < n) b();', 'open("http://x", i > n);', "log('see //y', i > n);"];
  assert.deepEqual(flagged(lines.slice(0, 3)), [[2, 'operator']]);
  assert.equal(findInconsistencies(lines.slice(0, 3))[2]?.at, lines[2].indexOf('>'));
  assert.deepEqual(flagged([...lines.slice(0, 2), lines[3]]), [[2, 'operator']]);
});

test('the code of a line: quotes blanked between their marks, a comment after code cut, offsets kept', () => {
  assert.equal(codeOf('f("a(", \'<\', `]`) // x) y'), 'f("  ", \' \', ` `) ');
  assert.equal(codeOf('u = "http://x"; v = 1 // c'), 'u = "        "; v = 1 ');
  assert.equal(codeOf('s = "a"// (x}'), 's = " "', 'a comment right after a string');
  assert.equal(codeOf('x = a//b'), 'x = a//b', 'not after a name: integer division, or no comment at all');
});

test('comment lines, given empty, are not compared', () => {
  assert.deepEqual(flagged(['if (i < n) a();', 'if (i < n) b();', '']), []);
});

test('brackets closed by another kind mark their lines', () => {
  const lines = (m: Map<number, number>) => [...m.keys()].sort();
  // The `(` of line 1 is never closed: the `}` of line 2 finds it on top.
  assert.deepEqual(lines(mismatchedBrackets(['f() {', '  g(a, h(b);', '}'])), [1, 2]);
  assert.deepEqual([...mismatchedBrackets(['f() {', '  g(a, h(b);', '}'])], [[2, 0], [1, 3]], 'at the bracket at fault');
  assert.deepEqual(lines(mismatchedBrackets(['{', 'x = a[0]);', '}'])), [], 'a closing bracket with none of its kind open');
  assert.deepEqual(lines(mismatchedBrackets(['case $1 in', '  -h) help ;;', 'esac'])), [], 'a shell case pattern');
  assert.deepEqual(lines(mismatchedBrackets(['f(', '  a,', ')', 'g[1]'])), [], 'brackets over several lines');
  assert.deepEqual(lines(mismatchedBrackets(['s = "(" + \')\' + `]`;', 't = 1; // a) b'])), [], 'quoted, or in a comment after code');
  assert.deepEqual(lines(mismatchedBrackets(['{', 'open("http://x", a[0});', '}'])), [1], 'a URL in a string does not cut its line');
  assert.deepEqual(lines(mismatchedBrackets(['{', 's = "a"// (x}', '}'])), [], 'a comment right after a string');
  assert.deepEqual(lines(mismatchedBrackets(['{', 'f(a}'])), [1]);
  assert.deepEqual(lines(mismatchedBrackets(['{', 'f(a}', '{', 'g(b}'])), [], 'two mismatches: the reading failed (a quote taken wrongly), not the file');
  // Left open at the end of the file is not a mismatch (the file may be cut short, or open a block).
  assert.deepEqual(lines(mismatchedBrackets(['f(a, {'])), []);
  assert.deepEqual(flagged(['f() {', '  g(a, h(b);', '}']), [[1, 'bracket'], [2, 'bracket']]);
});
