import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkHostMessage, checkWebviewMessage, isSafeFileName } from '../../../src/training/protocol';

const settings = {
  timeBudgetSec: 60, epochs: 0, learningRate: 0.001, seqLength: 64, batchSize: 32,
  validationShare: 0.1, checkpointEverySec: 30, samplePrompt: 'function ',
};

test('a well-formed start message passes', () => {
  const r = checkWebviewMessage({ type: 'start', mode: 'compare', cells: ['gru', 'lstm'], settings, scratch: { embedDim: 16, hiddenSize: 32, layers: 1 } });
  assert.equal(r.ok, true);
});

test('unknown types, missing fields and wrong types are rejected with the reason', () => {
  const cases: [unknown, RegExp][] = [
    [null, /no type/],
    ['start', /no type/],
    [{ type: 'eval', code: '1' }, /unknown message type "eval"/],
    [{ type: 'scanFiles', include: '**/*' }, /maxFileKB is missing/],
    [{ type: 'scanFiles', include: 3, maxFileKB: 10 }, /include must be a string/],
    [{ type: 'point', runId: 'a', cell: 'transformer', kind: 'train', step: 1, bpb: 2 }, /cell must be one of/],
    [{ type: 'point', runId: 'a', cell: 'gru', kind: 'train', step: 1.5, bpb: 2 }, /step must be an integer/],
    [{ type: 'point', runId: 'a', cell: 'gru', kind: 'train', step: 1, bpb: Infinity }, /bpb must be a finite number/],
    [{ type: 'start', mode: 'finetune', cells: ['gru'], settings: { ...settings, learningRate: '0.1' } }, /learningRate must be a finite number/],
  ];
  for (const [raw, why] of cases) {
    const r = checkWebviewMessage(raw);
    assert.equal(r.ok, false, JSON.stringify(raw));
    assert.match((r as { error: string }).error, why);
  }
});

test('values out of range are rejected even when the shape is right', () => {
  const bad = [
    { ...settings, batchSize: 0 },
    { ...settings, validationShare: 0.9 },
    { ...settings, seqLength: 100000 },
    { ...settings, samplePrompt: 'x'.repeat(201) },
  ];
  for (const s of bad) assert.equal(checkWebviewMessage({ type: 'start', mode: 'finetune', cells: ['gru'], settings: s }).ok, false);
  assert.equal(checkWebviewMessage({ type: 'start', mode: 'compare', cells: [], settings }).ok, false);
  assert.equal(checkWebviewMessage({ type: 'start', mode: 'compare', cells: ['gru', 'rnn'], settings }).ok, false);
});

test('checkpoint files must be plain names inside the model folder', () => {
  for (const name of ['../x', '.hidden', 'a/b', 'a\\b', '', 'x..y']) {
    assert.equal(isSafeFileName(name), false, name);
    assert.equal(checkWebviewMessage({ type: 'checkpoint', runId: 'r', cell: 'gru', step: 3, files: [{ name, base64: '' }] }).ok, false);
  }
  for (const name of ['model.json', 'weights.bin', 'metadata.json']) assert.equal(isSafeFileName(name), true);
});

test('host messages are checked too, nested shapes included', () => {
  assert.equal(checkHostMessage({ type: 'control', action: 'pause' }).ok, true);
  assert.equal(checkHostMessage({ type: 'control', action: 'format-disk' }).ok, false);
  const summary = { include: '*', files: 2, bytes: 10, skipped: [{ reason: 'binary', count: 1 }], examples: [], secretFiles: ['.env'] };
  assert.equal(checkHostMessage({ type: 'fileSummary', summary }).ok, true);
  const r = checkHostMessage({ type: 'fileSummary', summary: { ...summary, skipped: [{ reason: 'binary', count: '1' }] } });
  assert.equal(r.ok, false);
  assert.match((r as { error: string }).error, /skipped\[0\]\.count must be an integer/);
  assert.equal(checkHostMessage({ type: 'fileSummary', summary: { ...summary, secretFiles: [1] } }).ok, false);
});
