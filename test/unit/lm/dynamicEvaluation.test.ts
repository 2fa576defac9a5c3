// Dynamic evaluation's update must be the gradient step tfjs autograd computes on the same segment, and
// a document's adaptation must stay within a fixed size however much is read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { createDecoder, type KernelChoice } from '../../../src/model/lm/decoder';
import { DEFAULT_ADAPTATION, MAX_PENDING_SEGMENTS, OutputAdapter, RMS_EPSILON, type AdaptationSettings } from '../../../src/model/lm/dynamicEvaluation';
import { mulberry32 } from '../../../src/model/lm/sampler';

const UNITS = 12;

function tinyGru(seed: number): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.embedding({ inputDim: 256, outputDim: 8, inputShape: [null] as unknown as number[] }));
  model.add(tf.layers.gru({ units: UNITS, returnSequences: true, recurrentActivation: 'sigmoid' }));
  model.add(tf.layers.dense({ units: 256 }));
  const rand = mulberry32(seed);
  model.setWeights(model.getWeights().map((w) => tf.tensor(Float32Array.from({ length: w.size }, () => (rand() * 2 - 1) * 0.8), w.shape)));
  return model;
}

function text(n: number, seed: number): Uint8Array {
  const rand = mulberry32(seed);
  const words = ['the ', 'cat ', 'sat ', 'on ', 'a ', 'mat. ', 'function ', '(x) ', '{ return x; }\n'];
  let s = '';
  while (s.length < n) s += words[Math.floor(rand() * words.length)];
  return new TextEncoder().encode(s.slice(0, n));
}

/**
 * The reference: tfjs's GRU states for `bytes` (the state before each byte predicts it), then `steps`
 * steps of W ← W − η·∇W − λ·(W − W₀) on the mean cross-entropy of each segment, with tfjs autograd.
 */
function referenceUpdate(
  model: tf.Sequential, bytes: Uint8Array, s: AdaptationSettings, steps: number, rms?: { kernel: Float32Array; bias: Float32Array },
): { kernel: Float32Array; bias: Float32Array } {
  return tf.tidy(() => {
    const gru = tf.model({ inputs: model.inputs, outputs: model.layers[1].output as tf.SymbolicTensor });
    const states = (gru.predict(tf.tensor2d(Array.from(bytes), [1, bytes.length])) as tf.Tensor3D).reshape([bytes.length, UNITS]);
    const before = tf.concat([tf.zeros([1, UNITS]), states.slice([0, 0], [bytes.length - 1, UNITS])]); // h before byte t
    const [kernel0, bias0] = model.layers[2].getWeights();
    let kernel = kernel0.clone(), bias = bias0.clone();
    // The RMS rule: steps divided by √MS + ε, decay scaled by √MS over its mean (at most 1/λ).
    const root = rms && { kernel: tf.sqrt(tf.tensor2d(rms.kernel, [UNITS, 256])), bias: tf.sqrt(tf.tensor1d(rms.bias)) };
    const mean = root && tf.div(tf.add(tf.sum(root.kernel), tf.sum(root.bias)), UNITS * 256 + 256);
    const stepOf = (r: tf.Tensor | undefined) => (r ? tf.div(s.learningRate, tf.add(r, RMS_EPSILON)) : tf.scalar(s.learningRate));
    const decayOf = (r: tf.Tensor | undefined) => (r ? tf.mul(s.decay, tf.minimum(tf.div(r, mean!), 1 / s.decay)) : tf.scalar(s.decay));
    for (let k = 0; k < steps; k++) {
      const h = before.slice([k * s.segmentBytes, 0], [s.segmentBytes, UNITS]);
      const y = tf.oneHot(tf.tensor1d(Array.from(bytes.subarray(k * s.segmentBytes, (k + 1) * s.segmentBytes)), 'int32'), 256);
      const loss = (w: tf.Tensor, b: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, tf.add(tf.matMul(h, w), b)) as tf.Scalar;
      const [gw, gb] = tf.grads(loss)([kernel, bias]);
      kernel = tf.sub(tf.sub(kernel, tf.mul(gw, stepOf(root?.kernel))), tf.mul(tf.sub(kernel, kernel0), decayOf(root?.kernel)));
      bias = tf.sub(tf.sub(bias, tf.mul(gb, stepOf(root?.bias))), tf.mul(tf.sub(bias, bias0), decayOf(root?.bias)));
    }
    return { kernel: kernel.dataSync() as Float32Array, bias: bias.dataSync() as Float32Array };
  });
}

/** Reads `bytes` with adaptation, one step per segment; returns the adapted rows ([256][units]) and bias. */
function adapted(model: tf.Sequential, bytes: Uint8Array, s: AdaptationSettings, kernel: KernelChoice, meanSquares?: Float32Array) {
  const decoder = createDecoder(model, { kernel });
  const adapter = new OutputAdapter(decoder, s);
  if (meanSquares) adapter.setGradientMeanSquares(meanSquares);
  const doc = adapter.newDocument();
  let steps = 0;
  for (const b of bytes) {
    adapter.observe(doc, b);
    decoder.feed(b);
    if (doc.ready) steps += Number(adapter.step(doc));
  }
  return { decoder, adapter, doc, steps };
}

/** The document's weights, once the decoder no longer serves it (the decoder's copy is the current one until then). */
function settled({ adapter, doc }: ReturnType<typeof adapted>) {
  adapter.use(undefined);
  return doc;
}

function maxDiff(rows: Float32Array, bias: Float32Array, ref: { kernel: Float32Array; bias: Float32Array }): number {
  let worst = 0;
  for (let j = 0; j < 256; j++) {
    for (let i = 0; i < UNITS; i++) worst = Math.max(worst, Math.abs(rows[j * UNITS + i] - ref.kernel[i * 256 + j]));
    worst = Math.max(worst, Math.abs(bias[j] - ref.bias[j]));
  }
  return worst;
}

test('setup: cpu backend', async () => {
  await tf.setBackend('cpu');
});

const exact: AdaptationSettings = { segmentBytes: 32, sampleEvery: 1, learningRate: 0.5, decay: 0.1, gradientFloor: 0 };

for (const kernel of ['js', 'wasm'] as const) {
  test(`three adapted segments equal tfjs autograd's three steps on them (${kernel} kernel)`, () => {
    const model = tinyGru(3);
    const bytes = text(3 * exact.segmentBytes, 4);
    const run = adapted(model, bytes, exact, kernel);
    assert.equal(run.steps, 3);
    const doc = settled(run);
    const ref = referenceUpdate(model, bytes, exact, 3);
    const untouched = maxDiff(Float32Array.from(doc.rows).fill(0), new Float32Array(256), ref);
    assert.ok(untouched > 0.1, 'the weights moved far enough for the comparison to mean something');
    const diff = maxDiff(doc.rows, doc.bias, ref);
    assert.ok(diff <= 1e-5, `max |Δw| = ${diff}`);
  });
}

test("the RMS rule's three steps equal tfjs autograd's, each weight's step and decay scaled by its gradient statistics", () => {
  const s: AdaptationSettings = { ...exact, rule: 'rms', learningRate: 0.02, decay: 0.3 };
  const model = tinyGru(14);
  const bytes = text(3 * s.segmentBytes, 15);
  // Mean squares spread over four orders of magnitude, so that both the steps and the cap on the decay differ by weight.
  const rand = mulberry32(16);
  const meanSquares = Float32Array.from({ length: 256 * UNITS + 256 }, () => 10 ** (-6 + 4 * rand()));
  const kernelMs = new Float32Array(256 * UNITS);
  for (let j = 0; j < 256; j++) for (let i = 0; i < UNITS; i++) kernelMs[i * 256 + j] = meanSquares[j * UNITS + i];
  const ref = referenceUpdate(model, bytes, s, 3, { kernel: kernelMs, bias: meanSquares.subarray(256 * UNITS) });
  const sgd = referenceUpdate(model, bytes, s, 3);
  const run = adapted(model, bytes, s, 'wasm', meanSquares);
  assert.equal(run.steps, 3);
  const doc = settled(run);
  assert.ok(maxDiff(doc.rows, doc.bias, sgd) > 0.01, 'the RMS rule moves the weights differently from plain steps');
  const diff = maxDiff(doc.rows, doc.bias, ref);
  assert.ok(diff <= 1e-4, `max |Δw| = ${diff}`);
});

test('the RMS rule refuses to step without gradient statistics, and statistics of the wrong size', () => {
  const decoder = createDecoder(tinyGru(17), { kernel: 'js' });
  const adapter = new OutputAdapter(decoder, { ...exact, rule: 'rms' });
  assert.throws(() => adapter.setGradientMeanSquares(new Float32Array(10)), /mean squares/);
  const doc = adapter.newDocument();
  for (const b of text(exact.segmentBytes, 18)) { adapter.observe(doc, b); decoder.feed(b); }
  assert.throws(() => adapter.step(doc), /gradient statistics/);
});

test('gradient statistics are the mean square of each whole segment mean gradient, as tfjs autograd gives it', () => {
  const model = tinyGru(19);
  const segmentBytes = 16;
  const bytes = text(3 * segmentBytes + 5, 20); // three whole segments; the last 5 bytes are left out
  const adapter = new OutputAdapter(createDecoder(model, { kernel: 'wasm' }), { ...exact, segmentBytes });
  const ms = adapter.gradientMeanSquares([bytes]);
  const expected = tf.tidy(() => {
    const gru = tf.model({ inputs: model.inputs, outputs: model.layers[1].output as tf.SymbolicTensor });
    const states = (gru.predict(tf.tensor2d(Array.from(bytes), [1, bytes.length])) as tf.Tensor3D).reshape([bytes.length, UNITS]);
    const before = tf.concat([tf.zeros([1, UNITS]), states.slice([0, 0], [bytes.length - 1, UNITS])]);
    const [kernel, bias] = model.layers[2].getWeights();
    let sumK = tf.zeros(kernel.shape), sumB = tf.zeros(bias.shape);
    for (let k = 0; k < 3; k++) {
      const h = before.slice([k * segmentBytes, 0], [segmentBytes, UNITS]);
      const y = tf.oneHot(tf.tensor1d(Array.from(bytes.subarray(k * segmentBytes, (k + 1) * segmentBytes)), 'int32'), 256);
      const [gw, gb] = tf.grads((w: tf.Tensor, b: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, tf.add(tf.matMul(h, w), b)) as tf.Scalar)([kernel, bias]);
      sumK = tf.add(sumK, tf.square(gw));
      sumB = tf.add(sumB, tf.square(gb));
    }
    return { kernel: tf.div(sumK, 3).dataSync() as Float32Array, bias: tf.div(sumB, 3).dataSync() as Float32Array };
  });
  const diff = maxDiff(ms.subarray(0, 256 * UNITS), ms.subarray(256 * UNITS), expected);
  const largest = Math.max(...expected.kernel, ...expected.bias);
  assert.ok(largest > 1e-4, `the statistics are not all near zero (${largest})`);
  assert.ok(diff <= 1e-6, `max |Δ| = ${diff}`);
});

test('the floor on small gradient terms moves the update by at most floor × rate per step (|h| ≤ 1)', () => {
  const s = { ...exact, gradientFloor: DEFAULT_ADAPTATION.gradientFloor, learningRate: 0.1 };
  const model = tinyGru(5);
  const bytes = text(2 * s.segmentBytes, 6);
  const doc = settled(adapted(model, bytes, s, 'wasm'));
  const diff = maxDiff(doc.rows, doc.bias, referenceUpdate(model, bytes, s, 2));
  assert.ok(diff <= 2 * s.gradientFloor * s.learningRate, `max |Δw| = ${diff}`);
});

test('the decoder predicts with the adapted weights, and with the trained ones again after use(undefined)', () => {
  const model = tinyGru(7);
  const bytes = text(2 * exact.segmentBytes, 8);
  const { decoder, adapter } = adapted(model, bytes, exact, 'wasm');
  const ref = referenceUpdate(model, bytes, exact, 2);
  const h = Float32Array.from(decoder.hidden);
  const logits = decoder.logits();
  for (let j = 0; j < 256; j += 17) {
    let z = ref.bias[j];
    for (let i = 0; i < UNITS; i++) z += h[i] * ref.kernel[i * 256 + j];
    assert.ok(Math.abs(logits[j] - z) < 1e-4, `logit ${j}: ${logits[j]} vs ${z}`);
  }
  adapter.use(undefined);
  const trained = createDecoder(model, { kernel: 'wasm' });
  trained.feedAll(bytes);
  assert.deepEqual(Array.from(decoder.logits()), Array.from(trained.logits()));
});

test('forgetting the document in use puts the trained weights back', () => {
  const model = tinyGru(12);
  const bytes = text(2 * exact.segmentBytes, 13);
  const { decoder, adapter, doc } = adapted(model, bytes, exact, 'js');
  const trained = createDecoder(model, { kernel: 'js' });
  trained.feedAll(bytes);
  assert.notDeepEqual(Array.from(decoder.logits()), Array.from(trained.logits()));
  adapter.forget(doc);
  assert.deepEqual(Array.from(decoder.logits()), Array.from(trained.logits()));
});

test('a document that reads far ahead of its steps keeps a fixed size', () => {
  const model = tinyGru(9);
  const decoder = createDecoder(model, { kernel: 'js' });
  const adapter = new OutputAdapter(decoder, { ...DEFAULT_ADAPTATION, segmentBytes: 64, sampleEvery: 4 });
  const doc = adapter.newDocument();
  const size = doc.byteSize;
  // The output layer, pending positions for at most MAX_PENDING_SEGMENTS segments, nothing that grows with the text.
  assert.ok(size <= (256 * UNITS + 256) * 4 + MAX_PENDING_SEGMENTS * 16 * (UNITS * 4 + 1), `${size} bytes`);
  const bytes = text(64 * 10 * MAX_PENDING_SEGMENTS, 10);
  for (const b of bytes) {
    adapter.observe(doc, b);
    decoder.feed(b);
  }
  assert.equal(doc.byteSize, size);
  assert.equal(doc.pendingSegments, MAX_PENDING_SEGMENTS);
  assert.equal(doc.bytesRead, bytes.length);
  let steps = 0;
  while (adapter.step(doc)) steps++;
  assert.equal(steps, MAX_PENDING_SEGMENTS, 'only the newest segments are kept');
});

test('settings out of range are refused by name', () => {
  const decoder = createDecoder(tinyGru(11), { kernel: 'js' });
  assert.throws(() => new OutputAdapter(decoder, { ...DEFAULT_ADAPTATION, sampleEvery: 0 }), /sampleEvery/);
  assert.throws(() => new OutputAdapter(decoder, { ...DEFAULT_ADAPTATION, decay: 2 }), /decay/);
  assert.throws(() => new OutputAdapter(decoder, { ...DEFAULT_ADAPTATION, learningRate: Number.NaN }), /learningRate/);
});
