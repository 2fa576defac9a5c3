// The typed-array inference must compute what tfjs's predict computes on the same weights.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { decodeWeights } from '../../../src/model/sentiment/artifacts';
import { labelFor, SentimentClassifier } from '../../../src/model/sentiment/classifier';
import { buildClassifier } from '../../../src/model/sentiment/classifierModel';
import { decodeMember, encodeMember } from '../../../src/model/sentiment/encode';
import { GruClassifierKernel } from '../../../src/model/sentiment/kernel';

before(async () => {
  await tf.setBackend('cpu');
});

/** A small random model whose biases are non-zero, so every weight matters. */
async function randomMember(seed: number) {
  const model = buildClassifier({ vocabSize: 40, embedding: 8, units: 6 }, { embeddingDropout: 0.3, poolDropout: 0.3, seed });
  model.setWeights(model.getWeights().map((w, i) => tf.randomUniform(w.shape, -0.6, 0.6, 'float32', seed * 31 + i)));
  const encoded = await encodeMember(model);
  return { encoded, reference: await decodeMember(encoded) };
}

test('kernel matches tfjs predict within 1e-4 (lengths 1..12)', async () => {
  const { encoded, reference } = await randomMember(7);
  const specs = encoded.modelJson.weightsManifest[0].weights;
  const kernel = new GruClassifierKernel(decodeWeights(specs, encoded.weights), specs);
  let state = 12345;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) % 40;
  for (let len = 1; len <= 12; len++) {
    const batch = Array.from({ length: 3 }, () => Int32Array.from({ length: len }, next));
    const expected = tf.tidy(() => (reference.predict(tf.tensor2d(batch.flatMap((b) => [...b]), [3, len], 'int32')) as tf.Tensor).dataSync());
    batch.forEach((ids, b) => {
      const got = kernel.predict(ids);
      assert.ok(Math.abs(got - expected[b]) < 1e-4, `length ${len}: kernel ${got} vs tfjs ${expected[b]}`);
    });
  }
});

test('ensemble averages its members and labels with the neutral band', async () => {
  const members = [await randomMember(1), await randomMember(2)];
  const words = ['<pad>', '<oov>', ...Array.from({ length: 38 }, (_, i) => `w${i}`)];
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
