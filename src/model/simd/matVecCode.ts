// y[j] = sum_i W[j][i] * x[i] (+ b[j]) in WebAssembly SIMD: four f32x4 accumulators, 16 floats per iteration.
import {
  advance, BLOCK, BR, BR_IF, END, F32, F32_ADD, F32_LOAD, F32_STORE, F32X4_ADD, F32X4_EXTRACT, F32X4_MUL, F32X4_SPLAT, GET, I32,
  I32_ADD, I32_AND, I32_CONST, I32_EQZ, I32_GE_U, I32_LT_U, I32_SHL, I32_SUB, leb, LOOP, SELECT, SET, sleb, V128, V128_CONST,
  V128_LOAD, V128_STORE, VOID,
} from './wasmBytes';

// Locals: params w, x, y, rows, cols, b, hasBias; then xi, end16, xend (i32), acc0..acc3 (v128) and sum (f32).
const W = 0, X = 1, Y = 2, ROWS = 3, COLS = 4, B = 5, HAS_BIAS = 6, XI = 7, END16 = 8, XEND = 9, ACC = 10, SUM = 14;

/**
 * Parameter types of matvec(w, x, y, rows, cols, b, hasBias): byte offsets and counts; the bias b is added
 * when hasBias is not 0 (b is read either way: pass an offset inside the memory).
 */
export const MAT_VEC_PARAMS = [I32, I32, I32, I32, I32, I32, I32];

/** acc[k] += load(w + 16k) * load(xi + 16k) */
function multiplyAdd(k: number): number[] {
  return [
    GET, ACC + k,
    GET, W, ...V128_LOAD, 4, ...leb(16 * k),
    GET, XI, ...V128_LOAD, 4, ...leb(16 * k),
    ...F32X4_MUL, ...F32X4_ADD, SET, ACC + k,
  ];
}

/** The function body (locals and code, size-prefixed) of matvec. */
export function matVecBody(): number[] {
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
    // sum = (l0 + l1) + (l2 + l3) of (acc0 + acc1) + (acc2 + acc3); y[j] = hasBias ? sum + b[j] : sum (in
    // float32, as a JavaScript `y[j] += b[j]` on float32 arrays rounds it)
    GET, ACC, GET, ACC + 1, ...F32X4_ADD, GET, ACC + 2, GET, ACC + 3, ...F32X4_ADD, ...F32X4_ADD, SET, ACC,
    GET, ACC, ...F32X4_EXTRACT, 0, GET, ACC, ...F32X4_EXTRACT, 1, F32_ADD,
    GET, ACC, ...F32X4_EXTRACT, 2, GET, ACC, ...F32X4_EXTRACT, 3, F32_ADD,
    F32_ADD, SET, SUM,
    GET, Y,
    GET, SUM, GET, B, F32_LOAD, 2, 0, F32_ADD,
    GET, SUM,
    GET, HAS_BIAS,
    SELECT,
    F32_STORE, 2, 0,
    ...advance(Y, 4), ...advance(B, 4),
    GET, ROWS, I32_CONST, 1, I32_SUB, SET, ROWS,
    BR, 0, END, END,
    END,
  ];
  const locals = [3, 3, I32, 4, V128, 1, F32];
  const body = [...locals, ...code];
  return [...leb(body.length), ...body];
}

/**
 * Parameter types of matvec_columns(w, x, y, rows, cols, stride): y[j] = sum_i x[i] * w[i*stride + j]
 * for j < rows, with w read in its stored [input][output] layout (stride in bytes). Each x[i] is splatted
 * and multiplies a run of outputs, so there is no horizontal sum; 32 outputs at a time, then 4.
 */
export const MAT_VEC_COLUMNS_PARAMS = [I32, I32, I32, I32, I32, I32];

export function matVecColumnsBody(): number[] {
  const [Wp, X, Y, ROWS, COLS, STRIDE] = [0, 1, 2, 3, 4, 5];
  const WI = 6, XI = 7, XEND = 8, XS = 9, ACC = 10;
  const WIDE = 8;
  const zero = [...V128_CONST, ...new Array(16).fill(0)];
  /** Outputs in runs of `k` vectors while at least 4k rows are left. */
  const runs = (k: number) => [
    BLOCK, VOID, LOOP, VOID,
    GET, ROWS, I32_CONST, ...sleb(4 * k), I32_LT_U, BR_IF, 1,
    ...Array.from({ length: k }, (_, a) => [...zero, SET, ACC + a]).flat(),
    GET, Wp, SET, WI, GET, X, SET, XI,
    BLOCK, VOID, LOOP, VOID,
    GET, XI, GET, XEND, I32_GE_U, BR_IF, 1,
    GET, XI, F32_LOAD, 2, 0, ...F32X4_SPLAT, SET, XS,
    ...Array.from({ length: k }, (_, a) => [GET, ACC + a, GET, XS, GET, WI, ...V128_LOAD, 4, ...leb(16 * a), ...F32X4_MUL, ...F32X4_ADD, SET, ACC + a]).flat(),
    GET, WI, GET, STRIDE, I32_ADD, SET, WI,
    ...advance(XI, 4),
    BR, 0, END, END,
    ...Array.from({ length: k }, (_, a) => [GET, Y, GET, ACC + a, ...V128_STORE, 4, ...leb(16 * a)]).flat(),
    ...advance(Y, 16 * k), ...advance(Wp, 16 * k),
    GET, ROWS, I32_CONST, ...sleb(4 * k), I32_SUB, SET, ROWS,
    BR, 0, END, END,
  ];
  const code = [
    GET, X, GET, COLS, I32_CONST, 2, I32_SHL, I32_ADD, SET, XEND,
    ...runs(WIDE),
    ...runs(1),
    END,
  ];
  const locals = [2, 3, I32, 1 + WIDE, V128];
  const body = [...locals, ...code];
  return [...leb(body.length), ...body];
}
