// Registers inline completions: provider, worker, status bar, toggle, and the model hot-swap the training panel uses.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { recoverFolder } from '../fs/atomicWrite';
import { GruInlineCompletionProvider } from './provider';
import { showCompletionsMenu, snoozeCommand, toggleLanguage } from './menu';
import { RequestLog } from './requestLog';
import { Snooze } from './snooze';
import { StatisticsTracker } from './statisticsView';
import { isLanguageEnabled, readSettings, type CompletionSettings } from './settings';
import { CompletionStatusBar, type CompletionState } from './statusBar';
import { toggleInlineCompletions } from './toggle';
import { LmWorkerClient } from './worker/client';
import type { LoadedModel, ModelCandidate, WorkerStats } from './worker/protocol';

export interface CompletionsApi {
  readonly provider: GruInlineCompletionProvider;
  /** Each request's outcome and cost, and each edit's cost (for the benchmarks and the tests). */
  readonly requestLog: RequestLog;
  /** Where a fine-tuned model is looked for (the training panel saves it there). */
  readonly fineTunedModelDir: string;
  /** Loads the workspace's fine-tuned model (or the bundled one) again; call after saving or removing one. */
  reloadModel(): Promise<LoadedModel>;
  readonly onDidChangeModel: vscode.Event<LoadedModel>;
  /** The model in use, once one has been loaded (activation loads none). */
  modelInfo(): LoadedModel | undefined;
  status(): { state: CompletionState; kind: LoadedModel['kind']; text: string; snoozedUntil?: number; tooltip: string };
  readonly snooze: Snooze;
  readonly statistics: StatisticsTracker;
  workerStats(): Promise<WorkerStats>;
  /** The language-model worker, shared with "Look Inside the Model" and "Highlight Surprising Lines". */
  readonly worker: LmWorkerClient;
  /** Bits per byte of `text` read afresh with the weights the worker has adapted for document `uri` (tests). */
  scoreText(uri: vscode.Uri, text: string): Promise<number>;
}

/** Where the training panel saves the fine-tuned model (see src/training/runStore.ts). */
export function fineTunedModelDir(context: vscode.ExtensionContext): string {
  return join((context.storageUri ?? context.globalStorageUri).fsPath, 'models', 'current');
}

export function registerCompletions(context: vscode.ExtensionContext): CompletionsApi {
  const fineTuned = fineTunedModelDir(context);
  const bundled = join(context.extensionPath, 'models', 'lm');
  const candidates = async (): Promise<ModelCandidate[]> => {
    // A save of the fine-tuned model that a crash interrupted is finished (or undone) before it is looked for.
    await recoverFolder(fineTuned).catch(() => undefined);
    return [...(existsSync(fineTuned) ? [{ kind: 'fine-tuned' as const, dir: fineTuned }] : []), { kind: 'bundled', dir: bundled }];
  };

  let settings: CompletionSettings = readSettings();
  const statusBar = new CompletionStatusBar();
  statusBar.setModel(existsSync(fineTuned) ? 'fine-tuned' : 'bundled', '');
  const showEnabled = () => statusBar.setState(settings.enabled ? 'ready' : 'off');
  showEnabled();
  statusBar.setLearning(settings.learnFromDocument);

  const modelChanged = new vscode.EventEmitter<LoadedModel>();
  const client = new LmWorkerClient({
    workerPath: join(context.extensionPath, 'dist', 'workers', 'lmWorker.js'),
    candidates,
    onLoaded: (model) => {
      statusBar.setModel(model.kind, model.description);
      if (model.warning) void vscode.window.showWarningMessage(vscode.l10n.t('GRU Scribe: the preferred model could not be loaded, so completions use the {0} model. Details: {1}', model.kind === 'fine-tuned' ? vscode.l10n.t('fine-tuned') : vscode.l10n.t('bundled'), model.warning));
      if (model.memoryWarning) void vscode.window.showWarningMessage(vscode.l10n.t('GRU Scribe: completions work without the fine-tuned model\'s memory of its training files: {0}', model.memoryWarning));
      modelChanged.fire(model);
    },
    onCrash: (error) => statusBar.setState('error', vscode.l10n.t('The language-model worker stopped: {0}', error.message)),
    onKeepsCrashing: (error) => void vscode.window.showErrorMessage(vscode.l10n.t('GRU Scribe: the language-model worker keeps stopping ({0}). Completions start it again after a pause that grows each time it stops.', error.message)),
  });
  // While snoozed the status bar counts down each minute; the snooze ends by itself.
  let countdown: ReturnType<typeof setInterval> | undefined;
  const snooze = new Snooze((until) => {
    clearInterval(countdown);
    const show = () => statusBar.setSnooze(until === undefined ? undefined : { until, minutesLeft: snooze.minutesLeft() });
    show();
    if (until !== undefined) countdown = setInterval(show, 15_000);
  });
  const requestLog = new RequestLog();
  client.setAdaptation(settings.learnFromDocument);
  const provider = new GruInlineCompletionProvider(client, () => settings, (state, problem) => {
    statusBar.setState(settings.enabled ? state : 'off', problem);
  }, requestLog, () => snooze.active);
  const statistics = new StatisticsTracker(context.globalState, requestLog);

  // The worker starts and the model loads when an editor that completions serve comes to the front, so
  // that the first suggestion does not wait for them; a failure here is reported by the first request.
  const warmUp = (editor: vscode.TextEditor | undefined) => {
    if (!editor || client.model || editor.document.uri.scheme === 'output') return;
    if (!settings.enabled || !isLanguageEnabled(settings, editor.document.languageId)) return;
    client.ensureModel().catch(() => undefined);
  };
  warmUp(vscode.window.activeTextEditor);

  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(warmUp),
    statusBar,
    modelChanged,
    { dispose: () => client.dispose() },
    vscode.languages.registerInlineCompletionItemProvider({ pattern: '**' }, provider),
    vscode.commands.registerCommand('gruScribe.toggleInlineCompletions', toggleInlineCompletions),
    vscode.commands.registerCommand('gruScribe.showCompletionsMenu', () => showCompletionsMenu(settings, snooze)),
    vscode.commands.registerCommand('gruScribe.snoozeCompletions', (minutes?: unknown) => snoozeCommand(snooze, minutes)),
    vscode.commands.registerCommand('gruScribe.resumeCompletions', () => snooze.cancel()),
    vscode.commands.registerCommand('gruScribe.toggleCompletionsForLanguage', async () => {
      const languageId = vscode.window.activeTextEditor?.document.languageId;
      if (languageId) await toggleLanguage(settings, languageId);
    }),
    { dispose: () => { clearInterval(countdown); snooze.dispose(); } },
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('gruScribe.completions') && !e.affectsConfiguration('editor.inlineSuggest')) return;
      settings = readSettings();
      provider.cache.clear();
      showEnabled();
      client.setAdaptation(settings.learnFromDocument);
      statusBar.setLearning(settings.learnFromDocument);
      statusBar.readEditorSetting();
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      provider.documentChanged(e);
      statistics.documentChanged(e);
    }),
    statistics,
    vscode.commands.registerCommand('gruScribe.showStatistics', () => statistics.show()),
    vscode.commands.registerCommand('gruScribe.resetStatistics', () => statistics.reset()),
    vscode.workspace.onDidCloseTextDocument((d) => provider.documentClosed(d)),
  );

  return {
    provider,
    requestLog,
    fineTunedModelDir: fineTuned,
    async reloadModel() {
      provider.cache.clear();
      return client.reload();
    },
    onDidChangeModel: modelChanged.event,
    modelInfo: () => client.model,
    status: () => statusBar.current,
    snooze,
    statistics,
    workerStats: () => client.stats(),
    worker: client,
    scoreText: (uri, text) => client.score(uri.toString(), text),
  };
}
