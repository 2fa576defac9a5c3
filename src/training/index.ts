// Registers the training panel, its serializer and the model commands.
import * as vscode from 'vscode';
import { TrainingController, type TrainingHooks } from './controller';
import { exportModel, importModel, useBundledModel } from './modelCommands';
import { TrainingPanel, VIEW_TYPE } from './panel';
import { RunStore } from './runStore';

export type { TrainingHooks } from './controller';

/** Where runs and fine-tuned models live: the workspace's extension storage (global storage without a workspace). */
export function trainingStore(context: vscode.ExtensionContext): RunStore {
  return new RunStore((context.storageUri ?? context.globalStorageUri).fsPath);
}

export function registerTrainingPanel(context: vscode.ExtensionContext, hooks: TrainingHooks): void {
  const store = trainingStore(context);
  let current: TrainingPanel | undefined;

  const attach = (panel: vscode.WebviewPanel | undefined): TrainingPanel => {
    let controller: TrainingController | undefined;
    const handler = {
      onMessage: (m: Parameters<TrainingController['handle']>[0]) => controller!.handle(m),
      onInvalidMessage: (error: string) => console.warn(`[training panel] rejected a message: ${error}`),
      onDispose: () => { void controller?.dispose(); if (current === tp) current = undefined; },
    };
    const tp = panel ? new TrainingPanel(panel, context.extensionUri, handler) : TrainingPanel.create(context.extensionUri, handler);
    controller = new TrainingController(context.extensionPath, store, (m) => tp.post(m), hooks);
    current = tp;
    return tp;
  };

  const guarded = <A extends unknown[]>(f: (...a: A) => Promise<unknown>) => async (...a: A) => {
    try { await f(...a); } catch (e) { void vscode.window.showErrorMessage(vscode.l10n.t('GRU Scribe: {0}', (e as Error).message)); }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('gruScribe.openTrainingPanel', () => {
      if (current) current.reveal(); else attach(undefined);
    }),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
        if (current) { panel.dispose(); current.reveal(); return; }
        attach(panel);
      },
    }),
    vscode.commands.registerCommand('gruScribe.useBundledModel', guarded(() => useBundledModel(store, hooks))),
    vscode.commands.registerCommand('gruScribe.exportModel', guarded(() => exportModel(store, context.extensionPath))),
    vscode.commands.registerCommand('gruScribe.importModel', guarded((folder?: vscode.Uri) => importModel(store, hooks, folder))),
    { dispose: () => current?.dispose() },
  );
}
