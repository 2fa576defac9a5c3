// Just enough of the WebAssembly binary format to assemble the SIMD kernels here, with no toolchain and no
// file to load: opcodes, LEB128 numbers, sections, and a few instruction sequences the kernels share.

export const I32 = 0x7f, F32 = 0x7d, V128 = 0x7b, VOID = 0x40;
export const SELECT = 0x1b;
export const BLOCK = 0x02, LOOP = 0x03, BR = 0x0c, BR_IF = 0x0d, END = 0x0b;
export const GET = 0x20, SET = 0x21;
export const I32_CONST = 0x41, I32_EQZ = 0x45, I32_LT_U = 0x49, I32_GE_U = 0x4f, I32_ADD = 0x6a, I32_SUB = 0x6b, I32_SHL = 0x74, I32_AND = 0x71;
export const F32_ADD = 0x92, F32_LOAD = 0x2a, F32_STORE = 0x38;
const SIMD = 0xfd;
export const V128_LOAD = [SIMD, 0x00], V128_STORE = [SIMD, 0x0b], V128_CONST = [SIMD, 0x0c];
export const F32X4_EXTRACT = [SIMD, 0x1f], F32X4_SPLAT = [SIMD, 0x13];
export const F32X4_ADD = [SIMD, 0xe4, 0x01], F32X4_SUB = [SIMD, 0xe5, 0x01], F32X4_MUL = [SIMD, 0xe6, 0x01];
export const F32X4_DIV = [SIMD, 0xe7, 0x01];
/** pmin(a, b) = b < a ? b : a and pmax(a, b) = a < b ? b : a: one instruction each, where min and max
 *  (which order -0 before +0 and propagate either NaN) take several. */
export const F32X4_PMIN = [SIMD, 0xea, 0x01], F32X4_PMAX = [SIMD, 0xeb, 0x01];

export function leb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>>= 7;
    if (n === 0) { out.push(byte); return out; }
    out.push(byte | 0x80);
  }
}

/** Signed LEB128 for i32.const. */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

export const str = (s: string) => [...leb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
export const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];

/** v128.const with `value` in all four f32 lanes. */
export function splatConst(value: number): number[] {
  const lanes = new Uint8Array(new Float32Array([value, value, value, value]).buffer);
  return [...V128_CONST, ...lanes];
}

/** Aligned v128 load from a pointer local plus a constant byte offset. */
export const load = (pointer: number, offset = 0) => [GET, pointer, ...V128_LOAD, 4, ...leb(offset)];

/** Aligned v128 store of the value on the stack to a pointer local (the pointer must be pushed first). */
export const store = (offset = 0) => [...V128_STORE, 4, ...leb(offset)];

/** pointer += bytes */
export const advance = (local: number, bytes: number) => [GET, local, I32_CONST, ...sleb(bytes), I32_ADD, SET, local];

// tanh as a rational function of x (odd degree 13 over even degree 6) on [-7.905, 7.905], where it is
// within float rounding of ±1 beyond: Eigen's fast tanh for float. Largest error 3.4e-7 in float32
// arithmetic (checked by a unit test), and only adds, multiplies and one divide in SIMD.
const TANH_CLAMP = 7.90531110763549805;
const TANH_NUMERATOR = [4.89352455891786e-03, 6.37261928875436e-04, 1.48572235717979e-05, 5.12229709037114e-08,
  -8.60467152213735e-11, 2.00018790482477e-13, -2.76076847742355e-16];
const TANH_DENOMINATOR = [4.89352518554385e-03, 2.26843463243900e-03, 1.18534705686654e-04, 1.19825839466702e-06];

/** Horner's rule in x², highest coefficient first; leaves the polynomial on the stack. */
function polynomial(coefficients: number[], x2: number): number[] {
  const code = splatConst(coefficients[coefficients.length - 1]);
  for (let k = coefficients.length - 2; k >= 0; k--) code.push(GET, x2, ...F32X4_MUL, ...splatConst(coefficients[k]), ...F32X4_ADD);
  return code;
}

/** tanh of the v128 in local `x` (clobbered, as is `x2`), left on the stack. */
export function tanh(x: number, x2: number): number[] {
  return [
    GET, x, ...splatConst(TANH_CLAMP), ...F32X4_PMIN, ...splatConst(-TANH_CLAMP), ...F32X4_PMAX, SET, x,
    GET, x, GET, x, ...F32X4_MUL, SET, x2,
    ...polynomial(TANH_NUMERATOR, x2), GET, x, ...F32X4_MUL,
    ...polynomial(TANH_DENOMINATOR, x2),
    ...F32X4_DIV,
  ];
}

/** sigmoid(v) = 0.5 + 0.5 tanh(v / 2) of the v128 in local `x` (clobbered, as is `x2`), left on the stack. */
export function sigmoid(x: number, x2: number): number[] {
  return [
    GET, x, ...splatConst(0.5), ...F32X4_MUL, SET, x,
    ...tanh(x, x2), ...splatConst(0.5), ...F32X4_MUL, ...splatConst(0.5), ...F32X4_ADD,
  ];
}
