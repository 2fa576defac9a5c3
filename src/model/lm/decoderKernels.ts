// Plain typed-array kernels for one decoding step. No tfjs: a step of a GRU(256) is ~0.5 MFLOP, far below
// what tfjs's per-operation overhead costs. Matrices are [rows][cols] row-major, so each output is one
// contiguous dot product; four independent accumulators let the JIT overlap the multiply-adds.
import type { ActivationName } from './decoderWeights';

/** out[outOffset + j] = bias[j] + sum_i w[j*cols + i] * x[xOffset + i], for j < rows. */
export function matVec(
  w: Float32Array, rows: number, cols: number,
  x: Float32Array, xOffset: number,
  out: Float32Array, outOffset: number,
  bias?: Float32Array,
): void {
  const cols4 = cols - (cols & 3);
  for (let j = 0, base = 0; j < rows; j++, base += cols) {
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    let i = 0;
    for (; i < cols4; i += 4) {
      const k = base + i, xi = xOffset + i;
      a0 += w[k] * x[xi];
      a1 += w[k + 1] * x[xi + 1];
      a2 += w[k + 2] * x[xi + 2];
      a3 += w[k + 3] * x[xi + 3];
    }
    for (; i < cols; i++) a0 += w[base + i] * x[xOffset + i];
    out[outOffset + j] = (a0 + a1) + (a2 + a3) + (bias ? bias[j] : 0);
  }
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** tfjs's hard sigmoid: clip(0.2 x + 0.5, 0, 1). */
export function hardSigmoid(x: number): number {
  const y = 0.2 * x + 0.5;
  return y < 0 ? 0 : y > 1 ? 1 : y;
}

/** The scalar function of an element-wise activation (softmax is handled by softmaxInto). */
export function scalarActivation(name: ActivationName): (x: number) => number {
  switch (name) {
    case 'linear': return (x) => x;
    case 'sigmoid': return sigmoid;
    case 'hardSigmoid': return hardSigmoid;
    case 'tanh': return Math.tanh;
    case 'relu': return (x) => (x > 0 ? x : 0);
    case 'softmax': throw new Error('softmax is not an element-wise activation');
  }
}

/** Applies an element-wise activation in place on v[offset, offset+n). */
export function activateInPlace(name: ActivationName, v: Float32Array, offset = 0, n = v.length - offset): void {
  if (name === 'linear') return;
  const f = scalarActivation(name);
  for (let i = offset; i < offset + n; i++) v[i] = f(v[i]);
}

/** Numerically stable softmax of `logits` into `out` (may be the same array). */
export function softmaxInto(logits: Float32Array, out: Float32Array): Float32Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i];
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

/** log of the softmax of logits at index `target`, computed without underflow. */
export function logSoftmaxAt(logits: Float32Array, target: number): number {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i];
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i] - max);
  return logits[target] - max - Math.log(sum);
}
