// Reads the weights of a byte language model (tfjs Sequential) into plain typed arrays, every matrix as
// tfjs stores it, [inputs][outputs]; the decoder lays them out for its kernel. The result holds no
// tensors, so it can be posted to a worker thread.
import type * as tf from '@tensorflow/tfjs';
import { ACTIVATIONS, type ActivationName } from '../gru/activations';

export interface EmbeddingWeights {
  kind: 'embedding';
  /** [vocab][dim], row per byte. */
  table: Float32Array;
  vocab: number;
  dim: number;
}

export interface DenseWeights {
  kind: 'dense';
  inputDim: number;
  units: number;
  /** [inputDim][units]. */
  kernel: Float32Array;
  bias: Float32Array;
  activation: ActivationName;
}

/**
 * A recurrent layer with `gates` blocks of `units` each. Block order follows tfjs:
 * GRU z, r, h (reset applied before the recurrent matmul, tfjs's only mode); LSTM i, f, c, o; SimpleRNN one block.
 */
export interface RecurrentWeights {
  kind: 'gru' | 'lstm' | 'simpleRnn';
  inputDim: number;
  units: number;
  gates: number;
  /** [inputDim][gates*units]. */
  kernel: Float32Array;
  /** [units][gates*units]. */
  recurrentKernel: Float32Array;
  /** gates*units (zeros when the layer has no bias). */
  bias: Float32Array;
  activation: ActivationName;
  /** The gates' activation (GRU, LSTM); tfjs defaults to hardSigmoid, our models use sigmoid. */
  recurrentActivation: ActivationName;
}

export type LayerWeights = EmbeddingWeights | DenseWeights | RecurrentWeights;

export interface DecoderWeights {
  layers: LayerWeights[];
}

const GATES = { gru: 3, lstm: 4, simpleRnn: 1 } as const;
const RECURRENT_CLASSES: Record<string, RecurrentWeights['kind']> = { GRU: 'gru', LSTM: 'lstm', SimpleRNN: 'simpleRnn' };
/** Layers that do nothing when predicting. */
const PASS_THROUGH = new Set(['InputLayer', 'Dropout', 'SpatialDropout1D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout']);

function activationName(value: unknown, layer: string): ActivationName {
  const name = String(value ?? 'linear');
  if ((ACTIVATIONS as readonly string[]).includes(name)) return name as ActivationName;
  throw new Error(`layer ${layer}: activation "${name}" is not supported by the decoder`);
}

/** The layer's weights by their short name ("kernel", "recurrent_kernel", "bias", "embeddings"). */
function namedWeights(layer: tf.layers.Layer): Map<string, Float32Array> {
  const values = layer.getWeights();
  const byName = new Map<string, Float32Array>();
  layer.weights.forEach((w, i) => {
    const short = w.originalName.split('/').pop()!.replace(/_\d+$/, '');
    byName.set(short, values[i].dataSync() as Float32Array);
  });
  return byName;
}

function required(weights: Map<string, Float32Array>, name: string, layer: string): Float32Array {
  const w = weights.get(name);
  if (!w) throw new Error(`layer ${layer}: weight "${name}" is missing`);
  return w;
}

/** Extracts every layer of a byte language model; throws on layers the decoder cannot run. */
export function extractDecoderWeights(model: tf.LayersModel): DecoderWeights {
  const layers: LayerWeights[] = [];
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    const config = layer.getConfig() as Record<string, unknown>;
    if (PASS_THROUGH.has(cls)) continue;
    const weights = namedWeights(layer);
    if (cls === 'Embedding') {
      const vocab = Number(config.inputDim);
      const dim = Number(config.outputDim);
      layers.push({ kind: 'embedding', table: Float32Array.from(required(weights, 'embeddings', layer.name)), vocab, dim });
    } else if (cls === 'Dense') {
      const units = Number(config.units);
      const kernel = required(weights, 'kernel', layer.name);
      const inputDim = kernel.length / units;
      layers.push({
        kind: 'dense', inputDim, units,
        kernel: Float32Array.from(kernel),
        bias: weights.has('bias') ? Float32Array.from(weights.get('bias')!) : new Float32Array(units),
        activation: activationName(config.activation, layer.name),
      });
    } else if (cls in RECURRENT_CLASSES) {
      const kind = RECURRENT_CLASSES[cls];
      if (config.resetAfter) throw new Error(`layer ${layer.name}: GRU with resetAfter is not supported`);
      if (config.goBackwards) throw new Error(`layer ${layer.name}: a backwards RNN cannot decode step by step`);
      const units = Number(config.units);
      const gates = GATES[kind];
      const kernel = required(weights, 'kernel', layer.name);
      const inputDim = kernel.length / (gates * units);
      layers.push({
        kind, inputDim, units, gates,
        kernel: Float32Array.from(kernel),
        recurrentKernel: Float32Array.from(required(weights, 'recurrent_kernel', layer.name)),
        bias: weights.has('bias') ? Float32Array.from(weights.get('bias')!) : new Float32Array(gates * units),
        activation: activationName(config.activation ?? 'tanh', layer.name),
        recurrentActivation: activationName(config.recurrentActivation ?? 'hardSigmoid', layer.name),
      });
    } else {
      throw new Error(`layer ${layer.name}: ${cls} layers are not supported by the decoder`);
    }
  }
  return { layers };
}
