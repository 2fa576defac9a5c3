// "GRU Scribe: Analyze Sentiment" and "Clear Sentiment Annotations": sentences of the document (or the
// selection) classified in a worker thread, visible part first, drawn as decorations that follow edits.
// Wires the parts: the store (./store), the scheduler (./scheduler), the view (./view), the commands
// (./commands).
import { join } from 'node:path';
import * as vscode from 'vscode';
import { SentimentWorkerClient } from './client';
import { registerSentimentCommands } from './commands';
import { SentimentScheduler } from './scheduler';
import { readSentimentSettings } from './settings';
import { SentimentStore, type AnnotationsSnapshot } from './store';
import { SentimentView } from './view';

export type { AnalyzeResult } from './scheduler';

/** What the extension's API offers of the sentiment feature (to other extensions and the integration tests). */
export interface SentimentApi {
  /** A document's current annotations, and whether an analysis of it is under way; undefined when it has none. */
  annotations(uri: vscode.Uri): (AnnotationsSnapshot & { running: boolean }) | undefined;
}

/** Registers the commands; returns the API (for tests and other extensions) and the worker's client, which "Look Inside the Model" asks too. */
export function registerSentiment(context: vscode.ExtensionContext): { api: SentimentApi; client: SentimentWorkerClient } {
  const client = new SentimentWorkerClient(
    join(context.extensionPath, 'dist', 'workers', 'sentimentWorker.js'),
    { en: join(context.extensionPath, 'models', 'sentiment'), zh: join(context.extensionPath, 'models', 'sentiment-zh') },
    { onKeepsCrashing: (error) => void vscode.window.showErrorMessage(vscode.l10n.t('GRU Scribe: the sentiment worker keeps stopping ({0}). It is started again after a pause that grows each time it stops.', error.message)) },
  );
  const store = new SentimentStore();
  const view = new SentimentView(store);
  const scheduler = new SentimentScheduler(client, store, view);
  context.subscriptions.push(
    view,
    scheduler,
    { dispose: () => client.dispose() },
    ...registerSentimentCommands(scheduler, view),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('gruScribe.sentiment')) return;
      store.settings = readSentimentSettings();
      view.redrawAll();
    }),
  );
  return {
    api: {
      annotations(uri) {
        const state = store.get(uri);
        return state ? { ...store.snapshot(state), running: state.running !== undefined } : undefined;
      },
    },
    client,
  };
}
