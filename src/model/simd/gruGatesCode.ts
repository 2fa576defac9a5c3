// The element-wise half of a GRU step in WebAssembly SIMD, four units at a time. With the recurrent
// matVec this keeps the whole step in SIMD: in plain JavaScript the gates cost as much as the matmuls.
// Inputs are the input projection x W + b (xz, xr, xc) and the recurrent products (hz, hr, hc), per gate.
import {
  advance, BLOCK, BR, BR_IF, END, F32X4_ADD, F32X4_MUL, F32X4_PMAX, F32X4_SUB, GET, I32, I32_CONST, I32_EQZ, I32_LT_U,
  I32_SUB, leb, load, LOOP, SET, sigmoid, store, tanh, V128, VOID,
} from './wasmBytes';

/**
 * A loop over `count` (a local holding a multiple of 4) floats: `step(offset)` handles the four at
 * byte `offset` from the `pointers`. Two steps per iteration while 8 are left (the two tanh chains
 * overlap; ~15% faster here), then one.
 */
function elementLoop(count: number, pointers: number[], step: (offset: number) => number[]): number[] {
  const loop = (floats: number, body: number[]) => [
    BLOCK, VOID, LOOP, VOID,
    ...(floats === 4 ? [GET, count, I32_EQZ] : [GET, count, I32_CONST, floats, I32_LT_U]), BR_IF, 1,
    ...body,
    ...pointers.flatMap((p) => advance(p, 4 * floats)),
    GET, count, I32_CONST, floats, I32_SUB, SET, count,
    BR, 0, END, END,
  ];
  return [...loop(8, [...step(0), ...step(16)]), ...loop(4, step(0))];
}

/**
 * gru_reset_update(xz, hz, xr, hr, h, z, rh, n), byte offsets and a unit count (multiple of 4):
 *   z = sigmoid(xz + hz);  rh = sigmoid(xr + hr) * h
 */
export const GATES_PARAMS = [I32, I32, I32, I32, I32, I32, I32, I32];

export function gatesBody(): number[] {
  const [XZ, HZ, XR, HR, H, Z, RH, N] = [0, 1, 2, 3, 4, 5, 6, 7];
  const V = 8, V2 = 9;
  const code = [
    ...elementLoop(N, [XZ, HZ, XR, HR, H, Z, RH], (o) => [
      GET, Z, ...load(XZ, o), ...load(HZ, o), ...F32X4_ADD, SET, V, ...sigmoid(V, V2), ...store(o),
      GET, RH, ...load(XR, o), ...load(HR, o), ...F32X4_ADD, SET, V, ...sigmoid(V, V2), ...load(H, o), ...F32X4_MUL, ...store(o),
    ]),
    END,
  ];
  const body = [1, 2, V128, ...code];
  return [...leb(body.length), ...body];
}

/**
 * gru_new_state(xc, hc, z, h, max, sum, n), byte offsets and a unit count (multiple of 4):
 *   c = tanh(xc + hc);  h = z h + (1 - z) c = c + z (h - c);  max = max(max, h);  sum += h
 * h is updated in place; the running max and sum are the pooling over time of a classifier.
 */
export const NEW_STATE_PARAMS = [I32, I32, I32, I32, I32, I32, I32];

export function newStateBody(): number[] {
  const [XC, HC, Z, H, MAX, SUM, N] = [0, 1, 2, 3, 4, 5, 6];
  const V = 7, V2 = 8, C = 9, NEXT = 10;
  const code = [
    ...elementLoop(N, [XC, HC, Z, H, MAX, SUM], (o) => [
      ...load(XC, o), ...load(HC, o), ...F32X4_ADD, SET, V, ...tanh(V, V2), SET, C,
      GET, C, ...load(Z, o), ...load(H, o), GET, C, ...F32X4_SUB, ...F32X4_MUL, ...F32X4_ADD, SET, NEXT,
      GET, H, GET, NEXT, ...store(o),
      GET, MAX, ...load(MAX, o), GET, NEXT, ...F32X4_PMAX, ...store(o),
      GET, SUM, ...load(SUM, o), GET, NEXT, ...F32X4_ADD, ...store(o),
    ]),
    END,
  ];
  const body = [1, 4, V128, ...code];
  return [...leb(body.length), ...body];
}
