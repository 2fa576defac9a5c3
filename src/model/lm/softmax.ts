// The language model's output: a distribution over the next byte from its logits.

/** The largest logit: subtracted before each exponential, so that none overflows. */
function maxOf(logits: Float32Array): number {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i];
  return max;
}

/** The softmax's denominator over `max`: the sum of exp(logit - max), in float64. */
function expSum(logits: Float32Array, max: number): number {
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i] - max);
  return sum;
}

/** Numerically stable softmax of `logits` into `out` (may be the same array). */
export function softmaxInto(logits: Float32Array, out: Float32Array): Float32Array {
  const max = maxOf(logits);
  // expSum's sum, each exponential kept as well: out may be float32, and the sum is of the unrounded ones.
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const e = Math.exp(logits[i] - max);
    out[i] = e;
    sum += e;
  }
  const inv = 1 / sum;
  for (let i = 0; i < logits.length; i++) out[i] *= inv;
  return out;
}

/**
 * softmaxInto(logits, out)[target] to the bit (each exponential rounded to float32, then scaled), without
 * writing the other 255: what a caller that needs one probability per step reads.
 */
export function softmaxAt(logits: Float32Array, target: number): number {
  const max = maxOf(logits);
  return Math.fround(Math.fround(Math.exp(logits[target] - max)) * (1 / expSum(logits, max)));
}

/** log of the softmax of logits at index `target`, computed without underflow. */
export function logSoftmaxAt(logits: Float32Array, target: number): number {
  const max = maxOf(logits);
  return logits[target] - max - Math.log(expSum(logits, max));
}
