// The webview's run (webview/trainRun.ts) with its collaborators replaced: what it posts, and that the model
// it starts from is freed however the run ends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CellResult, RunSummary, WebviewMessage } from '../../../src/training/protocol';
import type { CellRunOptions } from '../../../webview/cellRunner';
import { RunSession } from '../../../webview/runSession';
import { trainRun, type TrainRunDeps } from '../../../webview/trainRun';

const run: RunSummary = {
  id: 'r1', mode: 'finetune', status: 'running', startedAt: '2026-01-01T00:00:00Z', cells: ['gru'],
  settings: { timeBudgetSec: 5, epochs: 0, learningRate: 0.001, seqLength: 8, batchSize: 2, validationShare: 0.25, checkpointEverySec: 5, samplePrompt: '' },
  files: 2, bytes: 9, baseModel: 'bundled GRU', results: [], checkpoints: {}, curves: {},
};

function harness(runCell: (o: CellRunOptions) => Promise<CellResult>) {
  const posted: WebviewMessage[] = [];
  const freed: string[] = [];
  const seen: CellRunOptions[] = [];
  const noop = () => undefined;
  const deps: TrainRunDeps = {
    view: { setRunning: noop, setMessage: noop, setProgress: noop, setLoss: noop, addSample: noop, setResults: noop },
    chartPoint: noop,
    post: (m) => { posted.push(m); },
    startBackend: async () => 'cpu',
    loadBase: async () => ({ config: { cell: 'gru', embedDim: 2, hiddenSize: 2, layers: 1 }, weights: [], dispose: () => { freed.push('base'); } }),
    runCell: (o) => { seen.push(o); return runCell(o); },
  };
  const session = new RunSession(run.id);
  session.model = [{ name: 'model.json', data: new Uint8Array(1) }];
  session.addFiles(1, [new TextEncoder().encode('third')]);
  session.addFiles(0, [new TextEncoder().encode('one'), new TextEncoder().encode('2')]);
  return { deps, session, posted, freed, seen };
}

test('the starting model is freed when a cell throws, and the run is reported failed', async () => {
  const h = harness(async () => { throw new Error('out of memory'); });
  await trainRun(run, 0, h.session, h.deps);
  assert.deepEqual(h.freed, ['base']);
  const finished = h.posted.find((m) => m.type === 'finished');
  assert.deepEqual(finished, { type: 'finished', runId: 'r1', status: 'failed', results: [], message: 'out of memory' });
});

test('the starting model is freed after a run that completes, and the files arrive as documents in order', async () => {
  const h = harness(async (o) => ({ cell: o.config.cell, beforeBpb: 4, afterBpb: 3, steps: 7 }));
  await trainRun(run, 0, h.session, h.deps);
  assert.deepEqual(h.freed, ['base']);
  const { train, val } = h.seen[0].docs;
  const text = (docs: { bytes: Uint8Array }[]) => docs.map((d) => new TextDecoder().decode(d.bytes));
  // Each file ends with a blank line; the last quarter of each is held out.
  assert.deepEqual(text(train).map((s, i) => s + (text(val)[i] ?? '')), ['one\n\n', '2\n\n', 'third\n\n']);
  assert.equal(h.posted.find((m) => m.type === 'finished')?.type, 'finished');
});
