// The bundled Chinese sentiment model (models/sentiment-zh): it loads, its inference kernel computes
// what tfjs computes on the same weights, and obvious sentences get the obvious label.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { WeightSpec } from '../../../src/model/sentiment/artifacts';
import { decodeMember } from '../../../src/model/sentiment/encode';
import { loadSentimentClassifier, readSentimentArtifacts } from '../../../src/model/sentiment/folder';
import { GruClassifierKernel } from '../../../src/model/sentiment/kernel';
import type { SentimentModelJson } from '../../../src/model/sentiment/artifacts';

const MODEL_DIR = join(__dirname, '..', '..', '..', '..', 'models', 'sentiment-zh');

before(async () => {
  await tf.setBackend('cpu');
});

const SENTENCES = [
  '质量很好，非常满意',
  '太差了，再也不买了',
  '質量很好，非常滿意！',
  '物流很快，包装完好，宝贝和描述的一样👍',
  '手机用了三天就坏了，客服也不理人。',
  '还行吧',
  '书',
];

test('the Chinese model loads and reads Chinese', () => {
  const classifier = loadSentimentClassifier(MODEL_DIR);
  assert.equal(classifier.language, 'zh');
  assert.equal(classifier.tokenizer, 'zh-words');
  const [low, high] = classifier.neutralBand;
  assert.ok(low < 0.5 && high > 0.5);
});

test('kernel equals tfjs predict on the shipped weights within 1e-4', async () => {
  const classifier = loadSentimentClassifier(MODEL_DIR);
  const artifacts = readSentimentArtifacts(MODEL_DIR);
  const sum = new Float64Array(SENTENCES.length);
  for (const member of artifacts.members) {
    const modelJson = member.modelJson as SentimentModelJson;
    const reference = await decodeMember({ modelJson, weights: member.weights });
    const kernel = GruClassifierKernel.fromWeightsFile(modelJson.weightsManifest.flatMap((g) => g.weights) as WeightSpec[], member.weights);
    SENTENCES.forEach((text, i) => {
      const ids = classifier.encode(text);
      const expected = tf.tidy(() => (reference.predict(tf.tensor2d([...ids], [1, ids.length], 'int32')) as tf.Tensor).dataSync()[0]);
      const got = kernel.predict(ids);
      assert.ok(Math.abs(got - expected) < 1e-4, `${text}: kernel ${got} vs tfjs ${expected}`);
      sum[i] += expected / artifacts.members.length;
    });
    reference.dispose();
  }
  SENTENCES.forEach((text, i) => assert.ok(Math.abs(classifier.score(text) - sum[i]) < 1e-4, text));
});

test('obvious sentences get the obvious label, in simplified and traditional characters and with emoji', () => {
  const classifier = loadSentimentClassifier(MODEL_DIR);
  const label = (text: string) => classifier.classify(text).label;
  assert.equal(label('质量很好，非常满意'), 'positive');
  assert.equal(label('質量很好，非常滿意！'), 'positive');
  assert.equal(label('物流很快，包装完好，宝贝和描述的一样👍'), 'positive');
  assert.equal(label('太差了，再也不买了'), 'negative');
  assert.equal(label('手机用了三天就坏了，客服也不理人。'), 'negative');
  assert.equal(label('太差了，再也不买了') , classifier.classify('太差了，再也不买了。').label, 'a full stop does not change the label');
  assert.equal(classifier.score(''), 0.5);
  assert.equal(classifier.score('😀🙂 ＯＫ ^_^'), classifier.score('😀🙂 OK ^_^'), 'full-width letters read as ASCII');
});
