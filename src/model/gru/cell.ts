// One GRU step as tfjs's GRUCell computes it, for the language model's decoder and the sentiment
// classifier alike. Gates z (update), r (reset) and the candidate c, blocks in that order; the reset gate
// multiplies h before the recurrent product (tfjs's only mode):
//   z = σ(x Wz + h Uz + bz);  r = σ(x Wr + h Ur + br);  c = act(x Wc + (r ∘ h) Uc + bc);  h' = z ∘ h + (1 − z) ∘ c
// The input projection x W + b is a separate call, since callers mostly have it already (the decoder's
// byte table, the classifier's cache per word). The arithmetic comes in two forms, each the one its
// model's documented figures were measured with, so that outputs stay the same to the bit:
//  - gates in JavaScript's float64 (Math.exp, Math.tanh; any tfjs activation), products as row dot
//    products on the kernel, WebAssembly SIMD or JavaScript (the language model);
//  - the whole step in WebAssembly SIMD (`simdStep`): products over the weights as tfjs stores them,
//    splatting each input over runs of outputs (no horizontal sums), and sigmoid and tanh as rational
//    functions within 3.4e-7 (../simd/gruGatesCode). It needs the wasm-simd kernel, sigmoid gates, a tanh
//    candidate and units % 4 == 0; otherwise the first form runs (the sentiment classifier).
// The gates of the last step can be read on demand (readGates): the step itself does no extra work.
import { type ActivationName, scalarActivation } from './activations';
import { type Kernel, placeRows } from './kernel';
import type { WasmArena } from '../simd/arena';

/** A GRU layer's weights as tfjs stores them. */
export interface GruWeights {
  units: number;
  inputDim: number;
  /** W: [inputDim][3·units]. */
  kernel: Float32Array;
  /** U: [units][3·units]. */
  recurrentKernel: Float32Array;
  /** b: 3·units (zeros for a layer without bias). */
  bias: Float32Array;
  /** The gates' activation: tfjs's default is hardSigmoid, this project's models use sigmoid. */
  recurrentActivation: ActivationName;
  /** The candidate's activation (tanh). */
  activation: ActivationName;
}

export interface GruCellOptions {
  /** Run the whole step in WebAssembly SIMD where it can (see above). Default false. */
  simdStep?: boolean;
  /** False when every input projection comes from elsewhere: W is then not placed. Default true. */
  projects?: boolean;
}

/** Running max and sum over time of the state (a classifier's pooling), folded in by each step. */
export interface Pooling {
  max: Float32Array;
  sum: Float32Array;
}

export interface GruCell {
  readonly units: number;
  /** True when the whole step runs in WebAssembly SIMD. */
  readonly simd: boolean;
  /** x W + b for x = x[xOffset, xOffset + inputDim): a view (3·units) that the next call overwrites. */
  project(x: Float32Array, xOffset: number): Float32Array;
  /**
   * h[hOffset, hOffset + units) becomes the next state, from xp[xo, xo + 3·units) = x W + b. `h` and the
   * pooling's arrays must be in the kernel's memory (kernel.alloc); with the SIMD step at offsets that
   * are multiples of 4.
   */
  step(xp: Float32Array, xo: number, h: Float32Array, hOffset: number, pooling?: Pooling): void;
  /** Writes the update gate z and the reset gate r of the last step (units values each). */
  readGates(z: Float32Array, r: Float32Array): void;
}

/** Floats a cell takes in a WebAssembly kernel's memory, alignment included. */
export function gruCellFloats(units: number, inputDim: number): number {
  const H = units;
  return 3 * H * H + 3 * H * inputDim + inputDim + 11 * H + 64;
}

export function createGruCell(kernel: Kernel, weights: GruWeights, options: GruCellOptions = {}): GruCell {
  const projects = options.projects ?? true;
  const simd = options.simdStep && kernel.arena && weights.units % 4 === 0
    && weights.recurrentActivation === 'sigmoid' && weights.activation === 'tanh';
  return simd ? simdStepCell(kernel.arena!, weights, projects) : float64GatesCell(kernel, weights, projects);
}

/**
 * The input of a projection in the kernel's memory: `x` when it is there, else a copy of
 * x[offset, offset + row.length) in `row`. Throws for a cell made without W.
 */
function projectionInput(kernel: { holds(a: Float32Array): boolean }, w: Float32Array | undefined, x: Float32Array, offset: number, row: Float32Array): Float32Array {
  if (!w) throw new Error('this GRU cell was made without its input kernel');
  if (kernel.holds(x)) return x;
  row.set(x.subarray(offset, offset + row.length));
  return row;
}

// Both forms are closures over their arrays: as class fields read through `this`, the float64 step
// measured 2-3% slower per byte here (V8 in Node 20).

/** Row products on the kernel, gates in float64. */
function float64GatesCell(kernel: Kernel, w: GruWeights, projects: boolean): GruCell {
  const H = w.units;
  const { inputDim, bias } = w;
  const projection = kernel.alloc(3 * H);
  const row = kernel.alloc(inputDim);
  const wRows = projects ? placeRows(kernel, w.kernel, inputDim, 3 * H) : undefined;
  const recurrent = placeRows(kernel, w.recurrentKernel, H, 3 * H);
  const uzr = recurrent.subarray(0, 2 * H * H);
  const uh = recurrent.subarray(2 * H * H);
  const gate = scalarActivation(w.recurrentActivation);
  const act = scalarActivation(w.activation);
  /** After a step: the gates z and r, [z | r]. */
  const zr = kernel.alloc(2 * H);
  const rh = kernel.alloc(H);
  const hh = kernel.alloc(H);
  return {
    simd: false,
    units: H,
    project(x, xOffset) {
      const input = projectionInput(kernel, wRows, x, xOffset, row);
      kernel.matVec(wRows!, 3 * H, inputDim, input, input === x ? xOffset : 0, projection, 0, bias);
      return projection;
    },
    step(xp, xo, h, hOffset, pooling) {
      kernel.matVec(uzr, 2 * H, H, h, hOffset, zr, 0);
      for (let j = 0; j < 2 * H; j++) zr[j] = gate(zr[j] + xp[xo + j]);
      for (let i = 0; i < H; i++) rh[i] = zr[H + i] * h[hOffset + i];
      kernel.matVec(uh, H, H, rh, 0, hh, 0);
      // h is updated in place: every read of the old h (r ∘ h, and U's input) happened above.
      for (let j = 0; j < H; j++) {
        const z = zr[j];
        const candidate = act(hh[j] + xp[xo + 2 * H + j]);
        h[hOffset + j] = z * h[hOffset + j] + (1 - z) * candidate;
      }
      if (pooling) {
        const { max, sum } = pooling;
        for (let j = 0; j < H; j++) {
          const next = h[hOffset + j];
          if (max[j] < next) max[j] = next;
          sum[j] += next;
        }
      }
    },
    readGates(z, r) {
      z.set(zr.subarray(0, H));
      r.set(zr.subarray(H));
    },
  };
}

/** The whole step in the SIMD module: column products over W and U as stored, rational sigmoid and tanh. */
function simdStepCell(arena: WasmArena, w: GruWeights, projects: boolean): GruCell {
  const H = w.units;
  const { inputDim, bias } = w;
  const u = arena.alloc(3 * H * H);
  u.set(w.recurrentKernel);
  /** U's candidate columns. */
  const uc = u.subarray(2 * H);
  const wStored = projects ? arena.alloc(inputDim * 3 * H) : undefined;
  wStored?.set(w.kernel);
  const row = arena.alloc(inputDim);
  /** The step's x W + b; h U (z and r), then (r ∘ h) Uc; z; r ∘ h. */
  const xp = arena.alloc(3 * H);
  const hu = arena.alloc(3 * H);
  const z = arena.alloc(H);
  const rh = arena.alloc(H);
  /** The pooling of a step that is given none (the module always writes one). */
  const unused: Pooling = { max: arena.alloc(H), sum: arena.alloc(H) };
  /** r's pre-activation's two halves, x Wr + b and h Ur, and r itself, for readGates. */
  const xr = xp.subarray(H);
  const hr = hu.subarray(H);
  const r = arena.alloc(H);
  return {
    simd: true,
    units: H,
    project(x, xOffset) {
      const input = projectionInput(arena, wStored, x, xOffset, row);
      arena.matVecColumns(wStored!, 3 * H, inputDim, 3 * H, input, input === x ? xOffset : 0, xp, 0);
      for (let j = 0; j < 3 * H; j++) xp[j] += bias[j];
      return xp;
    },
    step(input, xo, h, hOffset, pooling = unused) {
      if (input !== xp || xo !== 0) xp.set(input.subarray(xo, xo + 3 * H));
      arena.matVecColumns(u, 2 * H, H, 3 * H, h, hOffset, hu, 0);
      arena.gruResetUpdate(xp, hu, h, hOffset, z, rh);
      arena.matVecColumns(uc, H, H, 3 * H, rh, 0, hu, 2 * H);
      arena.gruNewState(xp, hu, z, h, hOffset, pooling.max, pooling.sum);
    },
    readGates(zOut, rOut) {
      zOut.set(z);
      // r is not kept by the step (only r ∘ h is): the gates kernel computes it again from the same halves
      // with the same instructions, so it is the r the step used. Its second output (rh) is scratch by now.
      arena.gruResetUpdate(xr, hr, rh, 0, r, rh);
      rOut.set(r);
    },
  };
}
