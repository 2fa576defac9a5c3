// tfjs's GRU (reset gate before the recurrent product, sigmoid gates, tanh candidate) in float64, written
// out from the formula, to check the kernels' steps and the gates they report.

export interface ReferenceWeights {
  units: number;
  /** [inputDim][3·units], blocks z, r, candidate, as tfjs stores it. */
  kernel: ArrayLike<number>;
  /** [units][3·units]. */
  recurrentKernel: ArrayLike<number>;
  bias: ArrayLike<number>;
}

export interface ReferenceStep { z: Float64Array; r: Float64Array; h: Float64Array }

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Each step's gates and new state over the inputs `xs`, from h = 0. */
export function referenceGru(w: ReferenceWeights, xs: ArrayLike<number>[]): ReferenceStep[] {
  const H = w.units, G = 3 * H;
  let h = new Float64Array(H);
  /** Column j of x·M + (bias), M [inputs][G]. */
  const product = (v: ArrayLike<number>, m: ArrayLike<number>, j: number) => {
    let s = 0;
    for (let i = 0; i < v.length; i++) s += v[i] * m[i * G + j];
    return s;
  };
  return xs.map((x) => {
    const xw = (j: number) => w.bias[j] + product(x, w.kernel, j);
    const z = Float64Array.from({ length: H }, (_, j) => sigmoid(xw(j) + product(h, w.recurrentKernel, j)));
    const r = Float64Array.from({ length: H }, (_, j) => sigmoid(xw(H + j) + product(h, w.recurrentKernel, H + j)));
    const rh = h.map((v, i) => r[i] * v);
    const next = Float64Array.from({ length: H }, (_, j) => {
      const c = Math.tanh(xw(2 * H + j) + product(rh, w.recurrentKernel, 2 * H + j));
      return z[j] * h[j] + (1 - z[j]) * c;
    });
    h = next;
    return { z, r, h: next };
  });
}
