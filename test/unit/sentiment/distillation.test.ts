// Distillation's soft targets: the teacher is the mean of every member of its folders, read on the
// student's word ids, and a row's target blends that with its gold label.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { SentimentModelError } from '../../../src/model/sentiment/artifacts';
import type { SentimentArtifacts } from '../../../src/model/sentiment/classifier';
import { softTargets, teacherOf } from '../../../src/model/sentiment/distillation';
import { GruClassifierKernel } from '../../../src/model/sentiment/kernel';
import { RANDOM_MEMBER_WORDS, randomMember } from './randomMember';

before(async () => {
  await tf.setBackend('cpu');
});

type Member = Awaited<ReturnType<typeof randomMember>>;

function folder(members: Member[], words = RANDOM_MEMBER_WORDS, subjectivity?: unknown): SentimentArtifacts {
  return {
    metadata: {
      kind: 'gru-scribe-sentiment', members: members.map((_, i) => `member-${i + 1}`), embedding: 8, units: 6,
      neutralBand: [0.4, 0.6], training: {}, ...(subjectivity === undefined ? {} : { subjectivity }),
    },
    vocabulary: { words },
    members: members.map((m) => ({ modelJson: m.encoded.modelJson, weights: m.encoded.weights })),
  };
}

const kernelOf = (m: Member) => GruClassifierKernel.fromWeightsFile(m.encoded.modelJson.weightsManifest[0].weights, m.encoded.weights);

test('the teacher of several folders is the mean P(positive) of all their members, subjectivity heads left out', async () => {
  const members = await Promise.all([11, 12, 13].map((seed) => randomMember(seed)));
  // A head that would pull every score towards 0.5 if it were read.
  const head = { weights: Array.from({ length: 24 * 2 }, () => 0), bias: -20 };
  const teacher = teacherOf([folder(members.slice(0, 2), RANDOM_MEMBER_WORDS, head), folder(members.slice(2))]);
  const kernels = members.map(kernelOf);
  for (const ids of [[5], [3, 9, 9, 1, 38], [12, 7, 30, 2, 2, 2, 17]]) {
    const words = Int32Array.from(ids);
    const expected = kernels.reduce((s, k) => s + k.predict(words), 0) / kernels.length;
    const parts = teacher.scoreParts(words);
    assert.ok(Math.abs(parts.polarity - expected) < 1e-6, `${ids}: ${parts.polarity} vs ${expected}`);
    assert.equal(parts.score, parts.polarity);
  }
});

test('teacher folders with different vocabularies are refused: one row of ids would mean other words', async () => {
  const member = await randomMember(11);
  const other = RANDOM_MEMBER_WORDS.map((w, i) => (i === 7 ? 'different' : w));
  assert.throws(() => teacherOf([folder([member]), folder([member], other)]), SentimentModelError);
  assert.throws(() => teacherOf([]), /at least one model folder/);
});

test('soft targets blend the teacher\'s probability with the gold label by the teacher\'s weight', () => {
  const labels = [1, 0, 1, 0];
  const teacher = [0.9, 0.2, 0.3, 0.5];
  const close = (a: Float32Array, b: number[]) => a.forEach((x, i) => assert.ok(Math.abs(x - b[i]) < 1e-6, `${[...a]} vs ${b}`));
  close(softTargets(labels, teacher, 0.5), [0.95, 0.1, 0.65, 0.25]);
  close(softTargets(labels, teacher, 0), labels);
  close(softTargets(labels, teacher, 1), teacher);
  for (const weight of [-0.1, 1.5, Number.NaN]) assert.throws(() => softTargets(labels, teacher, weight), RangeError);
  assert.throws(() => softTargets(labels, teacher.slice(1), 0.5), /4 labels but 3/);
});
