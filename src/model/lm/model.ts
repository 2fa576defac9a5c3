// The byte-level language model as a tfjs layers model:
//   embedding(256 -> E) -> recurrent layer(s) of H units, returnSequences -> dense(256) linear logits.
// The fast decoder and the fused trainer read and write exactly these weights, in this order.
import * as tf from '@tensorflow/tfjs';
import { validateLmConfig, VOCAB_SIZE, type LmConfig } from './architecture';
import type { CellType } from './types';

export { gateCount, parameterCount, validateLmConfig, VOCAB_SIZE, weightShapes, type LmConfig } from './architecture';

/**
 * Builds the (untrained) model. Input: int32 byte ids [batch, time]; output: logits [batch, time, 256].
 * GRU uses tfjs's `resetAfter: false` variant with a sigmoid recurrent activation (tfjs defaults to hardSigmoid).
 */
export function buildLanguageModel(config: LmConfig, options: { seed?: number } = {}): tf.Sequential {
  validateLmConfig(config);
  const seed = options.seed;
  const glorot = () => tf.initializers.glorotUniform({ seed });
  const model = tf.sequential();
  model.add(tf.layers.embedding({
    inputDim: VOCAB_SIZE, outputDim: config.embedDim, batchInputShape: [null, null],
    embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed }), name: 'embedding',
  }));
  for (let l = 0; l < config.layers; l++) {
    const common = {
      units: config.hiddenSize, returnSequences: true, name: `${config.cell.toLowerCase()}_${l}`,
      kernelInitializer: glorot(),
      // Orthogonal init is slow on big matrices in tfjs; glorot is a fine start for these sizes.
      recurrentInitializer: glorot(),
    };
    if (config.cell === 'gru') {
      // tfjs only implements resetAfter: false (the reset gate applies before the recurrent matmul).
      model.add(tf.layers.gru({ ...common, recurrentActivation: 'sigmoid' }));
    } else if (config.cell === 'lstm') {
      model.add(tf.layers.lstm({ ...common, recurrentActivation: 'sigmoid', unitForgetBias: true }));
    } else {
      model.add(tf.layers.simpleRNN({ ...common, activation: 'tanh' }));
    }
  }
  model.add(tf.layers.dense({ units: VOCAB_SIZE, kernelInitializer: glorot(), name: 'logits' }));
  return model;
}

/** Reads the architecture back from a built or loaded model, checking it has the expected shape. */
export function inferLmConfig(model: tf.LayersModel): LmConfig {
  const layers = model.layers;
  const emb = layers[0];
  const rec = layers.slice(1, -1);
  const out = layers[layers.length - 1];
  const className = (l: tf.layers.Layer) => l.getClassName();
  const cells: Record<string, CellType> = { GRU: 'gru', LSTM: 'lstm', SimpleRNN: 'simpleRnn' };
  if (!emb || className(emb) !== 'Embedding' || rec.length === 0 || className(out) !== 'Dense') {
    throw new Error('not a byte-level language model: expected embedding -> recurrent layer(s) -> dense');
  }
  const cell = cells[className(rec[0])];
  if (!cell || rec.some((l) => cells[className(l)] !== cell)) throw new Error('unsupported recurrent layers in language model');
  const embShape = emb.getWeights()[0].shape;
  const hiddenSize = rec[0].getWeights()[1].shape[0];
  if (embShape[0] !== VOCAB_SIZE || out.getWeights()[0].shape[1] !== VOCAB_SIZE) {
    throw new Error('language model vocabulary must be 256 bytes');
  }
  return { cell, embedDim: embShape[1]!, hiddenSize: hiddenSize!, layers: rec.length };
}
