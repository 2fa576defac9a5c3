// Runs last: after every other suite has exercised the extension, none of its code used the network, in the
// extension host's thread or in the worker threads it started.
import * as assert from 'node:assert/strict';
import http from 'node:http';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { GruScribeApi } from '../../src/extension';
import { networkAttempts, watchCallsFrom, workerReports, type NetworkAttempt } from './networkGuard';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Workers report over a channel, so what they send arrives a little later: polls `read` until `done` (at most 20 s). */
async function until<T>(read: () => T, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 200 && !done(read()); i++) await sleep(100);
  return read();
}

suite('privacy', () => {
  test('the network guard sees a request when one is made', async () => {
    const before = networkAttempts().length;
    const stop = watchCallsFrom(__filename);
    try {
      await new Promise<void>((resolve) => {
        http.get('http://127.0.0.1:9/', () => resolve()).on('error', () => resolve());
      });
    } finally {
      stop();
    }
    const seen = networkAttempts().slice(before);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].api, 'http.get');
    // Forget the self-test's own request so the next test judges only the extension.
    (networkAttempts() as unknown[]).splice(before);
  });

  test('the network guard sees requests made from a worker thread', async () => {
    const probe = join(__dirname, 'networkProbeWorker.js');
    const before = networkAttempts().length;
    const stop = watchCallsFrom(probe);
    try {
      const worker = new Worker(probe);
      await new Promise((resolve, reject) => worker.once('message', resolve).once('error', reject));
      await worker.terminate();
      // http.get goes on to net.createConnection, which is seen too.
      const fromWorker = (attempts: readonly NetworkAttempt[]) => new Set(attempts.filter((a) => a.thread === 'worker thread').map((a) => a.api));
      const apis = await until(() => fromWorker(networkAttempts().slice(before)), (s) => s.has('fetch') && s.has('http.get'));
      assert.ok(apis.has('fetch') && apis.has('http.get'), [...apis].join(', '));
    } finally {
      stop();
      await sleep(200); // the last reports in flight
      (networkAttempts() as unknown[]).splice(before);
    }
  });

  test('each worker GRU Scribe starts has fetch and WebSocket refused by the extension', async () => {
    // A completion and an analysis, so both workers have run even when this suite runs alone.
    const api = await vscode.extensions.getExtension<GruScribeApi>('gru-scribe.gru-scribe')!.activate();
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: 'A fine day by the river. The weather was co' });
    const editor = await vscode.window.showTextDocument(doc);
    const end = doc.positionAt(doc.getText().length);
    editor.selection = new vscode.Selection(end, end);
    await api.completions.provider.provideInlineCompletionItems(doc, end,
      { triggerKind: vscode.InlineCompletionTriggerKind.Invoke, selectedCompletionInfo: undefined }, new vscode.CancellationTokenSource().token);
    await vscode.commands.executeCommand('gruScribe.analyzeSentiment', doc.uri);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    const scripts = [join(api.extensionPath, 'dist', 'workers', 'lmWorker.js'), join(api.extensionPath, 'dist', 'workers', 'sentimentWorker.js')];
    const reports = await until(() => workerReports(), (r) => scripts.every((s) => r.some((x) => x.script === s)));
    for (const script of scripts) {
      const mine = reports.filter((r) => r.script === script);
      assert.ok(mine.length > 0, `${script} was not started through the guard`);
      for (const r of mine) {
        assert.match(r.fetch, /^GRU Scribe makes no network requests \(refused to fetch /, `${script}: fetch`);
        assert.match(r.webSocket, /^GRU Scribe makes no network requests \(refused to open a WebSocket /, `${script}: WebSocket`);
      }
    }
  });

  test('no network request came from GRU Scribe during the whole integration run', () => {
    const attempts = networkAttempts();
    assert.deepEqual(attempts.map((a) => `${a.thread}: ${a.api} ${a.target}`), [],
      attempts.map((a) => a.stack).join('\n\n'));
  });
});
