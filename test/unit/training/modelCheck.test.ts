import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LmConfig } from '../../../src/model/lm/model';
import { checkModelFiles, describeModel } from '../../../src/training/modelCheck';
import { tinyModelFiles } from './tinyModel';

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
  assert.throws(() => checkModelFiles(replace('weights.bin', new Uint8Array(12))), /weights hold 12 bytes, model\.json needs \d+/);
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
