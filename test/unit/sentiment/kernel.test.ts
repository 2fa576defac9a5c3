// The typed-array inference must compute what tfjs's predict computes on the same weights.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { decodeWeights } from '../../../src/model/sentiment/artifacts';
import { labelFor, SentimentClassifier } from '../../../src/model/sentiment/classifier';
import { buildClassifier, buildProjectedClassifier, foldProjection } from '../../../src/model/sentiment/classifierModel';
import { encodeMember } from '../../../src/model/sentiment/encode';
import { GruClassifierKernel, MAX_PROJECTED_WORDS } from '../../../src/model/sentiment/kernel';
import { loadSentimentClassifier } from '../../../src/model/sentiment/folder';
import { referenceGru } from '../gru/reference';
import { RANDOM_MEMBER_WORDS, randomMember } from './randomMember';
import { wasmSimdAvailable } from '../../../src/model/simd/arena';

before(async () => {
  await tf.setBackend('cpu');
});

/** Checks a kernel on the same weights against tfjs predict for sentences of 1..12 words. */
async function expectMatchesTfjs(units: number, simd: boolean) {
  const { encoded, reference } = await randomMember(7, units);
  const specs = encoded.modelJson.weightsManifest[0].weights;
  const kernel = new GruClassifierKernel(decodeWeights(specs, encoded.weights), specs, { simd });
  let state = 12345;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) % 40;
  for (let len = 1; len <= 12; len++) {
    const batch = Array.from({ length: 3 }, () => Int32Array.from({ length: len }, next));
    const expected = tf.tidy(() => (reference.predict(tf.tensor2d(batch.flatMap((b) => [...b]), [3, len], 'int32')) as tf.Tensor).dataSync());
    batch.forEach((ids, b) => {
      const got = kernel.predict(ids);
      assert.ok(Math.abs(got - expected[b]) < 1e-4, `units ${units}, length ${len}: kernel ${got} vs tfjs ${expected[b]}`);
    });
  }
  return kernel;
}

test('kernel matches tfjs predict within 1e-4 (lengths 1..12)', async () => {
  const kernel = await expectMatchesTfjs(6, true);
  assert.equal(kernel.simd, false, 'units not a multiple of 4 take the plain loop');
});

test('kernel with the WebAssembly SIMD recurrence matches tfjs predict, as does the plain loop', async () => {
  const simd = await expectMatchesTfjs(16, true);
  assert.equal(simd.simd, wasmSimdAvailable());
  const plain = await expectMatchesTfjs(16, false);
  assert.equal(plain.simd, false);
});

test('an embedding read a row at a time from its 8-bit or 16-bit storage predicts exactly as the expanded one', async () => {
  const model = buildClassifier({ vocabSize: 40, embedding: 8, units: 8 }, { embeddingDropout: 0, poolDropout: 0, seed: 5 });
  for (const uint8Embedding of [true, false]) {
    const encoded = await encodeMember(model, { uint8Embedding });
    const specs = encoded.modelJson.weightsManifest[0].weights;
    for (const simd of [true, false]) {
      const lazy = GruClassifierKernel.fromWeightsFile(specs, encoded.weights, { simd });
      const expanded = new GruClassifierKernel(decodeWeights(specs, encoded.weights), specs, { simd });
      for (const ids of [[1, 2, 3], [39, 0, 17, 17, 5], [22]]) {
        assert.equal(lazy.predict(Int32Array.from(ids)), expanded.predict(Int32Array.from(ids)), `uint8 ${uint8Embedding}, simd ${simd}`);
      }
    }
  }
});

test('projected model folds into the plain model with the same predictions', async () => {
  const vocabSize = 30, dimensions = 10;
  const vectors = Float32Array.from({ length: vocabSize * dimensions }, (_, i) => Math.sin(i * 1.7));
  const trained = buildProjectedClassifier({ vectors, vocabSize, dimensions, projection: 8, units: 8 }, { embeddingDropout: 0.3, poolDropout: 0.3, seed: 3 });
  // Train-like weights: random, biases included (the frozen vectors stay as given).
  trained.layers.filter((l) => l.trainable && l.name !== 'vectors').forEach((l, k) => {
    l.setWeights(l.getWeights().map((w, i) => tf.randomUniform(w.shape, -0.5, 0.5, 'float32', 100 + 10 * k + i)));
  });
  const folded = foldProjection(trained);
  assert.deepEqual(folded.getLayer('embedding').getWeights()[0].shape, [vocabSize, 8]);
  const ids = tf.tensor2d([[3, 7, 1, 29, 12], [0, 5, 5, 8, 2]], [2, 5], 'int32');
  const a = (trained.predict(ids) as tf.Tensor).dataSync();
  const b = (folded.predict(ids) as tf.Tensor).dataSync();
  for (let i = 0; i < 2; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-5, `${a[i]} vs ${b[i]}`);
});

test('the gates of each direction at each word, as the GRU formula gives them; asking changes no prediction', async () => {
  const { encoded } = await randomMember(3, 8);
  const specs = encoded.modelJson.weightsManifest[0].weights;
  const weights = decodeWeights(specs, encoded.weights);
  const named = (pattern: RegExp) => weights.get(specs.find((s) => pattern.test(s.name))!.name)!;
  const embedding = named(/embeddings$/);
  const ids = Int32Array.from([4, 17, 17, 2, 39]);
  const rows = (order: readonly number[]) => order.map((id) => embedding.subarray(id * 8, (id + 1) * 8));
  for (const simd of [true, false]) {
    const kernel = new GruClassifierKernel(weights, specs, { simd });
    assert.equal(kernel.simd, simd && wasmSimdAvailable());
    const { score, forward, backward } = kernel.predictWithGates(ids);
    assert.equal(score, kernel.predict(ids));
    for (const [name, gates, order] of [['forward', forward, [...ids]], ['backward', backward, [...ids].reverse()]] as const) {
      const expected = referenceGru({
        units: 8, kernel: named(new RegExp(`${name}_[^/]*/kernel$`)), recurrentKernel: named(new RegExp(`${name}_[^/]*/recurrent_kernel$`)),
        bias: named(new RegExp(`${name}_[^/]*/bias$`)),
      }, rows(order));
      assert.equal(gates.z.length, ids.length);
      expected.forEach((step, t) => {
        for (let j = 0; j < 8; j++) {
          assert.ok(Math.abs(gates.z[t][j] - step.z[j]) < 1e-5, `${name} z at word ${t}, simd ${simd}`);
          assert.ok(Math.abs(gates.r[t][j] - step.r[j]) < 1e-5, `${name} r at word ${t}, simd ${simd}`);
        }
      });
    }
  }
});

test('ensemble averages its members and labels with the neutral band', async () => {
  const members = [await randomMember(1), await randomMember(2)];
  const words = RANDOM_MEMBER_WORDS;
  const classifier = SentimentClassifier.fromArtifacts({
    metadata: { kind: 'gru-scribe-sentiment', members: ['member-1', 'member-2'], embedding: 8, units: 6, neutralBand: [0.4, 0.6], training: {} },
    vocabulary: { words },
    members: members.map((m) => ({ modelJson: m.encoded.modelJson, weights: m.encoded.weights })),
  });
  const ids = classifier.encode('w1 w5 w7 unknown');
  assert.deepEqual([...ids], [3, 7, 9, 1]);
  const x = tf.tensor2d([...ids], [1, 4], 'int32');
  const mean = members.reduce((s, m) => s + (m.reference.predict(x) as tf.Tensor).dataSync()[0], 0) / 2;
  assert.ok(Math.abs(classifier.score('w1 w5 w7 unknown') - mean) < 1e-4);
  assert.equal(classifier.score(''), 0.5);
  assert.equal(SentimentClassifier.knownShare(ids), 0.75);
});

test('labels: neutral band is inclusive, binary splits at 0.5', () => {
  assert.equal(labelFor(0.39, [0.4, 0.6]), 'negative');
  assert.equal(labelFor(0.4, [0.4, 0.6]), 'neutral');
  assert.equal(labelFor(0.6, [0.4, 0.6]), 'neutral');
  assert.equal(labelFor(0.61, [0.4, 0.6]), 'positive');
  assert.equal(labelFor(0.5, [0.4, 0.6], true), 'positive');
  assert.equal(labelFor(0.4999, [0.4, 0.6], true), 'negative');
});

test('projections forgotten when their table is full come back the same: scores do not change', async () => {
  // The bundled English model (40,000 words) has more words than a table keeps.
  const classifier = loadSentimentClassifier(join(__dirname, '..', '..', '..', '..', 'models', 'sentiment'));
  const fresh = () => loadSentimentClassifier(join(__dirname, '..', '..', '..', '..', 'models', 'sentiment'));
  const sentences = ['A wonderful and moving film.', 'The plot is a dull mess.', 'I did not like it at all.'];
  const before = sentences.map((s) => classifier.score(s));
  // More distinct words than one table holds, in sentences of 50 words.
  const ids = Array.from({ length: MAX_PROJECTED_WORDS + 500 }, (_, i) => 2 + (i % (classifier.vocabulary.size - 2)));
  for (let i = 0; i < ids.length; i += 50) classifier.scoreIds(Int32Array.from(ids.slice(i, i + 50)));
  assert.deepEqual(sentences.map((s) => classifier.score(s)), before);
  assert.deepEqual(sentences.map((s) => fresh().score(s)), before);
});
