// A WebAssembly SIMD matrix-vector kernel for the decoder, assembled from bytes here (no toolchain, no
// file to load): y[j] = sum_i W[j][i] * x[i] with four f32x4 accumulators, 16 floats per iteration.
// The weights live in the module's memory, so a call passes only offsets. Used when the runtime
// supports SIMD and the sizes are multiples of 4; the plain JS kernel covers everything else.

// Opcodes (WebAssembly core + SIMD proposals).
const I32 = 0x7f, V128 = 0x7b, VOID = 0x40;
const BLOCK = 0x02, LOOP = 0x03, BR = 0x0c, BR_IF = 0x0d, END = 0x0b;
const GET = 0x20, SET = 0x21;
const I32_CONST = 0x41, I32_EQZ = 0x45, I32_GE_U = 0x4f, I32_ADD = 0x6a, I32_SUB = 0x6b, I32_SHL = 0x74, I32_AND = 0x71;
const F32_ADD = 0x92, F32_STORE = 0x38;
const SIMD = 0xfd;
const V128_LOAD = [SIMD, 0x00], V128_CONST = [SIMD, 0x0c];
const F32X4_EXTRACT = [SIMD, 0x1f], F32X4_ADD = [SIMD, 0xe4, 0x01], F32X4_MUL = [SIMD, 0xe6, 0x01];

function leb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>>= 7;
    if (n === 0) { out.push(byte); return out; }
    out.push(byte | 0x80);
  }
}

/** Signed LEB128 for i32.const. */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const str = (s: string) => [...leb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];

// Locals: params w, x, y, rows, cols; then xi, end16, xend (i32) and acc0..acc3 (v128).
const W = 0, X = 1, Y = 2, ROWS = 3, COLS = 4, XI = 5, END16 = 6, XEND = 7, ACC = 8;

/** acc[k] += load(w + 16k) * load(xi + 16k) */
function multiplyAdd(k: number): number[] {
  return [
    GET, ACC + k,
    GET, W, ...V128_LOAD, 4, ...leb(16 * k),
    GET, XI, ...V128_LOAD, 4, ...leb(16 * k),
    ...F32X4_MUL, ...F32X4_ADD, SET, ACC + k,
  ];
}

/** ptr += bytes */
const advance = (local: number, bytes: number) => [GET, local, I32_CONST, ...sleb(bytes), I32_ADD, SET, local];

function matVecBody(): number[] {
  const zero = [...V128_CONST, ...new Array(16).fill(0)];
  const code = [
    // xend = x + cols*4; end16 = x + (cols & ~15)*4
    GET, X, GET, COLS, I32_CONST, 2, I32_SHL, I32_ADD, SET, XEND,
    GET, X, GET, COLS, I32_CONST, ...sleb(-16), I32_AND, I32_CONST, 2, I32_SHL, I32_ADD, SET, END16,
    BLOCK, VOID, LOOP, VOID,
    GET, ROWS, I32_EQZ, BR_IF, 1,
    ...[0, 1, 2, 3].flatMap((k) => [...zero, SET, ACC + k]),
    GET, X, SET, XI,
    // 16 floats per iteration
    BLOCK, VOID, LOOP, VOID,
    GET, XI, GET, END16, I32_GE_U, BR_IF, 1,
    ...[0, 1, 2, 3].flatMap(multiplyAdd),
    ...advance(W, 64), ...advance(XI, 64),
    BR, 0, END, END,
    // then 4 at a time
    BLOCK, VOID, LOOP, VOID,
    GET, XI, GET, XEND, I32_GE_U, BR_IF, 1,
    ...multiplyAdd(0),
    ...advance(W, 16), ...advance(XI, 16),
    BR, 0, END, END,
    // y[j] = (l0 + l1) + (l2 + l3) of (acc0 + acc1) + (acc2 + acc3)
    GET, ACC, GET, ACC + 1, ...F32X4_ADD, GET, ACC + 2, GET, ACC + 3, ...F32X4_ADD, ...F32X4_ADD, SET, ACC,
    GET, Y,
    GET, ACC, ...F32X4_EXTRACT, 0, GET, ACC, ...F32X4_EXTRACT, 1, F32_ADD,
    GET, ACC, ...F32X4_EXTRACT, 2, GET, ACC, ...F32X4_EXTRACT, 3, F32_ADD,
    F32_ADD,
    F32_STORE, 2, 0,
    ...advance(Y, 4),
    GET, ROWS, I32_CONST, 1, I32_SUB, SET, ROWS,
    BR, 0, END, END,
    END,
  ];
  const locals = [2, 3, I32, 4, V128];
  const body = [...locals, ...code];
  return [...leb(body.length), ...body];
}

/** The module's bytes: imports env.memory, exports matvec(w, x, y, rows, cols) with byte offsets. */
export function matVecModuleBytes(): Uint8Array<ArrayBuffer> {
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 5, I32, I32, I32, I32, I32, 0]),
    ...section(2, [1, ...str('env'), ...str('memory'), 0x02, 0x00, 1]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...str('matvec'), 0x00, 0]),
    ...section(10, [1, ...matVecBody()]),
  ]);
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is unavailable (or blocked by a content policy). */
function simdModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = matVecModuleBytes();
    compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

export function wasmSimdAvailable(): boolean {
  return simdModule() !== null;
}

/** Float32 arrays carved out of one WebAssembly memory, and the SIMD matVec over them. */
export class WasmArena {
  private readonly memory: WebAssembly.Memory;
  private readonly matvec: (w: number, x: number, y: number, rows: number, cols: number) => void;
  private used = 0;

  constructor(readonly capacityFloats: number) {
    const module = simdModule();
    if (!module) throw new Error('WebAssembly SIMD is not available');
    this.memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil((capacityFloats * 4) / 65536)) });
    const instance = new WebAssembly.Instance(module, { env: { memory: this.memory } });
    this.matvec = instance.exports.matvec as WasmArena['matvec'];
  }

  /** A zeroed array of n floats in the arena, 16-byte aligned. */
  alloc(n: number): Float32Array {
    const start = this.used;
    this.used += Math.ceil(n / 4) * 4;
    if (this.used > this.capacityFloats) throw new Error('decoder arena is full');
    return new Float32Array(this.memory.buffer, start * 4, n);
  }

  /** out[outOffset + j] = sum_i w[j*cols + i] * x[xOffset + i]; all three arrays must be arena arrays, cols % 4 == 0. */
  matVec(w: Float32Array, rows: number, cols: number, x: Float32Array, xOffset: number, out: Float32Array, outOffset: number): void {
    this.matvec(w.byteOffset, x.byteOffset + xOffset * 4, out.byteOffset + outOffset * 4, rows, cols);
  }
}
