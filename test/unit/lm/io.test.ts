import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readdirSync, writeFileSync, rmSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildLanguageModel, parameterCount, type LmConfig } from '../../../src/model/lm/model';
import { describeArchitecture, LM_FORMAT_VERSION, type LmMetadata } from '../../../src/model/lm/metadata';
import {
  decodeLanguageModel, encodeLanguageModel, float32ToFloat16, loadLanguageModel, ModelFormatError, saveLanguageModel,
} from '../../../src/model/lm/io';

const config: LmConfig = { cell: 'gru', embedDim: 8, hiddenSize: 16, layers: 1 };

function metadata(): LmMetadata {
  return {
    formatVersion: LM_FORMAT_VERSION, tokenizer: 'utf8-bytes', architecture: describeArchitecture(config, parameterCount(config)),
    weightStorage: 'float32', training: { data: [], bytesSeen: 0, steps: 0, seconds: 0 }, metrics: {}, createdAt: new Date(0).toISOString(),
  };
}

const input = () => tf.tensor2d([[72, 101, 108, 108, 111, 32, 228, 184, 173]], undefined, 'int32');

function maxDiff(a: tf.LayersModel, b: tf.LayersModel): number {
  return tf.tidy(() => (a.predict(input()) as tf.Tensor).sub(b.predict(input()) as tf.Tensor).abs().max().dataSync()[0]);
}

test('save then load gives the same predictions and metadata, with no temporary folders left', async () => {
  await tf.setBackend('cpu');
  const dir = mkdtempSync(join(tmpdir(), 'lm-io-'));
  const model = buildLanguageModel(config, { seed: 3 });
  const target = join(dir, 'model');
  await saveLanguageModel(model, metadata(), target);
  await saveLanguageModel(model, { ...metadata(), metrics: { valBitsPerByte: 1.5 } }, target); // overwrite swaps in place
  const loaded = await loadLanguageModel(target);
  assert.equal(maxDiff(model, loaded.model), 0);
  assert.equal(loaded.metadata.metrics.valBitsPerByte, 1.5);
  assert.deepEqual(readdirSync(dir), ['model']);
  assert.deepEqual(readdirSync(target).sort(), ['metadata.json', 'model.json', 'weights.bin']);
  rmSync(dir, { recursive: true });
});

test('16-bit and 8-bit storage shrink the weights and stay close to the float32 model', async () => {
  await tf.setBackend('cpu');
  const model = buildLanguageModel(config, { seed: 4 });
  const full = await encodeLanguageModel(model, metadata(), 'float32');
  for (const [storage, factor, tolerance] of [['float16', 2, 1e-2], ['uint8', 4, 0.1]] as const) {
    const a = await encodeLanguageModel(model, metadata(), storage);
    assert.equal(a.weightData.byteLength * factor, full.weightData.byteLength);
    assert.equal(a.metadata.weightStorage, storage);
    const { model: back } = await decodeLanguageModel(a);
    const d = maxDiff(model, back);
    assert.ok(d > 0 && d < tolerance, `${storage}: max logit difference ${d}`);
  }
});

test('float32ToFloat16 rounds to nearest even and handles the edges', () => {
  assert.equal(float32ToFloat16(1), 0x3c00);
  assert.equal(float32ToFloat16(-2), 0xc000);
  assert.equal(float32ToFloat16(0), 0);
  assert.equal(float32ToFloat16(65504), 0x7bff);
  assert.equal(float32ToFloat16(1e6), 0x7c00);
  assert.equal(float32ToFloat16(5.960464477539063e-8), 0x0001); // smallest subnormal
  assert.equal(float32ToFloat16(1 + 2 ** -11), 0x3c00); // tie goes to even
  assert.equal(float32ToFloat16(1 + 3 * 2 ** -11), 0x3c02);
});

test('missing and corrupt folders give clear ModelFormatErrors', async () => {
  await tf.setBackend('cpu');
  const dir = mkdtempSync(join(tmpdir(), 'lm-io-'));
  await assert.rejects(loadLanguageModel(join(dir, 'nope')), (e: Error) => e instanceof ModelFormatError && /not found/.test(e.message));
  const target = join(dir, 'm');
  await saveLanguageModel(buildLanguageModel(config), metadata(), target);
  const weights = readFileSync(join(target, 'weights.bin'));
  writeFileSync(join(target, 'weights.bin'), new Uint8Array(weights.subarray(0, 100)));
  await assert.rejects(loadLanguageModel(target), (e: Error) => e instanceof ModelFormatError && /weights\.bin has 100 bytes/.test(e.message));
  const modelJson = readFileSync(join(target, 'model.json'));
  writeFileSync(join(target, 'model.json'), '{"modelTopology": ');
  await assert.rejects(loadLanguageModel(target), (e: Error) => e instanceof ModelFormatError && /model\.json is corrupt/.test(e.message));
  writeFileSync(join(target, 'model.json'), new Uint8Array(modelJson));
  rmSync(join(target, 'metadata.json'));
  await assert.rejects(loadLanguageModel(target), (e: Error) => e instanceof ModelFormatError && /metadata\.json is missing/.test(e.message));
  assert.ok(statSync(target).isDirectory());
  rmSync(dir, { recursive: true });
});
