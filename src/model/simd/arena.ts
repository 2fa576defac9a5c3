// WebAssembly SIMD kernels for the recurrent networks' inference, assembled from bytes here (no toolchain,
// no file to load): the matrix-vector product, and the element-wise GRU gates. Their arrays live in the
// module's memory, so a call passes only offsets. Used when the runtime supports SIMD and the sizes are
// multiples of 4; plain JavaScript loops cover everything else.
import { GATES_PARAMS, gatesBody, NEW_STATE_PARAMS, newStateBody } from './gruGatesCode';
import { MAT_VEC_COLUMNS_PARAMS, MAT_VEC_PARAMS, matVecBody, matVecColumnsBody } from './matVecCode';
import { section, str } from './wasmBytes';

const EXPORTS = [
  { name: 'matvec', params: MAT_VEC_PARAMS, body: matVecBody },
  { name: 'matvec_columns', params: MAT_VEC_COLUMNS_PARAMS, body: matVecColumnsBody },
  { name: 'gru_reset_update', params: GATES_PARAMS, body: gatesBody },
  { name: 'gru_new_state', params: NEW_STATE_PARAMS, body: newStateBody },
];

/** The module's bytes: imports env.memory; exports the functions above, each with its own type. */
export function simdModuleBytes(): Uint8Array<ArrayBuffer> {
  const types = EXPORTS.flatMap((f) => [0x60, f.params.length, ...f.params, 0]);
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [EXPORTS.length, ...types]),
    ...section(2, [1, ...str('env'), ...str('memory'), 0x02, 0x00, 1]),
    ...section(3, [EXPORTS.length, ...EXPORTS.map((_, i) => i)]),
    ...section(7, [EXPORTS.length, ...EXPORTS.flatMap((f, i) => [...str(f.name), 0x00, i])]),
    ...section(10, [EXPORTS.length, ...EXPORTS.flatMap((f) => f.body())]),
  ]);
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is unavailable (or blocked by a content policy). */
function simdModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = simdModuleBytes();
    compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

export function wasmSimdAvailable(): boolean {
  return simdModule() !== null;
}

type Offsets<N extends number, T extends number[] = []> = T['length'] extends N ? T : Offsets<N, [...T, number]>;

/** Float32 arrays carved out of one WebAssembly memory, and the SIMD kernels over them. */
export class WasmArena {
  private readonly memory: WebAssembly.Memory;
  private readonly matvec: (...a: Offsets<7>) => void;
  private readonly matvecColumns: (...a: Offsets<6>) => void;
  private readonly resetUpdate: (...a: Offsets<8>) => void;
  private readonly newState: (...a: Offsets<7>) => void;
  private used = 0;

  constructor(readonly capacityFloats: number) {
    const module = simdModule();
    if (!module) throw new Error('WebAssembly SIMD is not available');
    this.memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil((capacityFloats * 4) / 65536)) });
    const { exports } = new WebAssembly.Instance(module, { env: { memory: this.memory } });
    this.matvec = exports.matvec as WasmArena['matvec'];
    this.matvecColumns = exports.matvec_columns as WasmArena['matvecColumns'];
    this.resetUpdate = exports.gru_reset_update as WasmArena['resetUpdate'];
    this.newState = exports.gru_new_state as WasmArena['newState'];
  }

  /** A zeroed array of n floats in the arena, 16-byte aligned. */
  alloc(n: number): Float32Array {
    const start = this.used;
    this.used += Math.ceil(n / 4) * 4;
    if (this.used > this.capacityFloats) throw new Error('SIMD arena is full');
    return new Float32Array(this.memory.buffer, start * 4, n);
  }

  /**
   * out[outOffset + j] = sum_i w[j*cols + i] * x[xOffset + i] (+ bias[j]); all arrays must be arena arrays,
   * cols % 4 == 0.
   */
  matVec(w: Float32Array, rows: number, cols: number, x: Float32Array, xOffset: number, out: Float32Array, outOffset: number, bias?: Float32Array): void {
    this.matvec(w.byteOffset, x.byteOffset + xOffset * 4, out.byteOffset + outOffset * 4, rows, cols, bias ? bias.byteOffset : 0, bias ? 1 : 0);
  }

  /**
   * out[outOffset + j] = sum_i x[xOffset + i] * w[i*stride + j] for j < rows: `w` in [input][output] layout,
   * as tfjs stores kernels, possibly a column range of a wider matrix (stride floats per input row).
   * Arena arrays; rows, stride and w's start multiples of 4.
   */
  matVecColumns(w: Float32Array, rows: number, cols: number, stride: number, x: Float32Array, xOffset: number, out: Float32Array, outOffset: number): void {
    this.matvecColumns(w.byteOffset, x.byteOffset + xOffset * 4, out.byteOffset + outOffset * 4, rows, cols, stride * 4);
  }

  /** Whether `a` lives in this arena. */
  holds(a: Float32Array): boolean {
    return a.buffer === this.memory.buffer;
  }

  /**
   * The GRU's update and reset gates for H = z.length units (H % 4 == 0), from the input projection `xp`
   * and the recurrent product `hu` (each [z | r | c], 3H), and h = h[hOffset..]:
   * z = sigmoid(xz + hz), rh = sigmoid(xr + hr) * h.
   */
  gruResetUpdate(xp: Float32Array, hu: Float32Array, h: Float32Array, hOffset: number, z: Float32Array, rh: Float32Array): void {
    const bytes = z.length * 4;
    this.resetUpdate(xp.byteOffset, hu.byteOffset, xp.byteOffset + bytes, hu.byteOffset + bytes, h.byteOffset + hOffset * 4, z.byteOffset, rh.byteOffset, z.length);
  }

  /**
   * The GRU's new state in place, h = z h + (1 - z) tanh(xc + hc) for H = z.length units, with
   * hc = (r h) Uc already in `hu` and h = h[hOffset..]; folds h into the running `max` and `sum`.
   */
  gruNewState(xp: Float32Array, hu: Float32Array, z: Float32Array, h: Float32Array, hOffset: number, max: Float32Array, sum: Float32Array): void {
    const bytes = 2 * z.length * 4;
    this.newState(xp.byteOffset + bytes, hu.byteOffset + bytes, z.byteOffset, h.byteOffset + hOffset * 4, max.byteOffset, sum.byteOffset, z.length);
  }
}
