// The running mean of weights over checkpoints: element by element, the added tensors left to their owner.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { WeightAverage } from '../../../src/model/sentiment/weightAverage';

before(async () => {
  await tf.setBackend('cpu');
});

test('the mean of the added weight sets, element by element; the added tensors stay usable', () => {
  const average = new WeightAverage();
  const sets = [[[1, 2], [10]], [[3, 6], [20]], [[5, 1], [60]]].map(([a, b]) => [tf.tensor1d(a), tf.tensor2d([b])]);
  for (const s of sets) average.add(s);
  assert.equal(average.count, 3);
  const mean = average.mean();
  assert.deepEqual(mean.map((t) => t.shape), [[2], [1, 1]]);
  assert.deepEqual([...mean[0].dataSync()], [3, 3]);
  assert.deepEqual([...mean[1].dataSync()], [30]);
  assert.deepEqual([...sets[0][0].dataSync()], [1, 2]);
  tf.dispose([...mean, ...sets.flat()]);
  average.dispose();
  assert.equal(average.count, 0);
});

test('weights of another shape, or a mean of nothing, are refused', () => {
  const average = new WeightAverage();
  assert.throws(() => average.mean(), /no weights were added/);
  average.add([tf.zeros([2, 3])]);
  assert.throws(() => average.add([tf.zeros([3, 2])]), /another shape/);
  assert.throws(() => average.add([tf.zeros([2, 3]), tf.zeros([1])]), /another shape/);
  average.dispose();
});
