import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byteCosts, COMMENT_WEIGHT, INCONSISTENCY_BONUS, LOOKALIKE_BONUS, lineRanges, lineSurprises, modelExcess, NEW_NAME_WEIGHT, surpriseScores } from '../../../src/model/lm/surprise';
import { mulberry32 } from '../../../src/model/lm/sampler';
import type { ScoringDecoder } from '../../../src/model/lm/types';
import { FakeSnapshot } from '../completion/fakeDecoder';

const enc = (s: string) => new TextEncoder().encode(s);

test('lines are byte ranges with their newline; a last line without one counts', () => {
  assert.deepEqual(lineRanges(enc('ab\n\ncd')), [[0, 3], [3, 4], [4, 6]]);
  assert.deepEqual(lineRanges(enc('')), []);
  assert.deepEqual(lineRanges(enc('中\n')), [[0, 4]]);
});

test('a local burst of bits outranks a long line of ordinary cost and a short line of high average cost', () => {
  // Line 0: 40 ordinary bytes; line 1: 40 bytes with a 3-byte burst; line 2: 2 bytes, both a little costly.
  const bits = new Float64Array(82).fill(2);
  for (const i of [55, 56, 57]) bits[i] = 9;
  bits[80] = 4; bits[81] = 4;
  const scores = surpriseScores(bits, [[0, 40], [40, 80], [80, 82]]).map((s) => s.score);
  assert.ok(scores[1] > scores[2] && scores[2] > scores[0], scores.join(' '));
  // The peak points at a byte of the burst.
  assert.ok([55, 56, 57].includes(surpriseScores(bits, [[40, 80]])[0].peak));
});

/** Predicts 'a' with probability 0.9 and spreads the rest: 'a' is cheap and expected, anything else costly. */
function expectsA(): ScoringDecoder {
  const p = new Float32Array(256).fill(0.1 / 255);
  p[97] = 0.9;
  return {
    reset() {}, feed() {}, feedAll() {},
    nextProbabilities(out = new Float32Array(256)) { out.set(p); return out; },
    snapshot() { return new FakeSnapshot(null); }, restore() {},
    logProbability(b) { return Math.log(p[b]); },
  };
}

test('line surprise: bits per line with the newline, 1-based lines, the odd byte found', () => {
  const lines = lineSurprises(expectsA(), enc('aaaa\naaxa\naaaa'));
  assert.deepEqual(lines.map((l) => [l.line, l.bytes]), [[1, 5], [2, 5], [3, 4]]);
  const cheap = -Math.log2(Math.fround(0.9)), dear = -Math.log2(Math.fround(0.1 / 255));
  assert.ok(Math.abs(lines[0].bits - (4 * cheap + dear)) < 1e-9);
  assert.ok(Math.abs(lines[0].bitsPerByte - lines[0].bits / 5) < 1e-12);
  // Line 2 has the 'x' and its newline: the most surprising line, peaking at the 'x' (offset 7).
  assert.equal([...lines].sort((a, b) => b.surprise - a.surprise)[0].line, 2);
  assert.equal(lines[1].peakOffset, 7);
});

test('comment lines weigh less, and a lookalike word adds its bonus and moves the peak onto the word', () => {
  const text = 'x = getValue(a);\n// a note on xq\ny = gteValue(b);\nz = getValue(c);\n';
  const bytes = enc(text), ranges = lineRanges(bytes);
  const excess = new Float64Array(bytes.length).fill(1);
  excess[text.indexOf('xq')] = 5; // the comment's burst
  const plain = surpriseScores(excess, ranges), scored = surpriseScores(excess, ranges, bytes);
  assert.ok(Math.abs(scored[1].score - plain[1].score * COMMENT_WEIGHT) < 1e-9);
  assert.ok(Math.abs(scored[2].score - plain[2].score - LOOKALIKE_BONUS) < 1e-9);
  assert.deepEqual({ ...scored[2].lookalike }, { start: text.indexOf('gteValue'), end: text.indexOf('gteValue') + 8, word: 'gteValue', like: 'getValue', likeCount: 2 });
  assert.equal(scored[2].peak, text.indexOf('gteValue'), 'flat costs: the word\'s first byte');
  assert.deepEqual([scored[0].score, scored[3].score], [plain[0].score, plain[3].score]);
  // `#include` is code, `# note` a comment.
  const c = enc('#include <a.h>\n# note\n'), burst = new Float64Array(c.length).fill(1);
  burst[3] = burst[18] = 5; // the same burst on each line
  const [include, note] = surpriseScores(burst, lineRanges(c), c).map((x) => x.score);
  assert.ok(include > 0 && Math.abs(note - include * COMMENT_WEIGHT) < 1e-9, `${include} ${note}`);
});

test('excess bits: none below the entropy, and a name introduced here and used again weighs less where it is introduced', () => {
  const text = 'let total = 0;\nlet once = 1;\ntotal += once2;\n';
  const bytes = enc(text);
  const bits = new Float64Array(bytes.length).fill(3), entropy = new Float64Array(bytes.length).fill(1);
  entropy[0] = 5; // the model expected to spend more than it did
  const excess = modelExcess(bits, entropy, bytes);
  assert.equal(excess[0], 0);
  const first = text.indexOf('total'), again = text.lastIndexOf('total');
  for (let i = first; i < first + 5; i++) assert.ok(Math.abs(excess[i] - 2 * NEW_NAME_WEIGHT) < 1e-12, `byte ${i}`);
  // The later use, and names that occur once (`once2` may be a typo of `once`), keep their cost.
  for (const i of [again, text.indexOf('once2'), text.indexOf('once')]) assert.equal(excess[i], 2, text.slice(i, i + 5));
  assert.deepEqual([...modelExcess(bits, entropy)].slice(first, first + 5), [2, 2, 2, 2, 2], 'without the text: no names');
});

test('byteCosts keeps the likeliest bytes at each position, likeliest first', () => {
  const rand = mulberry32(5);
  const dists = Array.from({ length: 3 }, () => { const p = Float32Array.from({ length: 256 }, () => rand()); const s = p.reduce((a, b) => a + b); return p.map((v) => v / s); });
  let step = 0;
  const decoder: ScoringDecoder = {
    reset() { step = 0; }, feed() { step++; }, feedAll() {},
    nextProbabilities(out = new Float32Array(256)) { out.set(dists[step]); return out; },
    snapshot() { return new FakeSnapshot(null); }, restore() {},
    logProbability(b) { return Math.log(dists[step][b]); },
  };
  const costs = byteCosts(decoder, Uint8Array.from([1, 2, 3]), 4);
  for (let i = 0; i < 3; i++) {
    const expected = [...dists[i]].map((p, b) => [p, b]).sort((x, y) => y[0] - x[0]).slice(0, 4);
    assert.deepEqual([...costs.top!.bytes.subarray(4 * i, 4 * i + 4)], expected.map(([, b]) => b));
    assert.deepEqual([...costs.top!.probabilities.subarray(4 * i, 4 * i + 4)], expected.map(([p]) => p));
    assert.ok(Math.abs(costs.bits[i] + Math.log2(dists[i][i + 1])) < 1e-6);
  }
  assert.equal(byteCosts(decoder, Uint8Array.from([1])).top, undefined, 'only when asked');
});

test('a line that disagrees with the rest of the file gets the bonus of its kind', () => {
  const text = 'if (i < n) a();\nif (i < n) b();\n// i > n\nif (i > n) c();\ncopy(dst, src);\ncopy(dst, src);\ncopy(src, dst);\n';
  const bytes = enc(text), ranges = lineRanges(bytes);
  const excess = new Float64Array(bytes.length).fill(1);
  const plain = surpriseScores(excess, ranges), scored = surpriseScores(excess, ranges, bytes);
  assert.deepEqual(scored.map((s) => s.inconsistency), [undefined, undefined, undefined, 'operator', undefined, undefined, 'argument order']);
  for (const i of [3, 6]) assert.ok(Math.abs(scored[i].score - plain[i].score - INCONSISTENCY_BONUS[scored[i].inconsistency!]) < 1e-9);
  // The mark points at the operator and the first swapped argument, not at the model's peak.
  assert.deepEqual([3, 6].map((i) => text.slice(scored[i].peak, scored[i].peak + 3)), ['> n', 'src']);
  assert.ok(INCONSISTENCY_BONUS.operator >= LOOKALIKE_BONUS && INCONSISTENCY_BONUS['dropped token'] <= LOOKALIKE_BONUS);
  // lineSurprises passes the kind on.
  assert.deepEqual(lineSurprises(expectsA(), bytes).flatMap((l) => (l.inconsistency ? [[l.line, l.inconsistency]] : [])), [[4, 'operator'], [7, 'argument order']]);
});
