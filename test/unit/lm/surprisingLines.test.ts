import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byteCosts, lineRanges, lineSurprises, type LineSurprise } from '../../../src/model/lm/surprise';
import { byteText, describeLine, unusualLines } from '../../../src/model/lm/surprisingLines';
import type { ScoringDecoder } from '../../../src/model/lm/types';
import { surprisingLines } from '../../../src/workers/surpriseJob';
import { FakeSnapshot } from '../completion/fakeDecoder';

const enc = (s: string) => new TextEncoder().encode(s);
const line = (n: number, surprise: number): LineSurprise => ({ line: n, bytes: 10, bits: 20, bitsPerByte: 2, surprise, peakOffset: 0 });

test('only lines above the outlier fence are marked, highest first, at most max(3, 2 per 100 lines)', () => {
  const ordinary = Array.from({ length: 100 }, (_, i) => line(i + 1, 1 + (i % 10) / 10));
  assert.deepEqual(unusualLines(ordinary), [], 'nothing stands out');
  const planted = ordinary.map((l) => (l.line === 40 ? { ...l, surprise: 9 } : l.line === 7 ? { ...l, surprise: 5 } : l));
  assert.deepEqual(unusualLines(planted).map((l) => l.line), [40, 7]);
  const many = ordinary.map((l) => (l.line % 5 === 0 ? { ...l, surprise: 10 + l.line / 100 } : l));
  assert.deepEqual(unusualLines(many).map((l) => l.line), [100, 95, 90]);
  assert.deepEqual(unusualLines([line(1, 5)]), [], 'one line has nothing to stand out from');
});

test('bytes are shown readably', () => {
  assert.deepEqual([0x61, 0x0a, 0x09, 0x20, 0x60, 0x00, 0xe4].map(byteText), ['a', '\\n', '\\t', '␣', '`', '\\x00', '\\xe4']);
});

/** Expects 'a' at every position (0.7), then 'b' (0.2), then the rest. */
function expectsA(): ScoringDecoder & { fed: number; restored: number } {
  const p = new Float32Array(256).fill(0.1 / 254);
  p[97] = 0.7; p[98] = 0.2;
  return {
    fed: 0, restored: 0,
    reset() { this.fed = 0; }, feed() { this.fed++; }, feedAll() {},
    nextProbabilities(out = new Float32Array(256)) { out.set(p); return out; },
    snapshot() { return new FakeSnapshot(this.fed); }, restore(s) { this.restored++; this.fed = (s as FakeSnapshot<number>).value; },
    logProbability(b) { return Math.log(p[b]); },
  };
}

test('a marked line names its most surprising character by UTF-16 column, with what the model expected', () => {
  const text = 'aaaa\n中aaXa\naaaa\n';
  const bytes = enc(text), costs = byteCosts(expectsA(), bytes, 3), ranges = lineRanges(bytes);
  const l = lineSurprises(expectsA(), bytes)[1];
  const d = describeLine(bytes, ranges[1], l, costs.top!);
  assert.equal(text.split('\n')[1][d.column], 'X');
  assert.deepEqual([d.line, d.column, d.length, d.actual], [2, 3, 1, 'X']);
  assert.deepEqual(d.expected.map((e) => e.text), ['a', 'b', '\\x00']);
  assert.ok(Math.abs(d.expected[0].probability - 0.7) < 1e-6);
});

test('the worker job marks the odd line, pausing between parts and stopping when stale', async () => {
  const text = `${'aaaaaaaa\n'.repeat(600)}aaaXaaaa\n${'aaaaaaaa\n'.repeat(600)}`;
  const decoder = expectsA();
  let installed = 0;
  const result = await surprisingLines(decoder, text, () => false, () => installed++);
  assert.equal(result.cancelled, false);
  assert.equal(installed, decoder.restored + 1, 'its weights are installed before each part (completions may change them in a pause)');
  assert.deepEqual(result.lines.map((l) => [l.line, l.column, l.actual]), [[601, 3, 'X']]);
  assert.ok(decoder.restored >= 2, 'the decoder is restored after each pause (10.8 kB in 4 kB parts)');
  let asked = 0;
  assert.deepEqual(await surprisingLines(expectsA(), text, () => ++asked > 1), { lines: [], cancelled: true });
  await assert.rejects(surprisingLines(expectsA(), 'a\n'.repeat(600_000), () => false), /at most 1 MiB/);
});
