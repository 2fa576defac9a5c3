// `inside` through `node dist/cli.js`, on a tiny random model: the units it lists are the model core's.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROPERTIES } from '../../../src/model/inside/properties';
import { isCleanFailure, removeTempDirs, runCli, tempDir, tinyModelFolder } from './lmFixture';

let model = '';
let file = '';

before(async () => {
  model = await tinyModelFolder();
  file = join(tempDir(), 'a.ts');
  writeFileSync(file, 'const s = "a (b)"; // note\nif (x[0]) { y = f(1, 2); }\n他说：“好。”\n'.repeat(4));
});

after(removeTempDirs);

test('inside lists K units, strongest first, with a property each, and the best unit of every property', () => {
  const r = runCli('inside', '--model', model, '--units', '3', file);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { characters: number; units: { unit: number; property: string; correlation: number }[]; byProperty: Record<string, { unit: number; correlation: number }> };
  assert.equal(out.characters, Array.from('const s = "a (b)"; // note\nif (x[0]) { y = f(1, 2); }\n他说：“好。”\n'.repeat(4)).length);
  assert.equal(out.units.length, 3);
  for (let k = 1; k < 3; k++) assert.ok(Math.abs(out.units[k - 1].correlation) >= Math.abs(out.units[k].correlation));
  for (const u of out.units) {
    assert.ok(PROPERTIES.includes(u.property as never) && Number.isInteger(u.unit) && u.unit >= 0 && u.unit < 16);
    assert.ok(Math.abs(u.correlation) <= Math.abs(out.byProperty[u.property].correlation) + 1e-9);
  }
  assert.deepEqual(Object.keys(out.byProperty), [...PROPERTIES]);
  // The strongest unit is the strongest of its property.
  assert.equal(Math.abs(out.units[0].correlation), Math.abs(out.byProperty[out.units[0].property].correlation));
});

test('inside: bad input gets a clear message', () => {
  assert.ok(isCleanFailure(runCli('inside', '--model', model, '--units', '0', file), /--units/));
  assert.ok(isCleanFailure(runCli('inside', '--model', model, join(tempDir(), 'missing.txt')), /missing\.txt/));
});
