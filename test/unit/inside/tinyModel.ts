// A tiny byte-level GRU language model with random weights, and the same model computed directly from
// the formula (../gru/reference), to check what "Look Inside the Model" reports against.
import type { DecoderWeights } from '../../../src/model/lm/decoderWeights';
import { FastByteDecoder } from '../../../src/model/lm/decoder';
import { mulberry32 } from '../../../src/model/lm/sampler';
import { referenceGru } from '../gru/reference';

export const UNITS = 12;
const EMBED = 6;

/** `favour`: bytes whose output bias is raised by 8 (to make multi-byte characters likely). */
export function tinyWeights(seed = 5, favour: number[] = []): DecoderWeights {
  const rand = mulberry32(seed);
  const values = (n: number, scale = 0.8) => Float32Array.from({ length: n }, () => (rand() * 2 - 1) * scale);
  const outputBias = values(256);
  for (const b of favour) outputBias[b] += 8;
  return {
    layers: [
      { kind: 'embedding', table: values(256 * EMBED, 1.5), vocab: 256, dim: EMBED },
      {
        kind: 'gru', inputDim: EMBED, units: UNITS, gates: 3, kernel: values(EMBED * 3 * UNITS), recurrentKernel: values(UNITS * 3 * UNITS),
        bias: values(3 * UNITS), activation: 'tanh', recurrentActivation: 'sigmoid',
      },
      { kind: 'dense', inputDim: UNITS, units: 256, kernel: values(UNITS * 256, 2), bias: outputBias, activation: 'linear' },
    ],
  };
}

export function tinyDecoder(seed = 5, favour: number[] = []): FastByteDecoder {
  return new FastByteDecoder(tinyWeights(seed, favour), { kernel: 'js' });
}

export interface ReferenceByte {
  z: Float64Array;
  r: Float64Array;
  h: Float64Array;
  /** The next-byte distribution after the byte. */
  next: Float64Array;
  /** Bits spent on the byte. */
  bits: number;
}

function softmax(logits: Float64Array): Float64Array {
  const max = Math.max(...logits);
  const e = logits.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/** The distribution after state h, straight from the dense layer's formula. */
function distribution(weights: DecoderWeights, h: ArrayLike<number>): Float64Array {
  const dense = weights.layers[2];
  if (dense.kind !== 'dense') throw new Error('not the tiny model');
  const logits = Float64Array.from({ length: 256 }, (_, b) => {
    let s = dense.bias[b];
    for (let i = 0; i < UNITS; i++) s += h[i] * dense.kernel[i * 256 + b];
    return s;
  });
  return softmax(logits);
}

/** Per byte of `bytes` read from a fresh state: gates, state, next distribution and bits, from the formula. */
export function referenceTrace(weights: DecoderWeights, bytes: Uint8Array): ReferenceByte[] {
  const [embedding, gru] = weights.layers;
  if (embedding.kind !== 'embedding' || gru.kind !== 'gru') throw new Error('not the tiny model');
  const steps = referenceGru(gru, [...bytes].map((b) => embedding.table.subarray(b * EMBED, (b + 1) * EMBED)));
  let before = distribution(weights, new Float64Array(UNITS));
  return steps.map((s, i) => {
    const bits = -Math.log2(before[bytes[i]]);
    before = distribution(weights, s.h);
    return { z: s.z, r: s.r, h: s.h, next: before, bits };
  });
}
