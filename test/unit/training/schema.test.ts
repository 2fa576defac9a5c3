import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addCurvePoint, checkHostMessage, checkWebviewMessage, isSafeFileName, LIMITS, thinCurve, type CellResult, type HostMessage, type RunSummary, type TrainingSettings, type WebviewMessage } from '../../../src/training/protocol';

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
    assert.equal(checkWebviewMessage({ type: 'checkpoint', runId: 'r', cell: 'gru', step: 3, files: [{ name, data: new Uint8Array(0) }] }).ok, false);
  }
  for (const name of ['model.json', 'weights.bin', 'metadata.json']) assert.equal(isSafeFileName(name), true);
});

test('host messages are checked too, nested shapes included', () => {
  assert.equal(checkHostMessage({ type: 'checkpointSaved', runId: 'r', cell: 'gru', step: 3 }).ok, true);
  assert.equal(checkHostMessage({ type: 'checkpointSaved', runId: 'r', cell: 'format-disk', step: 3 }).ok, false);
  const summary = { include: '*', files: 2, bytes: 10, skipped: [{ reason: 'binary', count: 1 }], examples: [], secretFiles: ['.env'] };
  assert.equal(checkHostMessage({ type: 'fileSummary', summary }).ok, true);
  const r = checkHostMessage({ type: 'fileSummary', summary: { ...summary, skipped: [{ reason: 'binary', count: '1' }] } });
  assert.equal(r.ok, false);
  assert.match((r as { error: string }).error, /skipped\[0\]\.count must be an integer/);
  assert.equal(checkHostMessage({ type: 'fileSummary', summary: { ...summary, secretFiles: [1] } }).ok, false);
});

test('texts, ids and lists from the panel are bounded', () => {
  const text = (n: number) => 'x'.repeat(n);
  const accepted = [
    { type: 'backend', runId: text(LIMITS.id), name: text(LIMITS.text) },
    { type: 'finished', runId: 'r', status: 'failed', results: [], message: text(LIMITS.text) },
  ];
  for (const m of accepted) assert.equal(checkWebviewMessage(m).ok, true, m.type);
  const cases: [unknown, RegExp][] = [
    [{ type: 'log', text: 'x' }, /unknown message type "log"/],
    [{ type: 'sample', runId: 'r', cell: 'gru', step: 1, text: 'x' }, /unknown message type "sample"/],
    [{ type: 'finished', runId: 'r', status: 'failed', results: [], message: text(LIMITS.text + 1) }, /finished\.message must be a string of at most/],
    [{ type: 'backend', runId: 'r', name: text(LIMITS.text + 1) }, /backend\.name must be a string of at most/],
    [{ type: 'scanFiles', include: text(LIMITS.text + 1), maxFileKB: 10 }, /scanFiles\.include must be a string of at most/],
    [{ type: 'point', runId: text(LIMITS.id + 1), cell: 'gru', kind: 'train', step: 1, bpb: 2 }, /point\.runId must be a string of at most 64/],
    [{ type: 'finished', runId: 'r', status: 'completed', results: Array(4).fill({ cell: 'gru', steps: 1 }) }, /finished\.results must have at most 3 entries/],
  ];
  for (const [raw, why] of cases) {
    const r = checkWebviewMessage(raw);
    assert.equal(r.ok, false, JSON.stringify(raw).slice(0, 80));
    assert.match((r as { error: string }).error, why);
  }
});

test('a checkpoint has a bounded number of files and bytes, carried as bytes', () => {
  const files = (n: number, data: unknown) => Array.from({ length: n }, (_, i) => ({ name: `f${i}.bin`, data }));
  const checkpoint = (f: unknown) => checkWebviewMessage({ type: 'checkpoint', runId: 'r', cell: 'gru', step: 3, files: f });
  assert.equal(checkpoint(files(LIMITS.checkpointFiles, new Uint8Array(3))).ok, true);
  assert.match((checkpoint(files(LIMITS.checkpointFiles + 1, new Uint8Array(3))) as { error: string }).error, /files must have at most 8 entries/);
  // One buffer shared by every file: a payload over the limit without the test holding one in memory.
  const share = new Uint8Array(Math.ceil(LIMITS.checkpointBytes / LIMITS.checkpointFiles) + 8);
  assert.match((checkpoint(files(LIMITS.checkpointFiles, share)) as { error: string }).error, /checkpoint files must hold at most \d+ bytes/);
  for (const data of ['AAAA', [1, 2, 3], new Uint16Array(2), new Uint8Array(4).buffer, { 0: 1, length: 1 }]) {
    assert.match((checkpoint(files(1, data)) as { error: string }).error, /files\[0\]\.data must be a Uint8Array/, String(data));
  }
});

test('training files arrive as a list of byte arrays', () => {
  const data = (files: unknown) => checkHostMessage({ type: 'runData', runId: 'r', index: 0, last: true, files });
  assert.equal(data([new Uint8Array([104, 105]), Buffer.from('x')]).ok, true);
  assert.match((data(['aGk=']) as { error: string }).error, /runData\.files must be a list of Uint8Arrays/);
  assert.match((data(new Uint8Array(2)) as { error: string }).error, /runData\.files must be a list of Uint8Arrays/);
});

test('curves sent to the panel are bounded lists of [step, finite number] pairs', () => {
  const run = (curves: unknown) => ({
    id: 'r', mode: 'finetune', status: 'completed', startedAt: 'now', cells: ['gru'], settings, files: 1, bytes: 1,
    baseModel: 'GRU 256', results: [], checkpoints: { gru: 3 }, curves,
  });
  const runs = (curves: unknown) => checkHostMessage({ type: 'runs', model: 'GRU 256', runs: [run(curves)] });
  const points = (n: number) => Array.from({ length: n }, (_, i): [number, number] => [i, 3]);
  assert.equal(runs({ gru: { train: points(LIMITS.curvePoints), val: [] } }).ok, true);
  const bad: [unknown, RegExp][] = [
    [{ gru: { train: points(LIMITS.curvePoints + 1), val: [] } }, /curves\.gru\.train must be a list of at most 5000 points/],
    [{ gru: { train: [[1, NaN]], val: [] } }, /curves\.gru\.train\[0\] must be an \[integer, finite number\] pair/],
    [{ gru: { train: [[1.5, 2]], val: [] } }, /\[0\] must be an \[integer, finite number\] pair/],
    [{ gru: { train: [[1, 2, 3]], val: [] } }, /\[0\] must be an \[integer, finite number\] pair/],
    [{ gru: { train: [], val: 'many' } }, /curves\.gru\.val must be a list of at most/],
    [{ gru: { train: [] } }, /curves\.gru\.val is missing/],
  ];
  for (const [curves, why] of bad) {
    const r = runs(curves);
    assert.equal(r.ok, false, JSON.stringify(curves).slice(0, 80));
    assert.match((r as { error: string }).error, why);
  }
  assert.match((checkHostMessage({ type: 'runs', model: 'm', runs: [{ ...run({}), checkpoints: { gru: 'last' } }] }) as { error: string }).error, /checkpoints\.gru must be an integer/);
});

test('a long curve is thinned to the limit, keeping its first and newest points', () => {
  const curve: [number, number][] = [];
  for (let step = 0; step < 10_000; step++) addCurvePoint(curve, [step, 8 - step / 10_000], 100);
  assert.ok(curve.length <= 100 && curve.length > 50, String(curve.length));
  assert.deepEqual(curve[0], [0, 8]);
  assert.deepEqual(curve[curve.length - 1], [9999, 8 - 9999 / 10_000]);
  assert.ok(curve.every((p, i) => i === 0 || p[0] > curve[i - 1][0]), 'still in step order');
  assert.equal(thinCurve(curve.slice(0, 30), 100).length, 30, 'a short curve is left alone');
});

// The message types come from the schemas: a change to a schema changes the type the compiler checks.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
type Expect<T extends true> = T;
export type SchemaTypes = [
  Expect<Equal<TrainingSettings, { timeBudgetSec: number; epochs: number; learningRate: number; seqLength: number; batchSize: number; validationShare: number; checkpointEverySec: number; samplePrompt: string }>>,
  Expect<Equal<Extract<HostMessage, { type: 'runData' }>, { type: 'runData'; runId: string; index: number; last: boolean; files: Uint8Array[] }>>,
  Expect<Equal<Extract<WebviewMessage, { type: 'useModel' }>, { type: 'useModel'; runId: string; cell: 'simpleRnn' | 'lstm' | 'gru' }>>,
  Expect<Equal<RunSummary['cells'], ('simpleRnn' | 'lstm' | 'gru')[]>>,
  Expect<Equal<CellResult['beforeBpb'], number | undefined>>,
];
