import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { buildLanguageModel, inferLmConfig, parameterCount, weightShapes, type LmConfig } from '../../../src/model/lm/model';

const configs: LmConfig[] = [
  { cell: 'gru', embedDim: 8, hiddenSize: 12, layers: 1 },
  { cell: 'gru', embedDim: 8, hiddenSize: 12, layers: 2 },
  { cell: 'lstm', embedDim: 6, hiddenSize: 10, layers: 1 },
  { cell: 'simpleRnn', embedDim: 6, hiddenSize: 10, layers: 2 },
];

test('builds embedding -> recurrent -> dense(256) models whose weights have the documented shapes', async () => {
  await tf.setBackend('cpu');
  for (const config of configs) {
    const model = buildLanguageModel(config, { seed: 1 });
    const out = model.predict(tf.tensor2d([[1, 2, 3, 250, 0], [5, 6, 7, 8, 9]], undefined, 'int32')) as tf.Tensor;
    assert.deepEqual(out.shape, [2, 5, 256]);
    assert.deepEqual(model.getWeights().map((w) => w.shape), weightShapes(config));
    assert.equal(model.countParams(), parameterCount(config));
    assert.deepEqual(inferLmConfig(model), config);
    out.dispose();
    model.dispose();
  }
});

test('the GRU uses a sigmoid recurrent activation (not tfjs\'s hardSigmoid default)', async () => {
  await tf.setBackend('cpu');
  const model = buildLanguageModel({ cell: 'gru', embedDim: 4, hiddenSize: 4, layers: 1 });
  const cfg = model.layers[1].getConfig();
  assert.equal(cfg.recurrentActivation, 'sigmoid');
  assert.equal(cfg.returnSequences, true);
  model.dispose();
});

test('rejects invalid sizes', () => {
  assert.throws(() => buildLanguageModel({ cell: 'gru', embedDim: 0, hiddenSize: 4, layers: 1 }), /invalid/);
});
