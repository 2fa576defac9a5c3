// The sentiment worker's client: a cancel reaches a long analysis in the real worker, and a worker that
// does not acknowledge a cancel is replaced.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { SentimentWorkerClient } from '../../../src/sentiment/client';

// This bundle runs from out/test/unit/sentiment/.
const ROOT = join(__dirname, '..', '..', '..', '..');
const WORKER = join(ROOT, 'dist', 'workers', 'sentimentWorker.js');
const MODELS = { en: join(ROOT, 'models', 'sentiment'), zh: join(ROOT, 'models', 'sentiment-zh') };
const request = { languageId: 'plaintext', offset: 0, priority: [] as Array<[number, number]>, batchSize: 128 };

const dirs: string[] = [];
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

test('a cancel stops a long analysis between batches', { timeout: 120_000 }, async () => {
  const client = new SentimentWorkerClient(WORKER, MODELS, { cancelGraceMs: 600_000 });
  try {
    // One paragraph of a megabyte: many sentences, and one without an end in the middle of them.
    const sentence = (i: number) => `In scene ${i} the film was ${i % 3 ? 'wonderful' : 'dull'} and the cast ${i % 2 ? 'shone' : 'struggled'}.`;
    const text = [...Array.from({ length: 8000 }, (_, i) => sentence(i)), 'and on and on '.repeat(20_000), ...Array.from({ length: 8000 }, (_, i) => sentence(i + 8000))].join(' ');
    let planned = 0;
    let results = 0;
    let cancelledAfter = -1;
    const run = client.analyze({ ...request, text }, {
      onPlan: (n) => { planned = n; },
      onResults: (scored, skipped) => {
        results += scored.length + skipped.length;
        if (cancelledAfter < 0) {
          cancelledAfter = results;
          client.cancel(run.id);
        }
      },
    });
    assert.equal(await run.finished, true, 'the analysis ends as cancelled');
    assert.ok(planned > 15_000, `${planned} sentences planned`);
    assert.ok(results < planned / 2, `stopped after ${results} of ${planned} sentences`);
    // The same worker carries on.
    const next = client.analyze({ ...request, text: 'A wonderful film.' }, { onPlan: () => undefined, onResults: () => undefined });
    assert.equal(await next.finished, false);
  } finally {
    client.dispose();
  }
});

test('a worker that does not acknowledge a cancel is replaced, and the analysis ends as cancelled', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gru-scribe-sentiment-worker-'));
  dirs.push(dir);
  const starts = join(dir, 'starts');
  writeFileSync(starts, '');
  const worker = join(dir, 'stuckWorker.js');
  // Answers a load; analyzing "hang" sends a plan, then blocks its thread for good (without using a core).
  writeFileSync(worker, `
const { parentPort } = require('node:worker_threads');
require('node:fs').appendFileSync(${JSON.stringify(starts)}, 'x');
parentPort.on('message', (m) => {
  if (m.type === 'load') parentPort.postMessage({ type: 'loaded', id: m.id, neutralBands: { en: [0.4, 0.6], zh: [0.4, 0.6] } });
  if (m.type !== 'analyze') return;
  parentPort.postMessage({ type: 'plan', id: m.id, sentences: 1, skipped: [] });
  if (m.text === 'hang') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  parentPort.postMessage({ type: 'results', id: m.id, scored: [{ start: 0, end: m.text.length, score: 0.9, language: 'en' }], skipped: [] });
  parentPort.postMessage({ type: 'done', id: m.id, cancelled: false });
});`);
  const client = new SentimentWorkerClient(worker, { en: dir, zh: dir }, { cancelGraceMs: 300 });
  try {
    let planned!: () => void;
    const plan = new Promise<void>((resolve) => { planned = resolve; });
    const stuck = client.analyze({ ...request, text: 'hang' }, { onPlan: () => planned(), onResults: () => undefined });
    await plan;
    client.cancel(stuck.id);
    assert.equal(await stuck.finished, true);
    let scored = 0;
    const next = client.analyze({ ...request, text: 'fine' }, { onPlan: () => undefined, onResults: (s) => { scored += s.length; } });
    assert.equal(await next.finished, false);
    assert.equal(scored, 1);
    assert.equal(readFileSync(starts, 'utf8').length, 2, 'a new worker answered');
  } finally {
    client.dispose();
  }
});
