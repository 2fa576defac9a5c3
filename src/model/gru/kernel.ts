// Where a network's weights and step vectors live and how a matrix multiplies a vector: plain typed
// arrays and JavaScript loops, or the memory of a WebAssembly SIMD module (../simd). No tfjs: one step
// of a small recurrent network is far below what tfjs's per-operation overhead costs.
import { WasmArena, wasmSimdAvailable } from '../simd/arena';

/** 'auto' uses WebAssembly SIMD where the runtime has it, plain JavaScript otherwise. */
export type KernelChoice = 'auto' | 'wasm' | 'js';

export interface Kernel {
  readonly name: 'js' | 'wasm-simd';
  /** The SIMD module's memory, for steps that run whole in it (wasm-simd only). */
  readonly arena?: WasmArena;
  /** A zeroed array of n floats in the kernel's memory. */
  alloc(n: number): Float32Array;
  /** Whether `a` is in the kernel's memory (always, for plain JavaScript). */
  holds(a: Float32Array): boolean;
  /**
   * out[outOffset + j] = bias[j] + Σ_i w[j·cols + i] · x[xOffset + i] for j < rows: `w` is [rows][cols]
   * (see placeRows), `w`, `x` and `out` are in the kernel's memory; `bias` may be anywhere.
   */
  matVec(w: Float32Array, rows: number, cols: number, x: Float32Array, xOffset: number, out: Float32Array, outOffset: number, bias?: Float32Array): void;
}

/**
 * The same product in JavaScript: four independent accumulators let the JIT overlap the multiply-adds,
 * in float64, rounded to float32 on the store.
 */
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

/** [rows][cols] row-major -> [cols][rows] row-major. */
export function transpose(m: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) t[c * rows + r] = m[r * cols + c];
  }
  return t;
}

const jsKernel: Kernel = { name: 'js', alloc: (n) => new Float32Array(n), holds: () => true, matVec };

function wasmKernel(floats: number): Kernel {
  const arena = new WasmArena(floats);
  return {
    name: 'wasm-simd',
    arena,
    alloc: (n) => arena.alloc(n),
    holds: (a) => arena.holds(a),
    matVec(w, rows, cols, x, xOffset, out, outOffset, bias) {
      if (cols % 4 !== 0) return matVec(w, rows, cols, x, xOffset, out, outOffset, bias);
      // A bias in the arena is added by the module (the same float32 sums): a JavaScript loop per call is
      // slow until the engine has optimized it, which a panel's first window of thousands of steps feels.
      if (!bias || arena.holds(bias)) return arena.matVec(w, rows, cols, x, xOffset, out, outOffset, bias);
      arena.matVec(w, rows, cols, x, xOffset, out, outOffset);
      for (let j = 0; j < rows; j++) out[outOffset + j] += bias[j];
    },
  };
}

/** A kernel as chosen; a WebAssembly one holds at most `floats` floats (weights, vectors and alignment). */
export function createKernel(choice: KernelChoice, floats: number): Kernel {
  if (choice === 'js' || (choice === 'auto' && !wasmSimdAvailable())) return jsKernel;
  return wasmKernel(floats);
}

/** A copy of `values` in the kernel's memory. */
export function place(kernel: Kernel, values: Float32Array): Float32Array {
  const a = kernel.alloc(values.length);
  a.set(values);
  return a;
}

/** A weight matrix as tfjs stores it, [inputs][outputs], placed as [outputs][inputs] for `matVec`. */
export function placeRows(kernel: Kernel, w: Float32Array, inputs: number, outputs: number): Float32Array {
  return place(kernel, transpose(w, inputs, outputs));
}
