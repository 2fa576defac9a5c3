// Choosing the next byte: greedy, temperature, top-k and top-p (nucleus), with a seeded generator so that
// the same seed gives the same text on every machine; and the one loop that continues text with it.
import type { ByteDecoder } from './types';

/** A uniform random number in [0, 1). */
export type Random = () => number;

/** mulberry32: a small, fast 32-bit PRNG; good enough for sampling and position draws, and reproducible. */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SamplingOptions {
  /** 0 means greedy (always the most probable byte). */
  temperature: number;
  /** Keep only the k most probable bytes (0 or absent: all). */
  topK?: number;
  /** Keep the smallest set of most probable bytes whose mass reaches p (1 or absent: all). */
  topP?: number;
}

/**
 * Sampling for free-running text (the generate command, the training panel's samples): nucleus sampling
 * at a temperature below 1, which keeps the model to words it knows without the loops of greedy decoding.
 */
export const READABLE_SAMPLING = { temperature: 0.7, topP: 0.9 } as const;

/** Index of the largest value (the first one on ties). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/**
 * Draws a byte from `probs` (which sum to 1) after temperature, top-k and top-p.
 * Temperature reshapes probabilities as p^(1/T), the same as dividing the logits by T.
 */
export function sampleIndex(probs: Float32Array, options: SamplingOptions, random: Random): number {
  const { temperature } = options;
  if (!(temperature > 0)) return argmax(probs);
  const n = probs.length;
  const weights = new Float64Array(n);
  const maxP = probs[argmax(probs)];
  // p^(1/T) relative to the largest, in log space to avoid underflow at low temperatures.
  for (let i = 0; i < n; i++) weights[i] = probs[i] > 0 ? Math.exp((Math.log(probs[i]) - Math.log(maxP)) / temperature) : 0;

  const topK = options.topK && options.topK > 0 ? Math.min(options.topK, n) : n;
  const topP = options.topP !== undefined && options.topP > 0 && options.topP < 1 ? options.topP : 1;
  let candidates = Array.from({ length: n }, (_, i) => i);
  if (topK < n || topP < 1) {
    candidates.sort((a, b) => weights[b] - weights[a] || a - b);
    candidates = candidates.slice(0, topK);
    if (topP < 1) {
      const total = candidates.reduce((s, i) => s + weights[i], 0);
      let mass = 0;
      let keep = 0;
      while (keep < candidates.length && mass < topP * total) mass += weights[candidates[keep++]];
      candidates = candidates.slice(0, Math.max(keep, 1));
    }
  }
  const total = candidates.reduce((s, i) => s + weights[i], 0);
  let r = random() * total;
  for (const i of candidates) {
    r -= weights[i];
    if (r < 0) return i;
  }
  return candidates[candidates.length - 1];
}

/**
 * The generation loop: draws each next byte from the decoder's distribution and offers it, with its
 * probability, to `take`. A byte taken is fed back and the loop goes on, until `take` declines one (which
 * is not fed) or `maxBytes` bytes were drawn. The decoder is left after the last byte taken.
 */
export function sampleContinuation(
  decoder: ByteDecoder,
  maxBytes: number,
  options: SamplingOptions,
  random: Random,
  take: (byte: number, probability: number) => boolean,
): void {
  const probs = new Float32Array(256);
  for (let drawn = 0; drawn < maxBytes; drawn++) {
    const byte = sampleIndex(decoder.nextProbabilities(probs), options, random);
    if (!take(byte, probs[byte])) return;
    decoder.feed(byte);
  }
}

/** Continues whatever the decoder has read by `maxBytes` bytes. */
export function generateBytes(decoder: ByteDecoder, maxBytes: number, options: SamplingOptions, random: Random): Uint8Array {
  const out = new Uint8Array(maxBytes);
  let length = 0;
  sampleContinuation(decoder, maxBytes, options, random, (byte) => {
    out[length++] = byte;
    return true;
  });
  return out.slice(0, length);
}
