// The per-byte trace behind "Look Inside the Model" against the GRU and softmax computed from the formula,
// and its cache: a changed window is read again from the snapshot before its first change, with the
// same result as reading it fresh.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bitsOf, InsideTrace, SNAPSHOT_EVERY } from '../../../src/model/inside/trace';
import { referenceTrace, tinyDecoder, tinyWeights, UNITS } from './tinyModel';

const encode = (s: string) => new TextEncoder().encode(s);
const close = (a: number, b: number, tolerance: number, what: string) => assert.ok(Math.abs(a - b) <= tolerance, `${what}: ${a} vs ${b}`);

const TEXT = 'function add(a, b) {\n  return "a + b"; // 加法\n}\n'.repeat(5);

test('bits, the gates\' means and the hidden state are the formula\'s at every byte, and so are the gates and next bytes read again there', () => {
  const bytes = encode(TEXT);
  const expected = referenceTrace(tinyWeights(), bytes);
  const decoder = tinyDecoder();
  const trace = new InsideTrace(decoder);
  assert.equal(trace.update(bytes), 0);
  assert.equal(trace.length, bytes.length);
  expected.forEach((e, i) => {
    close(trace.bits[i], e.bits, 1e-4, `bits at ${i}`);
    for (let j = 0; j < UNITS; j++) close(trace.hidden[i * UNITS + j], e.h[j], 1e-5, `h at ${i}, unit ${j}`);
    close(trace.zMean[i], e.z.reduce((a, b) => a + b) / UNITS, 1e-5, `mean z at ${i}`);
    close(trace.rMean[i], e.r.reduce((a, b) => a + b) / UNITS, 1e-5, `mean r at ${i}`);
  });
  // Backwards, so that each read starts from another place than the last one ended.
  const z = new Float32Array(UNITS), r = new Float32Array(UNITS), p = new Float32Array(256);
  for (let i = bytes.length - 1; i >= 0; i--) {
    trace.stateAfter(i + 1);
    decoder.readGates(0, z, r);
    for (let j = 0; j < UNITS; j++) {
      close(z[j], expected[i].z[j], 1e-5, `z at ${i}, unit ${j}`);
      close(r[j], expected[i].r[j], 1e-5, `r at ${i}, unit ${j}`);
    }
    decoder.nextProbabilities(p);
    for (let b = 0; b < 256; b++) close(p[b], expected[i].next[b], 1e-5, `p(${b}) after ${i}`);
    // The trace takes the next byte's probability alone; it is the distribution's value to the bit.
    if (i + 1 < bytes.length) assert.equal(trace.bits[i + 1], Math.fround(bitsOf(p[bytes[i + 1]])), `bits at ${i + 1}`);
  }
  assert.throws(() => trace.stateAfter(0), RangeError);
  assert.throws(() => trace.stateAfter(bytes.length + 1), RangeError);
});

function assertSameTrace(a: InsideTrace, b: InsideTrace): void {
  assert.equal(a.length, b.length);
  const n = a.length;
  for (const key of ['bits', 'zMean', 'rMean'] as const) assert.deepEqual(a[key].subarray(0, n), b[key].subarray(0, n), key);
  assert.deepEqual(a.hidden.subarray(0, n * UNITS), b.hidden.subarray(0, n * UNITS), 'hidden');
}

test('an edit is read again from the snapshot before it, and gives what a fresh read gives', () => {
  const decoder = tinyDecoder();
  const cached = new InsideTrace(decoder);
  cached.update(encode(TEXT));
  const edited = TEXT.slice(0, 150) + 'x' + TEXT.slice(152);
  const editAt = encode(TEXT.slice(0, 150)).length;
  const readFrom = cached.update(encode(edited));
  assert.equal(readFrom, Math.floor(editAt / SNAPSHOT_EVERY) * SNAPSHOT_EVERY);
  assert.ok(readFrom > 0);
  // The decoder is shared (completions use it between updates): a trace must not rely on its state.
  decoder.reset();
  decoder.feed(65);
  const fresh = new InsideTrace(tinyDecoder());
  fresh.update(encode(edited));
  assertSameTrace(cached, fresh);

  // Text added at the end, and text cut from it.
  const longer = edited + 'const more = 1;\n';
  assert.equal(cached.update(encode(longer)), Math.floor(encode(edited).length / SNAPSHOT_EVERY) * SNAPSHOT_EVERY);
  fresh.update(encode(longer));
  assertSameTrace(cached, fresh);
  const shorter = longer.slice(0, 40);
  assert.equal(cached.update(encode(shorter)), 0);
  const fresh2 = new InsideTrace(tinyDecoder());
  fresh2.update(encode(shorter));
  assertSameTrace(cached, fresh2);
  // The same window again reads nothing.
  assert.equal(cached.update(encode(shorter)), encode(shorter).length);
});

test('a change at the first byte reads all again; an empty window reads nothing', () => {
  const trace = new InsideTrace(tinyDecoder());
  trace.update(encode(TEXT));
  assert.equal(trace.update(encode('X' + TEXT.slice(1))), 0);
  assert.equal(trace.update(new Uint8Array(0)), 0);
  assert.equal(trace.length, 0);
});

test('a read that fails part way is read again in full when the same window is asked for again', () => {
  const bytes = encode(TEXT);
  const decoder = tinyDecoder();
  const feed = decoder.feed.bind(decoder);
  let fedLeft = SNAPSHOT_EVERY + 10;
  decoder.feed = (b: number) => {
    if (fedLeft-- <= 0) throw new Error('the model failed');
    feed(b);
  };
  const trace = new InsideTrace(decoder);
  assert.throws(() => trace.update(bytes), /the model failed/);
  fedLeft = Infinity;
  assert.equal(trace.update(bytes), 0, 'read from the start');
  const fresh = new InsideTrace(tinyDecoder());
  fresh.update(bytes);
  assert.deepEqual([...trace.bits.subarray(0, bytes.length)], [...fresh.bits.subarray(0, bytes.length)]);
});
