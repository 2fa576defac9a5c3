// The byte-level language model as a tfjs layers model:
//   embedding(256 -> E) -> recurrent layer(s) of H units, returnSequences -> dense(256) linear logits.
// The fast decoder and the fused trainer read and write exactly these weights, in this order.
import * as tf from '@tensorflow/tfjs';
import type { CellType } from './types';

export const VOCAB_SIZE = 256;

export interface LmConfig {
  cell: CellType;
  embedDim: number;
  hiddenSize: number;
  layers: number;
}

/** Number of weight matrices per recurrent layer: 3 gates for GRU (z, r, h), 4 for LSTM (i, f, c, o), 1 for a simple RNN. */
export function gateCount(cell: CellType): number {
  return cell === 'gru' ? 3 : cell === 'lstm' ? 4 : 1;
}

export function validateLmConfig(config: LmConfig): void {
  const whole = (n: number) => Number.isInteger(n) && n >= 1 && n <= 4096;
  if (!['gru', 'lstm', 'simpleRnn'].includes(config.cell)) throw new Error(`unknown cell type "${config.cell}"`);
  if (!whole(config.embedDim) || !whole(config.hiddenSize) || !whole(config.layers) || config.layers > 8) {
    throw new Error(`invalid language model size ${JSON.stringify(config)}`);
  }
}

/** Shapes of the model's weights in `model.getWeights()` order. */
export function weightShapes(config: LmConfig): number[][] {
  const g = gateCount(config.cell);
  const shapes: number[][] = [[VOCAB_SIZE, config.embedDim]];
  for (let l = 0; l < config.layers; l++) {
    const inputDim = l === 0 ? config.embedDim : config.hiddenSize;
    shapes.push([inputDim, g * config.hiddenSize], [config.hiddenSize, g * config.hiddenSize], [g * config.hiddenSize]);
  }
  shapes.push([config.hiddenSize, VOCAB_SIZE], [VOCAB_SIZE]);
  return shapes;
}

export function parameterCount(config: LmConfig): number {
  return weightShapes(config).reduce((sum, s) => sum + s.reduce((a, b) => a * b, 1), 0);
}

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
