// The language model's architecture as numbers: which cell, how wide, how deep, and the weight shapes that
// follow. Free of tfjs, so that a model folder can be checked without building the model.
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
