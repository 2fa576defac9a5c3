import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parameterCount, type LmConfig } from '../../../src/model/lm/architecture';
import { checkModelFiles, describeModel } from '../../../src/model/lm/modelCheck';
import { tinyModelFiles } from '../training/tinyModel';

const files = tinyModelFiles;

test('sound model folders pass, whatever the cell and weight storage', async () => {
  for (const [config, storage] of [
    [{ cell: 'gru', embedDim: 4, hiddenSize: 8, layers: 1 }, 'float32'],
    [{ cell: 'lstm', embedDim: 4, hiddenSize: 6, layers: 2 }, 'float16'],
    [{ cell: 'simpleRnn', embedDim: 3, hiddenSize: 5, layers: 1 }, 'uint8'],
  ] as [LmConfig, 'float32' | 'float16' | 'uint8'][]) {
    const checked = checkModelFiles(await files(config, storage));
    assert.equal(checked.metadata.architecture.cell, config.cell);
  }
});

test('missing, truncated or unparsable files are reported by name', async () => {
  const good = await files({ cell: 'gru', embedDim: 4, hiddenSize: 8, layers: 1 });
  const without = (name: string) => good.filter((f) => f.name !== name);
  const replace = (name: string, data: Uint8Array) => good.map((f) => (f.name === name ? { name, data } : f));
  assert.throws(() => checkModelFiles(without('weights.bin')), /weights\.bin is missing/);
  assert.throws(() => checkModelFiles(without('model.json')), /model\.json is missing/);
  assert.throws(() => checkModelFiles(replace('weights.bin', new Uint8Array(12))), /weights\.bin has 12 bytes, model\.json needs \d+/);
  assert.throws(() => checkModelFiles(replace('model.json', new TextEncoder().encode('{"format":'))), /model\.json is corrupt/);
  assert.throws(() => checkModelFiles(replace('model.json', new TextEncoder().encode('{}'))), /not a tfjs layers model/);
  assert.throws(() => checkModelFiles(replace('metadata.json', new TextEncoder().encode('{"formatVersion":99}'))), /format version 99/);
});

test('models are named by cell and size', async () => {
  const lstm = checkModelFiles(await files({ cell: 'lstm', embedDim: 4, hiddenSize: 6, layers: 2 }));
  assert.equal(describeModel(lstm.metadata), 'LSTM 6×2');
  const gru = checkModelFiles(await files({ cell: 'gru', embedDim: 4, hiddenSize: 8, layers: 1 }));
  assert.equal(describeModel(gru.metadata), 'GRU 8');
});

test('shapes must be positive whole numbers and fit the cell and sizes metadata.json describes', async () => {
  const good = await files({ cell: 'gru', embedDim: 4, hiddenSize: 8, layers: 1 });
  const edit = (name: string, change: (json: any) => void) => good.map((f) => {
    if (f.name !== name) return f;
    const json = JSON.parse(new TextDecoder().decode(f.data));
    change(json);
    return { name, data: new TextEncoder().encode(JSON.stringify(json)) };
  });
  const weights = (json: any) => json.weightsManifest[0].weights;
  // The same number of bytes, so only the shapes themselves can tell.
  assert.throws(() => checkModelFiles(edit('model.json', (j) => { weights(j)[0].shape = [-256, -4]; })), /shape -256,-4; sizes must be positive whole numbers/);
  assert.throws(() => checkModelFiles(edit('model.json', (j) => { weights(j)[0].shape = [128, 8]; })), /model\.json does not fit the GRU 8 model that metadata\.json describes/);
  // metadata.json consistent in itself (its parameter count is an LSTM's), but not with the weights.
  const lstm: LmConfig = { cell: 'lstm', embedDim: 4, hiddenSize: 8, layers: 1 };
  assert.throws(() => checkModelFiles(edit('metadata.json', (j) => { j.architecture.cell = 'lstm'; j.architecture.parameters = parameterCount(lstm); })), /does not fit the LSTM 8 model/);
  assert.throws(() => checkModelFiles(edit('metadata.json', (j) => { j.architecture.cell = 'lstm'; })), /no valid architecture/);
  assert.throws(() => checkModelFiles(edit('metadata.json', (j) => { j.architecture.hiddenSize = 0; })), /no valid architecture/);
  assert.throws(() => checkModelFiles(edit('model.json', (j) => { j.weightsManifest[0].paths = ['../weights.bin']; })), /must keep all weights in weights\.bin/);
  assert.throws(() => checkModelFiles(edit('model.json', (j) => { weights(j)[1].quantization = { dtype: 'int4' }; })), /stores weight gru_0\/kernel in a way GRU Scribe does not read/);
});
