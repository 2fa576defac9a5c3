// The subjectivity head: it reads the pooled vectors the polarity members compute, and statements it
// finds objective are drawn towards 0.5 (the neutral band) without changing which side of 0.5 a text is on.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { SentimentModelError } from '../../../src/model/sentiment/artifacts';
import { SentimentClassifier } from '../../../src/model/sentiment/classifier';
import { GruClassifierKernel } from '../../../src/model/sentiment/kernel';
import { combinedScore, sigmoid, trainLogistic } from '../../../src/model/sentiment/subjectivity';
import { RANDOM_MEMBER_WORDS, randomMember } from './randomMember';

before(async () => {
  await tf.setBackend('cpu');
});

const specsOf = (m: Awaited<ReturnType<typeof randomMember>>) => m.encoded.modelJson.weightsManifest[0].weights;

/** The tfjs model's own pooled vector ([max ; mean] of the BiGRU states, the 'pool' layer) for one sentence. */
function tfjsPool(reference: tf.LayersModel, ids: number[]): Float32Array {
  const pool = tf.model({ inputs: reference.inputs, outputs: reference.getLayer('pool').output as tf.SymbolicTensor });
  return tf.tidy(() => (pool.predict(tf.tensor2d(ids, [1, ids.length], 'int32')) as tf.Tensor).dataSync() as Float32Array);
}

function classifierWith(members: Awaited<ReturnType<typeof randomMember>>[], subjectivity?: unknown) {
  return SentimentClassifier.fromArtifacts({
    metadata: {
      kind: 'gru-scribe-sentiment', members: members.map((_, i) => `member-${i + 1}`), embedding: 8, units: 6,
      neutralBand: [0.4, 0.6], training: {}, ...(subjectivity === undefined ? {} : { subjectivity }),
    },
    vocabulary: { words: RANDOM_MEMBER_WORDS },
    members: members.map((m) => ({ modelJson: m.encoded.modelJson, weights: m.encoded.weights })),
  });
}

test('a member\'s features are the pooled vector tfjs computes, and its output layer on them is its prediction', async () => {
  const member = await randomMember(4);
  for (const simd of [true, false]) {
    const kernel = GruClassifierKernel.fromWeightsFile(specsOf(member), member.encoded.weights, { simd });
    assert.equal(kernel.featureSize, 24);
    for (const ids of [[5], [3, 9, 9, 1, 38], [12, 7, 30, 2, 2, 2, 17]]) {
      const features = kernel.features(Int32Array.from(ids));
      const expected = tfjsPool(member.reference, ids);
      features.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-4, `feature ${i} of [${ids}], simd ${simd}: ${v} vs ${expected[i]}`));
      assert.ok(Math.abs(kernel.predictFromFeatures(features) - kernel.predict(Int32Array.from(ids))) < 1e-6);
    }
    assert.deepEqual([...kernel.features(new Int32Array(0))], new Array(24).fill(0));
  }
});

test('with a subjectivity head the score is 0.5 + P(subjective) (p - 0.5): objective text is neutral, the side of 0.5 stays', async () => {
  const members = [await randomMember(1), await randomMember(2)];
  const plain = classifierWith(members);
  const text = 'w1 w5 w7 w30';
  const ids = [...plain.encode(text)];
  const features = [...members.flatMap((m) => [...tfjsPool(m.reference, ids)])];
  const p = plain.score(text);
  // A head that finds this text objective (s = 0.1): the logit is -2.2 whatever the features.
  const objective = { weights: features.map(() => 0), bias: Math.log(0.1 / 0.9) };
  const withHead = classifierWith(members, objective);
  const parts = withHead.scoreParts(withHead.encode(text));
  assert.ok(Math.abs(parts.polarity - p) < 1e-6);
  assert.ok(Math.abs(parts.subjectivity - 0.1) < 1e-6);
  assert.ok(Math.abs(withHead.score(text) - (0.5 + 0.1 * (p - 0.5))) < 1e-6);
  assert.equal(withHead.classify(text).label, 'neutral', `p ${p} shrunk to ${withHead.score(text)} is inside [0.4, 0.6]`);
  assert.equal(withHead.classify(text, { binary: true }).label, plain.classify(text, { binary: true }).label);
  // A head reading the features: its weights apply to both members' pooled vectors, in member order.
  const weights = features.map((_, i) => Math.sin(i + 1) / 4);
  const reading = classifierWith(members, { weights, bias: 0.3 });
  const s = sigmoid(0.3 + features.reduce((sum, f, i) => sum + f * weights[i], 0));
  assert.ok(Math.abs(reading.scoreParts(reading.encode(text)).subjectivity - s) < 1e-4);
  assert.ok(Math.abs(reading.score(text) - combinedScore(p, s)) < 1e-4);
  assert.equal(reading.score(''), 0.5);
});

test('a subjectivity head that does not fit the members is refused with a clear message', async () => {
  const members = [await randomMember(1), await randomMember(2)];
  assert.throws(() => classifierWith(members, { weights: new Array(24).fill(0), bias: 0 }),
    (e: Error) => e instanceof SentimentModelError && /48 finite weights/.test(e.message));
  assert.throws(() => classifierWith(members, { weights: [...new Array(47).fill(0), NaN], bias: 0 }), SentimentModelError);
  assert.throws(() => classifierWith(members, { weights: new Array(48).fill(0) }), SentimentModelError);
  assert.throws(() => classifierWith(members, 'objective'), SentimentModelError);
});

test('logistic regression separates classes whatever the scale of each feature, and weighs both classes alike', () => {
  // Feature 0 carries the class on a scale of 1,000, feature 1 is noise around 5: standardising makes
  // the scale irrelevant, and the returned weights apply to the raw values.
  let state = 9;
  const noise = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
  const x: Float32Array[] = [], y: number[] = [];
  // 90 of class 0 and 10 of class 1, overlapping: an unweighted fit favours class 0 (recall 1.0 / 0.6).
  for (let i = 0; i < 100; i++) {
    const label = i < 90 ? 0 : 1;
    x.push(Float32Array.of(1000 * (label + 1.5 * noise()), 5 + noise()));
    y.push(label);
  }
  const head = trainLogistic(x, y);
  const predicted = x.map((row) => sigmoid(head.bias + row[0] * head.weights[0] + row[1] * head.weights[1]) >= 0.5 ? 1 : 0);
  const recall = (label: number) => y.filter((l, i) => l === label && predicted[i] === label).length / y.filter((l) => l === label).length;
  assert.ok(recall(0) >= 0.85 && recall(1) >= 0.85, `recall ${recall(0)} / ${recall(1)}`);
});
