import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineRanges, lineSurprises, surpriseScores } from '../../../src/model/lm/surprise';
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
