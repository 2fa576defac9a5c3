// The GRU step both models run: each form of its arithmetic against the formula, the gates it reports, and
// that reading them changes nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createGruCell, gruCellFloats, type GruCell, type GruWeights } from '../../../src/model/gru/cell';
import { createKernel, type Kernel } from '../../../src/model/gru/kernel';
import { mulberry32 } from '../../../src/model/lm/sampler';
import { referenceGru } from './reference';

function randomWeights(units: number, inputDim: number, seed: number): GruWeights {
  const rand = mulberry32(seed);
  const values = (n: number) => Float32Array.from({ length: n }, () => (rand() * 2 - 1) * 0.8);
  return {
    units, inputDim, kernel: values(inputDim * 3 * units), recurrentKernel: values(units * 3 * units), bias: values(3 * units),
    recurrentActivation: 'sigmoid', activation: 'tanh',
  };
}

function randomInputs(count: number, inputDim: number, seed: number): Float32Array[] {
  const rand = mulberry32(seed);
  return Array.from({ length: count }, () => Float32Array.from({ length: inputDim }, () => rand() * 2 - 1));
}

/** The three ways a cell can run: float64 gates on either kernel, and the whole step in SIMD. */
function cells(w: GruWeights): Array<[string, GruCell, Kernel]> {
  const floats = gruCellFloats(w.units, w.inputDim) + 3 * w.units + 16;
  return [
    ['float64 gates, JS kernel', createKernel('js', 0), false],
    ['float64 gates, SIMD products', createKernel('wasm', floats), false],
    ['SIMD step', createKernel('wasm', floats), true],
  ].map(([name, kernel, simdStep]) => [name as string, createGruCell(kernel as Kernel, w, { simdStep: simdStep as boolean }), kernel as Kernel]);
}

test('each form of the step gives tfjs\'s GRU, and the gates it reports are the formula\'s', () => {
  for (const [units, inputDim] of [[8, 5], [16, 16], [36, 12]]) {
    const w = randomWeights(units, inputDim, units);
    const xs = randomInputs(12, inputDim, 7);
    const expected = referenceGru(w, xs);
    for (const [name, cell, kernel] of cells(w)) {
      assert.equal(cell.simd, name === 'SIMD step', name);
      const h = kernel.alloc(units);
      const z = new Float32Array(units), r = new Float32Array(units);
      xs.forEach((x, t) => {
        cell.step(cell.project(x, 0), 0, h, 0);
        cell.readGates(z, r);
        for (let j = 0; j < units; j++) {
          const where = `${name}, ${units} units, step ${t}, unit ${j}`;
          assert.ok(Math.abs(h[j] - expected[t].h[j]) < 1e-5, `h: ${where}`);
          assert.ok(Math.abs(z[j] - expected[t].z[j]) < 1e-5, `z: ${where}`);
          assert.ok(Math.abs(r[j] - expected[t].r[j]) < 1e-5, `r: ${where}`);
        }
      });
    }
  }
});

test('reading the gates leaves every later state the same to the bit', () => {
  const w = randomWeights(16, 8, 3);
  const xs = randomInputs(20, 8, 4);
  for (const [name, quiet, kernel] of cells(w)) {
    const [, asked, askedKernel] = cells(w).find(([n]) => n === name)!;
    const h1 = kernel.alloc(16), h2 = askedKernel.alloc(16);
    const z = new Float32Array(16), r = new Float32Array(16);
    for (const x of xs) {
      quiet.step(quiet.project(x, 0), 0, h1, 0);
      asked.step(asked.project(x, 0), 0, h2, 0);
      asked.readGates(z, r);
      assert.deepEqual(h2, h1, name);
    }
  }
});

test('the step folds the state into a running max and sum when asked to', () => {
  const w = randomWeights(12, 6, 5);
  const xs = randomInputs(9, 6, 6);
  const states = referenceGru(w, xs).map((s) => s.h);
  for (const [name, cell, kernel] of cells(w)) {
    const h = kernel.alloc(12);
    const pooling = { max: kernel.alloc(12).fill(-Infinity), sum: kernel.alloc(12) };
    for (const x of xs) cell.step(cell.project(x, 0), 0, h, 0, pooling);
    for (let j = 0; j < 12; j++) {
      assert.ok(Math.abs(pooling.max[j] - Math.max(...states.map((s) => s[j]))) < 1e-5, `${name}: max ${j}`);
      assert.ok(Math.abs(pooling.sum[j] - states.reduce((a, s) => a + s[j], 0)) < 1e-4, `${name}: sum ${j}`);
    }
  }
});

test('the SIMD step runs only where it computes the same function', () => {
  const wasm = (w: GruWeights) => createKernel('wasm', gruCellFloats(w.units, w.inputDim));
  const odd = randomWeights(6, 4, 1);
  assert.equal(createGruCell(wasm(odd), odd, { simdStep: true }).simd, false, 'units not a multiple of 4');
  const hard = { ...randomWeights(8, 4, 2), recurrentActivation: 'hardSigmoid' as const };
  assert.equal(createGruCell(wasm(hard), hard, { simdStep: true }).simd, false, 'gates other than sigmoid');
  const plain = randomWeights(8, 4, 3);
  assert.equal(createGruCell(createKernel('js', 0), plain, { simdStep: true }).simd, false, 'no SIMD kernel');
  assert.throws(() => createGruCell(createKernel('js', 0), plain, { projects: false }).project(new Float32Array(4), 0), /without its input kernel/);
});
