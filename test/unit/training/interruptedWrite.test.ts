// A process killed in the middle of saving a model folder: the next start finds a complete model, never none.
// The test runs a copy of this file as a child process that saves a folder and is killed (SIGKILL) at a
// chosen rename of the save; the parent then looks at what is on disk and what the store recovers.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, promises, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { RunStore, type ModelFile } from '../../../src/training/runStore';

const enc = (s: string) => new TextEncoder().encode(s);
const version = (v: string): ModelFile[] => ['metadata.json', 'model.json', 'weights.bin'].map((name) => ({ name, data: enc(`${name} ${v}`) }));

/** The child is killed when a rename from `from` or onto `to` starts. */
interface ChildJob { root: string; v: string; from?: string; to?: string }
const job = process.env.GRU_SCRIBE_INTERRUPTED_WRITE;

if (job) {
  // The child: saves `v` as the current model and dies the moment the chosen rename starts.
  const { root, v, from, to } = JSON.parse(job) as ChildJob;
  const rename = promises.rename;
  promises.rename = async (a, b) => {
    if (resolve(String(a)) === from || resolve(String(b)) === to) process.kill(process.pid, 'SIGKILL');
    return rename(a, b);
  };
  void new RunStore(root).setCurrentModel(version(v));
} else {
  const root = mkdtempSync(join(tmpdir(), 'gru-interrupted-'));
  test.after(() => rmSync(root, { recursive: true, force: true }));

  /** Saves `v` in a child process that is killed at the chosen rename. */
  const killedSave = (store: string, v: string, at: { from?: string; to?: string }) => {
    const r = spawnSync(process.execPath, [__filename], {
      env: { ...process.env, GRU_SCRIBE_INTERRUPTED_WRITE: JSON.stringify({ root: store, v, ...at } satisfies ChildJob) },
      encoding: 'utf8', timeout: 60_000,
    });
    assert.equal(r.signal, 'SIGKILL', `the child was not killed: ${r.status} ${r.stderr}`);
  };
  const current = (store: RunStore) => readFileSync(join(store.currentModelDir, 'model.json'), 'utf8');

  test('killed between setting the old folder aside and renaming the new one in: the new model is restored', async () => {
    const dir = join(root, 'between');
    const store = new RunStore(dir);
    await store.setCurrentModel(version('1'));
    killedSave(dir, '2', { to: store.currentModelDir });
    assert.equal(existsSync(store.currentModelDir), false, 'the crash left no current folder');
    await new RunStore(dir).listRuns(); // what a new window does when the panel opens
    assert.equal(current(store), 'model.json 2');
    assert.deepEqual(readdirSync(store.currentModelDir).sort(), ['metadata.json', 'model.json', 'weights.bin']);
    assert.deepEqual(readdirSync(join(dir, 'models')), ['current'], 'no leftovers');
  });

  test('killed before the old folder was set aside: the old model stays, the unfinished one is removed', async () => {
    const dir = join(root, 'before');
    const store = new RunStore(dir);
    await store.setCurrentModel(version('1'));
    const staged = () => readdirSync(join(dir, 'models')).find((n) => n !== 'current');
    killedSave(dir, '2', { from: store.currentModelDir });
    assert.ok(staged(), 'the crash left the staged folder');
    assert.equal(current(store), 'model.json 1');
    await new RunStore(dir).listRuns();
    assert.equal(current(store), 'model.json 1');
    assert.equal(staged(), undefined, 'no leftovers');
  });
}
