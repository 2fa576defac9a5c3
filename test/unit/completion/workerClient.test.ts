// The real worker thread with a tiny random model: loading with fallback, completions, cancellation, cleanup.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LmWorkerClient } from '../../../src/completion/worker/client';
import { MAX_SUFFIX_CHARS, type LoadedModel } from '../../../src/completion/worker/protocol';
import { removeTempDirs, tempDir, tinyModelFolder } from '../cli/lmFixture';

// This bundle runs from out/test/unit/completion/.
const WORKER = join(__dirname, '..', '..', '..', '..', 'dist', 'workers', 'lmWorker.js');
const options = { maxBytes: 16, multiline: false, temperature: 0 };

after(removeTempDirs);

test('worker: falls back from a broken fine-tuned model, completes, cancels, and holds no tensors', async () => {
  const bundled = await tinyModelFolder();
  const broken = join(tempDir(), 'current');
  mkdirSync(broken);
  writeFileSync(join(broken, 'model.json'), '{ not json');
  const loaded: LoadedModel[] = [];
  const client = new LmWorkerClient({
    workerPath: WORKER,
    candidates: () => [{ kind: 'fine-tuned', dir: broken }, { kind: 'bundled', dir: bundled }],
    onLoaded: (m) => loaded.push(m),
  });
  try {
    const model = await client.ensureModel();
    assert.equal(model.kind, 'bundled');
    assert.match(model.warning ?? '', /fine-tuned model could not be loaded/);
    assert.equal(loaded.length, 1);

    const request = { uri: 'file:///a.txt', windowStart: 0, text: 'The cat sat on the ', lineSuffix: '', options };
    const first = await client.complete(request).reply;
    assert.equal(first.cancelled, false);
    assert.equal(first.timings.fedBytes, request.text.length);
    const again = await client.complete(request).reply;
    assert.equal(again.text, first.text, 'greedy decoding is deterministic');
    assert.equal(again.timings.fedBytes, 0, 'the state at the cursor was cached');

    // A newer request makes the older one stale; cancel() makes the newest one stale.
    const older = client.complete({ ...request, text: 'x'.repeat(1500) });
    const newer = client.complete({ ...request, text: 'The dog ' });
    assert.equal((await older.reply).cancelled, true);
    assert.equal((await newer.reply).cancelled, false);
    const cancelled = client.complete({ ...request, uri: 'file:///b.txt', text: 'y'.repeat(1500) });
    client.cancel(cancelled.id);
    assert.equal((await cancelled.reply).cancelled, true);

    // An edit near the end re-reads from the snapshot before it, not the whole text.
    const long = 'A line of text for the worker to read.\n'.repeat(8);
    await client.complete({ ...request, text: long }).reply;
    client.documentChanged(request.uri, [{ offset: long.length - 20, removed: 4, inserted: 4 }]);
    const edited = await client.complete({ ...request, text: long.slice(0, -20) + 'WXYZ' + long.slice(-16) }).reply;
    assert.ok(edited.timings.fedBytes >= 20 && edited.timings.fedBytes <= 20 + 64, `re-read ${edited.timings.fedBytes} bytes`);

    const stats = await client.stats();
    assert.equal(stats.tensors, 0, 'the tfjs model is disposed once the decoder has its weights');
    assert.equal(stats.documents, 1, 'b.txt was cancelled before the worker saw it');
  } finally {
    client.dispose();
    for (const dir of [bundled, broken]) rmSync(dirname(dir), { recursive: true, force: true });
  }
});

test('worker: a request fails cleanly when no model loads, and the next one tries again', async () => {
  const empty = tempDir();
  const client = new LmWorkerClient({ workerPath: WORKER, candidates: () => [{ kind: 'bundled', dir: join(empty, 'missing') }] });
  try {
    await assert.rejects(client.complete({ uri: 'u', windowStart: 0, text: 'a', lineSuffix: '', options }).reply, /model folder not found/);
    await assert.rejects(client.ensureModel(), /model folder not found/);
  } finally {
    client.dispose();
    rmSync(empty, { recursive: true, force: true });
  }
});

/**
 * A stand-in worker: it counts its starts in `starts`, and at each message reads `mode`: "crash" throws
 * (an uncaught error ends the thread), "ok" answers loads and completions (a completion's text is the
 * length of the line suffix it was sent, or a crash when its text is "crash").
 */
function fakeWorker(dir: string): { path: string; starts: () => number; setMode: (mode: 'crash' | 'ok') => void } {
  const path = join(dir, 'fakeLmWorker.js');
  const startsFile = join(dir, 'starts');
  const modeFile = join(dir, 'mode');
  writeFileSync(startsFile, '');
  writeFileSync(modeFile, 'crash');
  writeFileSync(path, `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
fs.appendFileSync(${JSON.stringify(startsFile)}, 'x');
parentPort.on('message', (m) => {
  if (fs.readFileSync(${JSON.stringify(modeFile)}, 'utf8') === 'crash' || m.text === 'crash') throw new Error('boom');
  if (m.type === 'load') parentPort.postMessage({ type: 'loaded', id: m.id, model: { kind: 'bundled', dir: '', description: 'fake' } });
  if (m.type === 'complete') parentPort.postMessage({ type: 'completion', id: m.id, text: String(m.lineSuffix.length), cancelled: false, timings: { fedBytes: 0, feedMs: 0, generateMs: 0 } });
});`);
  return { path, starts: () => readFileSync(startsFile, 'utf8').length, setMode: (mode) => writeFileSync(modeFile, mode) };
}

test('a crashing worker is started again at once, then after pauses that double up to a cap; the user is told once', async () => {
  const dir = tempDir();
  const fake = fakeWorker(dir);
  let now = 0;
  const warnings: string[] = [];
  const crashes: string[] = [];
  const client = new LmWorkerClient({
    workerPath: fake.path,
    candidates: () => [],
    onCrash: (e) => crashes.push(e.message),
    onKeepsCrashing: (e) => warnings.push(e.message),
    restartPolicy: { firstPauseMs: 1000, maxPauseMs: 4000, healthyMs: 60_000, warnAfter: 3 },
    now: () => now,
  });
  const paused = /stopped \d+ times in a row; it starts again in/;
  try {
    await assert.rejects(client.ensureModel(), /boom/);
    await assert.rejects(client.ensureModel(), /boom/, 'started again at once after the first crash');
    assert.equal(fake.starts(), 2);
    await assert.rejects(client.ensureModel(), paused, 'a pause after the second crash');
    now += 999;
    await assert.rejects(client.ensureModel(), paused);
    assert.equal(fake.starts(), 2, 'no worker is started during the pause');
    now += 1;
    await assert.rejects(client.ensureModel(), /boom/);
    assert.deepEqual(warnings, ['boom'], 'told after the third crash in a row');
    // The pauses double (2 s, then 4 s) and stay at the cap.
    for (const pause of [2000, 4000, 4000]) {
      now += pause - 1;
      await assert.rejects(client.ensureModel(), paused);
      now += 1;
      await assert.rejects(client.ensureModel(), /boom/);
    }
    assert.equal(fake.starts(), 6);
    assert.equal(warnings.length, 1, 'told only once');
    assert.equal(crashes.length, 6);

    // A worker that works for a healthy while: its next crash counts as a first one again.
    fake.setMode('ok');
    now += 4000;
    await client.ensureModel();
    now += 60_000;
    const request = { uri: 'u', windowStart: 0, text: 'crash', lineSuffix: '', options };
    await assert.rejects(client.complete(request).reply, /boom/);
    assert.equal((await client.complete({ ...request, text: 'fine' }).reply).text, '0', 'started again at once');
    assert.equal(fake.starts(), 8);
  } finally {
    client.dispose();
  }
});

test('a request carries at most MAX_SUFFIX_CHARS of the line after the cursor', async () => {
  const fake = fakeWorker(tempDir());
  fake.setMode('ok');
  const client = new LmWorkerClient({ workerPath: fake.path, candidates: () => [] });
  try {
    const reply = await client.complete({ uri: 'u', windowStart: 0, text: 'a', lineSuffix: ')'.repeat(1_000_000), options }).reply;
    assert.equal(reply.text, String(MAX_SUFFIX_CHARS));
  } finally {
    client.dispose();
  }
});
