import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SMALL_DATA_BYTES, trainingPlan } from '../../../src/training/smallData';

const settings = { timeBudgetSec: 600, epochs: 0, learningRate: 0.001, seqLength: 64, batchSize: 32 };

test('a fine-tune on a small folder trains at a lower learning rate and validates every few steps', () => {
  const small = trainingPlan(2846, 2500, settings, true);
  assert.equal(trainingPlan(8 * 1024, 7_300, settings, true).small, true, '8 KB: the lower learning rate did as well or better');
  assert.equal(small.small, true);
  assert.ok(Math.abs(small.learningRate - 0.0003) < 1e-12, String(small.learningRate));
  assert.equal(small.evalEverySteps, 4);
  assert.equal(small.lanes, 19, 'fewer lanes than the batch size when the text cannot fill them');
});

test('more text, or training from scratch, keeps the settings as they are', () => {
  // 16 KB: the learning rate set did better on held-out text than the lower one on every folder measured.
  const sixteen = trainingPlan(16 * 1024, 14_700, settings, true);
  for (const plan of [sixteen, trainingPlan(SMALL_DATA_BYTES, 60_000, settings, true), trainingPlan(2846, 2500, settings, false)]) {
    assert.equal(plan.small, false);
    assert.equal(plan.learningRate, 0.001);
    assert.equal(plan.evalEverySteps, undefined);
    assert.equal(plan.evalEverySeconds, 30);
    assert.equal(plan.anchor, 0);
  }
});
