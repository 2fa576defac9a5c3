import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { checkHostMessage, LIMITS, type RunSummary } from '../../../src/training/protocol';
import { writeFileAtomic, writeFolderAtomic } from '../../../src/fs/atomicWrite';
import { readFolder, RunStore } from '../../../src/training/runStore';

const root = mkdtempSync(join(tmpdir(), 'gru-runstore-'));
after(() => rmSync(root, { recursive: true, force: true }));
const enc = (s: string) => new TextEncoder().encode(s);

function run(id: string, status: RunSummary['status'] = 'running'): RunSummary {
  return {
    id, mode: 'finetune', status, startedAt: '2026-01-01T00:00:00Z', cells: ['gru'],
    settings: { timeBudgetSec: 1, epochs: 0, learningRate: 0.001, seqLength: 8, batchSize: 2, validationShare: 0.1, checkpointEverySec: 1, samplePrompt: '' },
    files: 1, bytes: 10, baseModel: 'bundled GRU 256', results: [], checkpoints: {}, curves: { gru: { train: [[1, 7.5]], val: [] } },
  };
}

test('atomic file writes leave no temporary files and replace the old content', async () => {
  const p = join(root, 'a', 'f.json');
  await writeFileAtomic(p, 'one');
  await writeFileAtomic(p, 'two');
  assert.equal(readFileSync(p, 'utf8'), 'two');
  assert.deepEqual(readdirSync(join(root, 'a')), ['f.json']);
});

test('a bare file or folder name (no folder part) is written in the current folder, with no stray folders', async (t) => {
  const dir = join(root, 'bare');
  mkdirSync(dir);
  const cwd = process.cwd();
  process.chdir(dir);
  t.after(() => process.chdir(cwd));
  await writeFileAtomic('run.json', '{}');
  await writeFolderAtomic('current', [{ name: 'model.json', data: enc('{}') }]);
  assert.deepEqual(readdirSync(dir).sort(), ['current', 'run.json']);
  assert.deepEqual(readdirSync(join(dir, 'current')), ['model.json']);
});

test('a folder is swapped whole: old files do not survive next to new ones', async () => {
  const dir = join(root, 'models', 'current');
  await writeFolderAtomic(dir, [{ name: 'model.json', data: enc('{"v":1}') }, { name: 'old.bin', data: enc('x') }]);
  await writeFolderAtomic(dir, [{ name: 'model.json', data: enc('{"v":2}') }]);
  assert.deepEqual(readdirSync(dir), ['model.json']);
  assert.equal(readFileSync(join(dir, 'model.json'), 'utf8'), '{"v":2}');
  assert.deepEqual(readdirSync(join(root, 'models')), ['current']);
  await assert.rejects(writeFolderAtomic(dir, [{ name: '../escape', data: enc('x') }]), /not a plain file name/);
  assert.equal(readFileSync(join(dir, 'model.json'), 'utf8'), '{"v":2}', 'a rejected write leaves the folder as it was');
});

test('runs round-trip with their curves; a run left running by a closed window reads as interrupted', async () => {
  const store = new RunStore(join(root, 'store'));
  await store.saveRun(run('20260101T000000-aaaa'));
  await store.saveRun(run('20260102T000000-bbbb', 'completed'));
  const runs = await store.listRuns();
  assert.deepEqual(runs.map((r) => r.id), ['20260102T000000-bbbb', '20260101T000000-aaaa']);
  assert.equal(runs[1].status, 'interrupted');
  assert.deepEqual(runs[1].curves, { gru: { train: [[1, 7.5]], val: [] } });
  const active = await store.listRuns(new Set(['20260101T000000-aaaa']));
  assert.equal(active[1].status, 'running');
});

test('curves saved longer than the panel accepts are read back thinned to the limit', async () => {
  const store = new RunStore(join(root, 'store-long'));
  const long = run('20260103T000000-cccc', 'completed');
  const points = Array.from({ length: 3 * LIMITS.curvePoints }, (_, i): [number, number] => [i, 5]);
  long.curves = { gru: { train: points, val: points.slice(0, 10) } };
  await store.saveRun(long);
  const [read] = await store.listRuns();
  assert.ok(read.curves.gru!.train.length <= LIMITS.curvePoints, String(read.curves.gru!.train.length));
  assert.deepEqual(read.curves.gru!.train[read.curves.gru!.train.length - 1], points[points.length - 1]);
  assert.equal(read.curves.gru!.val.length, 10);
  assert.equal(checkHostMessage({ type: 'runs', runs: [read], model: 'm' }).ok, true, 'the panel accepts them');
});

test('checkpoints become the current model; clearing goes back to none', async () => {
  const store = new RunStore(join(root, 'store2'));
  const id = RunStore.newId();
  assert.match(id, /^\d{8}T\d{6}-[0-9a-f]{4}$/);
  await store.saveCheckpoint(id, 'gru', [{ name: 'weights.bin', data: new Uint8Array([1, 2, 3]) }]);
  await store.activate(id, 'gru');
  assert.deepEqual((await readFolder(store.currentModelDir))?.map((f) => [f.name, [...f.data]]), [['weights.bin', [1, 2, 3]]]);
  await store.clearCurrentModel();
  assert.equal(existsSync(store.currentModelDir), false);
  await assert.rejects(store.activate(id, 'lstm'), /no lstm checkpoint/);
  assert.throws(() => store.runDir('../../etc'), /invalid run id/);
});

test('leftovers of an interrupted write are swept when runs are listed', async () => {
  const store = new RunStore(join(root, 'store3'));
  mkdirSync(join(root, 'store3', 'models', '.current.tmp-123-deadbeef'), { recursive: true });
  writeFileSync(join(root, 'store3', 'models', '.current.tmp-123-deadbeef', 'model.json'), '{');
  await store.listRuns();
  assert.deepEqual(readdirSync(join(root, 'store3', 'models')), []);
});
