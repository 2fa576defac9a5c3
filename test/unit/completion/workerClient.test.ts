// The real worker thread with a tiny random model: loading with fallback, completions, cancellation, cleanup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LmWorkerClient } from '../../../src/completion/worker/client';
import type { LoadedModel } from '../../../src/completion/worker/protocol';
import { tempDir, tinyModelFolder } from '../cli/lmFixture';

// This bundle runs from out/test/unit/completion/.
const WORKER = join(__dirname, '..', '..', '..', '..', 'dist', 'workers', 'lmWorker.js');
const options = { maxBytes: 16, multiline: false, temperature: 0 };

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
