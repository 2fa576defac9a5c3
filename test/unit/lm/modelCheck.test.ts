import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parameterCount, type LmConfig } from '../../../src/model/lm/architecture';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkCheckpoint, checkModelFiles, describeModel, type ModelFile } from '../../../src/model/lm/modelCheck';
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

/** The folder with model.json's weight manifest changed by `edit`. */
function withManifest(files: ModelFile[], edit: (weights: { name: string; shape: number[]; dtype: string; quantization?: Record<string, unknown> }[]) => void): ModelFile[] {
  return files.map((f) => {
    if (f.name !== 'model.json') return f;
    const json = JSON.parse(new TextDecoder().decode(f.data));
    edit(json.weightsManifest[0].weights);
    return { name: f.name, data: new TextEncoder().encode(JSON.stringify(json)) };
  });
}

function withWeights(files: ModelFile[], edit: (bytes: Uint8Array) => void): ModelFile[] {
  return files.map((f) => {
    if (f.name !== 'weights.bin') return f;
    const data = f.data.slice();
    edit(data);
    return { name: f.name, data };
  });
}

test('weights that are not finite numbers are refused, whatever the storage', async () => {
  const f32 = await files({ cell: 'gru', embedDim: 4, hiddenSize: 8, layers: 1 });
  for (const bad of [NaN, Infinity, -Infinity]) {
    // The last float of the output bias (weight 6).
    const broken = withWeights(f32, (b) => new DataView(b.buffer).setFloat32(b.byteLength - 4, bad, true));
    assert.throws(() => checkModelFiles(broken), /weight 6 holds a number that is not finite/, String(bad));
  }
  const f16 = await files({ cell: 'lstm', embedDim: 4, hiddenSize: 6, layers: 2 }, 'float16');
  assert.throws(() => checkModelFiles(withWeights(f16, (b) => new DataView(b.buffer).setUint16(0, 0x7e00, true))), /weight 1 holds a number that is not finite/);
  const u8 = await files({ cell: 'simpleRnn', embedDim: 3, hiddenSize: 5, layers: 1 }, 'uint8');
  assert.throws(() => checkModelFiles(withManifest(u8, (w) => { w[2].quantization!.scale = null; })), /stores weight simplernn_0\/recurrent_kernel in a way GRU Scribe does not read/);
});

test('a checkpoint must be of the cell and architecture the run trains', async () => {
  const gru = await files({ cell: 'gru', embedDim: 4, hiddenSize: 8, layers: 1 });
  assert.equal(checkCheckpoint(gru, 'gru', { cell: 'gru', embedDim: 4, hiddenSize: 8, layers: 1 }).metadata.architecture.hiddenSize, 8);
  assert.equal(checkCheckpoint(gru, 'gru').metadata.architecture.cell, 'gru', 'without a known architecture, only the cell');
  assert.throws(() => checkCheckpoint(gru, 'lstm'), /it is a GRU 8 model where the run trains lstm/);
  assert.throws(() => checkCheckpoint(gru, 'gru', { cell: 'gru', embedDim: 4, hiddenSize: 16, layers: 1 }),
    /it is a GRU 8 model \(embedding 4\) where the run trains GRU 16 \(embedding 4\)/);
  assert.throws(() => checkCheckpoint(gru, 'gru', { cell: 'gru', embedDim: 8, hiddenSize: 8, layers: 1 }), /embedding 8/);
  assert.throws(() => checkCheckpoint(withWeights(gru, (b) => b.fill(0xff, 0, 4)), 'gru'), /not finite/);
});

test('the bundled language model passes the check', () => {
  const dir = join(__dirname, '..', '..', '..', '..', 'models', 'lm');
  const bundled = readdirSync(dir).filter((n) => !n.endsWith('.md')).map((name) => ({ name, data: new Uint8Array(readFileSync(join(dir, name))) }));
  assert.equal(checkModelFiles(bundled).metadata.architecture.cell, 'gru');
});
