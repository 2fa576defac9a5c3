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
  return simd ? new SimdStepCell(kernel.arena!, weights, projects) : new Float64GatesCell(kernel, weights, projects);
}

/** `x` when it is in the kernel's memory, else a copy of x[offset, offset + row.length) in `row`. */
function inKernel(kernel: { holds(a: Float32Array): boolean }, x: Float32Array, offset: number, row: Float32Array): Float32Array {
  if (kernel.holds(x)) return x;
  row.set(x.subarray(offset, offset + row.length));
  return row;
}

/** Row products on the kernel, gates in float64. */
class Float64GatesCell implements GruCell {
  readonly simd = false;
  readonly units: number;
  private readonly inputDim: number;
  /** W as [3H][inputDim] (when the cell projects). */
  private readonly w?: Float32Array;
  private readonly bias: Float32Array;
  /** U's z and r rows ([2H][H]) and candidate rows ([H][H]). */
  private readonly uzr: Float32Array;
  private readonly uh: Float32Array;
  private readonly gate: (x: number) => number;
  private readonly act: (x: number) => number;
  /** After a step: σ of the z and r pre-activations, [z | r]. */
  private readonly zr: Float32Array;
  private readonly rh: Float32Array;
  private readonly hh: Float32Array;
  private readonly xp?: Float32Array;
  private readonly row?: Float32Array;

  constructor(private readonly kernel: Kernel, w: GruWeights, projects: boolean) {
    const H = w.units;
    this.units = H;
    this.inputDim = w.inputDim;
    this.bias = w.bias;
    if (projects) {
      this.xp = kernel.alloc(3 * H);
      this.row = kernel.alloc(w.inputDim);
      this.w = placeRows(kernel, w.kernel, w.inputDim, 3 * H);
    }
    const recurrent = placeRows(kernel, w.recurrentKernel, H, 3 * H);
    this.uzr = recurrent.subarray(0, 2 * H * H);
    this.uh = recurrent.subarray(2 * H * H);
    this.gate = scalarActivation(w.recurrentActivation);
    this.act = scalarActivation(w.activation);
    this.zr = kernel.alloc(2 * H);
    this.rh = kernel.alloc(H);
    this.hh = kernel.alloc(H);
  }

  project(x: Float32Array, xOffset: number): Float32Array {
    if (!this.w || !this.xp || !this.row) throw new Error('this GRU cell was made without its input kernel');
    const input = inKernel(this.kernel, x, xOffset, this.row);
    this.kernel.matVec(this.w, 3 * this.units, this.inputDim, input, input === x ? xOffset : 0, this.xp, 0, this.bias);
    return this.xp;
  }

  step(xp: Float32Array, xo: number, h: Float32Array, hOffset: number, pooling?: Pooling): void {
    const H = this.units;
    const { zr, rh, hh, gate, act } = this;
    this.kernel.matVec(this.uzr, 2 * H, H, h, hOffset, zr, 0);
    for (let j = 0; j < 2 * H; j++) zr[j] = gate(zr[j] + xp[xo + j]);
    for (let i = 0; i < H; i++) rh[i] = zr[H + i] * h[hOffset + i];
    this.kernel.matVec(this.uh, H, H, rh, 0, hh, 0);
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
  }

  readGates(z: Float32Array, r: Float32Array): void {
    z.set(this.zr.subarray(0, this.units));
    r.set(this.zr.subarray(this.units));
  }
}

/** The whole step in the SIMD module: column products over U as stored, rational sigmoid and tanh. */
class SimdStepCell implements GruCell {
  readonly simd = true;
  readonly units: number;
  private readonly inputDim: number;
  /** W and U as stored, [inputDim][3H] and [H][3H], and U's candidate columns. */
  private readonly w?: Float32Array;
  private readonly u: Float32Array;
  private readonly uc: Float32Array;
  private readonly bias: Float32Array;
  /** The step's x W + b, h U (z and r, then (r ∘ h) Uc), z, r ∘ h; an input row for projections. */
  private readonly xp: Float32Array;
  private readonly hu: Float32Array;
  private readonly z: Float32Array;
  private readonly rh: Float32Array;
  private readonly row: Float32Array;
  /** The pooling of a step that is given none (the module always writes one). */
  private readonly unused: Pooling;
  /** r's pre-activations' halves, x Wr + b and h Ur, for readGates. */
  private readonly xr: Float32Array;
  private readonly hr: Float32Array;
  private readonly r: Float32Array;

  constructor(private readonly arena: WasmArena, w: GruWeights, projects: boolean) {
    const H = w.units;
    this.units = H;
    this.inputDim = w.inputDim;
    this.bias = w.bias;
    this.u = arena.alloc(3 * H * H);
    this.u.set(w.recurrentKernel);
    this.uc = this.u.subarray(2 * H);
    if (projects) {
      this.w = arena.alloc(w.inputDim * 3 * H);
      this.w.set(w.kernel);
    }
    this.row = arena.alloc(w.inputDim);
    this.xp = arena.alloc(3 * H);
    this.hu = arena.alloc(3 * H);
    this.z = arena.alloc(H);
    this.rh = arena.alloc(H);
    this.r = arena.alloc(H);
    this.unused = { max: arena.alloc(H), sum: arena.alloc(H) };
    this.xr = this.xp.subarray(H);
    this.hr = this.hu.subarray(H);
  }

  project(x: Float32Array, xOffset: number): Float32Array {
    if (!this.w) throw new Error('this GRU cell was made without its input kernel');
    const input = inKernel(this.arena, x, xOffset, this.row);
    const g = 3 * this.units;
    this.arena.matVecColumns(this.w, g, this.inputDim, g, input, input === x ? xOffset : 0, this.xp, 0);
    for (let j = 0; j < g; j++) this.xp[j] += this.bias[j];
    return this.xp;
  }

  step(xp: Float32Array, xo: number, h: Float32Array, hOffset: number, pooling: Pooling = this.unused): void {
    const H = this.units;
    const { arena, hu, z, rh } = this;
    if (xp !== this.xp || xo !== 0) this.xp.set(xp.subarray(xo, xo + 3 * H));
    arena.matVecColumns(this.u, 2 * H, H, 3 * H, h, hOffset, hu, 0);
    arena.gruResetUpdate(this.xp, hu, h, hOffset, z, rh);
    arena.matVecColumns(this.uc, H, H, 3 * H, rh, 0, hu, 2 * H);
    arena.gruNewState(this.xp, hu, z, h, hOffset, pooling.max, pooling.sum);
  }

  readGates(z: Float32Array, r: Float32Array): void {
    z.set(this.z);
    // r is not kept by the step (only r ∘ h is): the gates kernel computes it again from the same halves,
    // with the same instructions, so it is the r the step used. Its second output (rh) is scratch by now.
    this.arena.gruResetUpdate(this.xr, this.hr, this.rh, 0, this.r, this.rh);
    r.set(this.r);
  }
}
