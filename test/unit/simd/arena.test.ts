// The WebAssembly SIMD kernels against plain arithmetic: the module must assemble and validate (Node has
// SIMD, so a fallback to JavaScript here would hide a broken module), and each kernel must compute its formula.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simdModuleBytes, WasmArena, wasmSimdAvailable } from '../../../src/model/simd/arena';

const random = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

test('the SIMD module compiles in this runtime', () => {
  assert.doesNotThrow(() => new WebAssembly.Module(simdModuleBytes()));
  assert.ok(wasmSimdAvailable());
});

test('matVecColumns reads a column range of an [input][output] matrix (runs of 32 outputs, then 4)', () => {
  const next = random(1);
  for (const [rows, cols, stride, from] of [[36, 5, 48, 8], [128, 64, 192, 0], [4, 3, 4, 0], [64, 64, 192, 128]]) {
    const arena = new WasmArena(cols * stride + cols + rows + 64);
    const w = arena.alloc(cols * stride);
    w.forEach((_, i) => { w[i] = next(); });
    const x = arena.alloc(cols);
    x.forEach((_, i) => { x[i] = next(); });
    const y = arena.alloc(rows);
    arena.matVecColumns(w.subarray(from), rows, cols, stride, x, 0, y, 0);
    for (let j = 0; j < rows; j++) {
      let expected = 0;
      for (let i = 0; i < cols; i++) expected += x[i] * w[i * stride + from + j];
      assert.ok(Math.abs(y[j] - expected) < 1e-5, `rows ${rows}, cols ${cols}, output ${j}: ${y[j]} vs ${expected}`);
    }
  }
});

test('GRU gates: sigmoid and tanh within 1e-6 of the exact ones, out to saturation, and the new state and pooling', () => {
  for (const H of [4, 12, 64]) {
    const arena = new WasmArena(16 * H + 64);
    const [xp, hu] = [arena.alloc(3 * H), arena.alloc(3 * H)];
    const [h, z, rh, max, sum] = [arena.alloc(H), arena.alloc(H), arena.alloc(H), arena.alloc(H), arena.alloc(H)];
    // Pre-activations from -20 to 20 across the units and gates; h in (-1, 1).
    for (let i = 0; i < 3 * H; i++) { xp[i] = -20 + (40 * i) / (3 * H); hu[i] = 0.25 * Math.sin(i); }
    h.forEach((_, i) => { h[i] = Math.cos(i) * 0.9; });
    max.fill(0.5);
    sum.fill(1);
    const h0 = Float64Array.from(h), max0 = Float64Array.from(max);
    arena.gruResetUpdate(xp, hu, h, 0, z, rh);
    for (let j = 0; j < H; j++) {
      assert.ok(Math.abs(z[j] - sigmoid(xp[j] + hu[j])) < 1e-6, `z[${j}]`);
      assert.ok(Math.abs(rh[j] - sigmoid(xp[H + j] + hu[H + j]) * h0[j]) < 1e-6, `rh[${j}]`);
    }
    arena.gruNewState(xp, hu, z, h, 0, max, sum);
    for (let j = 0; j < H; j++) {
      const c = Math.tanh(xp[2 * H + j] + hu[2 * H + j]);
      const expected = z[j] * h0[j] + (1 - z[j]) * c;
      assert.ok(Math.abs(h[j] - expected) < 1e-6, `h[${j}]: ${h[j]} vs ${expected}`);
      assert.equal(max[j], Math.max(max0[j], h[j]));
      assert.ok(Math.abs(sum[j] - (1 + h[j])) < 1e-6);
    }
  }
});
