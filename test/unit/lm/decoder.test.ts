// The fast decoder must give the same next-byte distribution as tfjs's own predict on the same weights.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { createDecoder, type KernelChoice } from '../../../src/model/lm/decoder';
import { MixedDecoder } from '../../../src/model/lm/mixedDecoder';
import { wasmSimdAvailable } from '../../../src/model/simd/arena';
import { mulberry32 } from '../../../src/model/lm/sampler';
import { referenceGru } from '../gru/reference';

type Recurrent = 'gru' | 'lstm' | 'simpleRNN';

/** A tiny byte model with every weight (biases too) random, so that no term can hide behind a zero. */
function tinyModel(cells: Recurrent[], opts: { units?: number; embed?: number; output?: 'softmax' | 'linear'; recurrentActivation?: string; seed?: number } = {}): tf.LayersModel {
  const units = opts.units ?? 12;
  const model = tf.sequential();
  model.add(tf.layers.embedding({ inputDim: 256, outputDim: opts.embed ?? 8, inputLength: undefined, inputShape: [null] as unknown as number[] }));
  for (const cell of cells) {
    const args = { units, returnSequences: true } as Record<string, unknown>;
    if (cell !== 'simpleRNN') args.recurrentActivation = opts.recurrentActivation ?? 'sigmoid';
    model.add(cell === 'gru' ? tf.layers.gru(args as never) : cell === 'lstm' ? tf.layers.lstm(args as never) : tf.layers.simpleRNN(args as never));
  }
  model.add(tf.layers.dense({ units: 256, activation: opts.output ?? 'softmax' }));
  const rand = mulberry32(opts.seed ?? 1);
  model.setWeights(model.getWeights().map((w) => {
    const values = Float32Array.from({ length: w.size }, () => (rand() * 2 - 1) * 0.8);
    return tf.tensor(values, w.shape);
  }));
  return model;
}

function randomBytes(n: number, seed: number): Uint8Array {
  const rand = mulberry32(seed);
  return Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));
}

/** tfjs's next-byte distributions after each prefix of `bytes`: [len][256]. */
function tfjsDistributions(model: tf.LayersModel, bytes: Uint8Array, logits: boolean): Float32Array[] {
  return tf.tidy(() => {
    let out = model.predict(tf.tensor2d(Array.from(bytes), [1, bytes.length])) as tf.Tensor;
    if (logits) out = tf.softmax(out);
    const flat = out.dataSync() as Float32Array;
    return Array.from({ length: bytes.length }, (_, t) => flat.slice(t * 256, (t + 1) * 256));
  });
}

function maxDifferenceVsTfjs(model: tf.LayersModel, bytes: Uint8Array, kernel: KernelChoice, logits = false, simdStep = false): number {
  const expected = tfjsDistributions(model, bytes, logits);
  const decoder = createDecoder(model, { kernel, simdStep });
  assert.equal(decoder.kernelName, kernel === 'wasm' ? 'wasm-simd' : 'js');
  let worst = 0;
  bytes.forEach((b, t) => {
    decoder.feed(b);
    const p = decoder.nextProbabilities();
    for (let i = 0; i < 256; i++) worst = Math.max(worst, Math.abs(p[i] - expected[t][i]));
  });
  return worst;
}

test('setup: cpu backend', async () => {
  await tf.setBackend('cpu');
});

const cases: Array<[string, Recurrent[], Parameters<typeof tinyModel>[1]]> = [
  ['GRU, one layer, sigmoid gates', ['gru'], {}],
  ['GRU, one layer, hardSigmoid gates (tfjs default)', ['gru'], { recurrentActivation: 'hardSigmoid', seed: 2 }],
  ['GRU, two layers', ['gru', 'gru'], { seed: 3, units: 10 }],
  ['GRU, linear (logit) output', ['gru'], { output: 'linear', seed: 4 }],
  ['LSTM', ['lstm'], { seed: 5 }],
  ['SimpleRNN', ['simpleRNN'], { seed: 6 }],
  ['LSTM over GRU', ['gru', 'lstm'], { seed: 7, units: 9 }],
  // Sizes that fill the SIMD kernel's 16-wide loop and its 4-wide tail.
  ['GRU, 20 units over a 16-wide embedding', ['gru'], { seed: 9, units: 20, embed: 16 }],
  ['GRU, two layers of 36 units', ['gru', 'gru'], { seed: 10, units: 36, embed: 12 }],
];

test('WebAssembly SIMD is available in this Node', () => {
  assert.ok(wasmSimdAvailable());
});

for (const kernel of ['js', 'wasm'] as const) {
  for (const [name, cells, opts] of cases) {
    test(`matches tfjs predict (${kernel} kernel): ${name}`, () => {
      const model = tinyModel(cells, opts);
      for (const seed of [11, 12, 13]) {
        const diff = maxDifferenceVsTfjs(model, randomBytes(40, seed), kernel, opts?.output === 'linear');
        assert.ok(diff <= 1e-4, `max |p_fast - p_tfjs| = ${diff}`);
      }
      model.dispose();
    });
  }
}

// The GRU step in SIMD (gates too) where its cell allows it: sigmoid gates and units % 4 == 0; the other
// cases fall back to float64 gates and must match as well.
for (const [name, cells, opts] of cases) {
  test(`matches tfjs predict (wasm kernel, SIMD step): ${name}`, () => {
    const model = tinyModel(cells, opts);
    for (const seed of [11, 12, 13]) {
      const diff = maxDifferenceVsTfjs(model, randomBytes(40, seed), 'wasm', opts?.output === 'linear', true);
      assert.ok(diff <= 1e-4, `max |p_fast - p_tfjs| = ${diff}`);
    }
    model.dispose();
  });
}

test('the match is not vacuous: different weights give different distributions', () => {
  const a = tinyModel(['gru'], { seed: 1 });
  const b = tinyModel(['gru'], { seed: 99 });
  const bytes = randomBytes(20, 5);
  const pa = createDecoder(a);
  pa.feedAll(bytes);
  const expectedB = tfjsDistributions(b, bytes, false)[bytes.length - 1];
  const p = pa.nextProbabilities();
  assert.ok(p.some((v, i) => Math.abs(v - expectedB[i]) > 1e-3));
  a.dispose();
  b.dispose();
});

test('probabilities sum to 1, also before any byte', () => {
  const model = tinyModel(['gru']);
  const decoder = createDecoder(model);
  const sum = (p: Float32Array) => p.reduce((s, v) => s + v, 0);
  assert.ok(Math.abs(sum(decoder.nextProbabilities()) - 1) < 1e-5);
  decoder.feedAll(randomBytes(10, 1));
  assert.ok(Math.abs(sum(decoder.nextProbabilities()) - 1) < 1e-5);
  assert.ok(Math.abs(Math.exp(decoder.logProbability(65)) - decoder.nextProbabilities()[65]) < 1e-6);
  model.dispose();
});

test('snapshot and restore rewind to an earlier position', () => {
  const model = tinyModel(['gru', 'lstm'], { seed: 8 });
  const decoder = createDecoder(model);
  const prefix = randomBytes(15, 21);
  decoder.feedAll(prefix);
  const saved = decoder.snapshot();
  const before = decoder.nextProbabilities().slice();
  decoder.feedAll(randomBytes(25, 22));
  assert.notDeepEqual(decoder.nextProbabilities(), before);
  decoder.restore(saved);
  assert.deepEqual(decoder.nextProbabilities(), before);
  // The snapshot is a copy: feeding after it does not change it.
  decoder.feed(7);
  decoder.restore(saved);
  assert.deepEqual(decoder.nextProbabilities(), before);
  // reset is the same as a fresh decoder.
  decoder.reset();
  assert.deepEqual(decoder.nextProbabilities(), createDecoder(model).nextProbabilities());
  // Only a snapshot of a network of the same shape fits.
  const other = tinyModel(['gru'], { units: 5 });
  assert.throws(() => decoder.restore(createDecoder(other).snapshot()), /does not fit/);
  assert.throws(() => decoder.restore(new MixedDecoder(createDecoder(model)).snapshot()), /not a snapshot of a recurrent network/);
  model.dispose();
  other.dispose();
});

test('the gates of each GRU layer at the last byte fed are tfjs\'s GRU formula\'s; reading them changes nothing', () => {
  const model = tinyModel(['gru', 'gru'], { seed: 14, units: 8, embed: 6 });
  const bytes = randomBytes(12, 3);
  const table = model.layers[0].getWeights()[0].dataSync() as Float32Array;
  let inputs: ArrayLike<number>[] = [...bytes].map((b) => table.subarray(b * 6, (b + 1) * 6));
  const expected = [1, 2].map((i) => {
    const [kernel, recurrentKernel, bias] = model.layers[i].getWeights().map((t) => t.dataSync() as Float32Array);
    const steps = referenceGru({ units: 8, kernel, recurrentKernel, bias }, inputs);
    inputs = steps.map((step) => step.h);
    return steps;
  });
  for (const [kernel, simdStep] of [['js', false], ['wasm', false], ['wasm', true]] as const) {
    const decoder = createDecoder(model, { kernel, simdStep });
    const quiet = createDecoder(model, { kernel, simdStep });
    assert.equal(decoder.simdStep, simdStep);
    assert.equal(decoder.gruLayers, 2);
    const z = new Float32Array(8), r = new Float32Array(8);
    assert.throws(() => decoder.readGates(0, z, r), /no byte has been fed/);
    bytes.forEach((b, t) => {
      decoder.feed(b);
      quiet.feed(b);
      for (const layer of [0, 1]) {
        decoder.readGates(layer, z, r);
        for (let j = 0; j < 8; j++) {
          assert.ok(Math.abs(z[j] - expected[layer][t].z[j]) < 1e-5, `${kernel}: layer ${layer} z at byte ${t}`);
          assert.ok(Math.abs(r[j] - expected[layer][t].r[j]) < 1e-5, `${kernel}: layer ${layer} r at byte ${t}`);
        }
      }
      assert.deepEqual(decoder.nextProbabilities(), quiet.nextProbabilities());
    });
    assert.throws(() => decoder.readGates(2, z, r), /no GRU layer 2/);
    assert.throws(() => decoder.readGates(0, new Float32Array(7), r), /8 units/);
    decoder.restore(quiet.snapshot());
    assert.throws(() => decoder.readGates(0, z, r), /no byte has been fed/);
  }
  assert.equal(createDecoder(tinyModel(['lstm'])).gruLayers, 0);
  model.dispose();
});

test('rejects what it cannot decode', () => {
  const model = tinyModel(['gru']);
  const decoder = createDecoder(model);
  assert.throws(() => decoder.feed(256), RangeError);
  assert.throws(() => decoder.feed(-1), RangeError);
  const noRnn = tf.sequential({ layers: [tf.layers.embedding({ inputDim: 256, outputDim: 4, inputShape: [null] as unknown as number[] }), tf.layers.dense({ units: 256 })] });
  assert.throws(() => createDecoder(noRnn), /no recurrent layer/);
  model.dispose();
  noRnn.dispose();
});

test('decoders made from the same weights have output layers of their own: adapting one leaves the other as trained', async () => {
  const { FastByteDecoder } = await import('../../../src/model/lm/decoder');
  const { tinyWeights } = await import('../inside/tinyModel');
  const kernels: KernelChoice[] = wasmSimdAvailable() ? ['js', 'wasm'] : ['js'];
  for (const kernel of kernels) {
    const weights = tinyWeights();
    // As the worker does: one decoder for completions (whose output layer is adapted), one for "Look Inside".
    const adapted = new FastByteDecoder(weights, { kernel });
    const inside = new FastByteDecoder(weights, { kernel });
    const before = Float32Array.from(inside.nextProbabilities());
    const layer = adapted.outputLayer!;
    layer.bias[65] += 5;
    layer.rows[3] -= 1;
    adapted.outputChanged();
    assert.ok(Math.abs(adapted.nextProbabilities()[65] - before[65]) > 0.01, `${kernel}: the adapted decoder's distribution moved`);
    inside.reset(); // its next distribution computed again
    assert.deepEqual(Float32Array.from(inside.nextProbabilities()), before, `${kernel}: the other decoder's did not`);
  }
});
