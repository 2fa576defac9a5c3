import { test } from 'node:test';
import assert from 'node:assert/strict';
import { argmax, generateBytes, mulberry32, sampleContinuation, sampleIndex } from '../../../src/model/lm/sampler';
import type { ByteDecoder } from '../../../src/model/lm/types';
import { FakeSnapshot } from '../completion/fakeDecoder';

const probs = Float32Array.from([0.05, 0.5, 0.3, 0.15]);

function counts(draw: () => number, n: number, size = 4): number[] {
  const c = new Array(size).fill(0);
  for (let i = 0; i < n; i++) c[draw()]++;
  return c;
}

test('mulberry32 is reproducible and roughly uniform', () => {
  const a = mulberry32(42), b = mulberry32(42), c = mulberry32(43);
  const xs = Array.from({ length: 5 }, a);
  assert.deepEqual(Array.from({ length: 5 }, b), xs);
  assert.notDeepEqual(Array.from({ length: 5 }, c), xs);
  const r = mulberry32(1);
  let sum = 0;
  for (let i = 0; i < 10000; i++) { const v = r(); assert.ok(v >= 0 && v < 1); sum += v; }
  assert.ok(Math.abs(sum / 10000 - 0.5) < 0.02);
});

test('temperature 0 is greedy', () => {
  assert.equal(argmax(probs), 1);
  const r = mulberry32(1);
  for (let i = 0; i < 20; i++) assert.equal(sampleIndex(probs, { temperature: 0 }, r), 1);
});

test('temperature 1 follows the distribution', () => {
  const r = mulberry32(7);
  const c = counts(() => sampleIndex(probs, { temperature: 1 }, r), 20000);
  probs.forEach((p, i) => assert.ok(Math.abs(c[i] / 20000 - p) < 0.015, `byte ${i}: ${c[i] / 20000} vs ${p}`));
});

test('low temperature sharpens, high temperature flattens', () => {
  const r = mulberry32(3);
  const cold = counts(() => sampleIndex(probs, { temperature: 0.3 }, r), 5000);
  const hot = counts(() => sampleIndex(probs, { temperature: 3 }, r), 5000);
  assert.ok(cold[1] / 5000 > 0.8);
  assert.ok(hot[0] / 5000 > 0.12);
});

test('top-k and top-p keep only the most probable bytes', () => {
  const r = mulberry32(5);
  const k2 = counts(() => sampleIndex(probs, { temperature: 1, topK: 2 }, r), 5000);
  assert.equal(k2[0] + k2[3], 0);
  assert.ok(Math.abs(k2[1] / 5000 - 0.625) < 0.03);
  // 0.5 + 0.3 reaches 0.75: the nucleus is {1, 2}.
  const p75 = counts(() => sampleIndex(probs, { temperature: 1, topP: 0.75 }, r), 5000);
  assert.equal(p75[0] + p75[3], 0);
  const tiny = counts(() => sampleIndex(probs, { temperature: 1, topP: 0.01 }, r), 100);
  assert.equal(tiny[1], 100);
});

/** A decoder that predicts "previous byte + 1" with certainty, and lists what it is fed. */
function countingDecoder(): ByteDecoder & { fed: number[] } {
  let last = 0;
  const fed: number[] = [];
  return {
    fed,
    reset() { last = 0; },
    feed(b) { last = b; fed.push(b); },
    feedAll(bytes) { bytes.forEach((b) => this.feed(b)); },
    nextProbabilities(out = new Float32Array(256)) { out.fill(0); out[(last + 1) % 256] = 1; return out; },
    snapshot() { return new FakeSnapshot(last); },
    restore(s) { last = (s as FakeSnapshot<number>).value; },
  };
}

test('generateBytes feeds its choices back and honours the budget', () => {
  const decoder = countingDecoder();
  decoder.feed(10);
  const out = generateBytes(decoder, 5, { temperature: 0 }, mulberry32(1));
  assert.deepEqual(Array.from(out), [11, 12, 13, 14, 15]);
  assert.deepEqual(decoder.fed, [10, 11, 12, 13, 14, 15]);
});

test('the generation loop offers each byte with its probability, and feeds only the bytes taken', () => {
  const decoder = countingDecoder();
  decoder.feed(20);
  const offered: Array<[number, number]> = [];
  sampleContinuation(decoder, 50, { temperature: 0.5 }, mulberry32(1), (byte, p) => {
    offered.push([byte, p]);
    return byte < 23;
  });
  assert.deepEqual(offered, [[21, 1], [22, 1], [23, 1]]);
  assert.deepEqual(decoder.fed, [20, 21, 22], 'the declined byte is not fed');
  let draws = 0;
  sampleContinuation(decoder, 4, { temperature: 0 }, mulberry32(1), () => ++draws > 0);
  assert.equal(draws, 4, 'at most maxBytes draws');
});
