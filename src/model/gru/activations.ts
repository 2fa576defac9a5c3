// Element-wise activations of tfjs layers, in JavaScript's float64 arithmetic.

export type ActivationName = 'linear' | 'sigmoid' | 'hardSigmoid' | 'tanh' | 'relu' | 'softmax';

export const ACTIVATIONS: readonly ActivationName[] = ['linear', 'sigmoid', 'hardSigmoid', 'tanh', 'relu', 'softmax'];

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** tfjs's hard sigmoid: clip(0.2 x + 0.5, 0, 1). */
function hardSigmoid(x: number): number {
  const y = 0.2 * x + 0.5;
  return y < 0 ? 0 : y > 1 ? 1 : y;
}

/** The scalar function of an element-wise activation (softmax is not one). */
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
