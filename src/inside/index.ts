// "GRU Scribe: Look Inside the Model": a panel beside the editor that follows the active editor and its
// cursor. The host picks the window (./window) and passes text and results along; the model runs in the
// language-model worker, which reads a changed window again only from its first change.
import * as vscode from 'vscode';
import type { LmWorkerClient } from '../completion/worker/client';
import type { SentimentWorkerClient } from '../sentiment/client';
import { INSIDE_VIEW_TYPE, InsidePanel } from './panel';
import type { InsideWebviewMessage } from './protocol';
import { ownBytes } from '../panels/bytes';
import { chooseWindow, type TextWindow, type WindowSource } from './window';

/** What was last sent to the panel. */
interface Shown extends TextWindow {
  uri: string;
  text: string;
  key: string;
}

export interface InsideApi {
  /** Milliseconds of the extension host's thread per panel update (the last few), for the tests and benchmarks. */
  readonly hostMs: number[];
}

function documentSource(doc: vscode.TextDocument): WindowSource {
  const last = doc.lineAt(doc.lineCount - 1).range.end;
  return { length: doc.offsetAt(last), text: (start, end) => doc.getText(new vscode.Range(doc.positionAt(start), doc.positionAt(end))) };
}

export function registerInside(context: vscode.ExtensionContext, worker: LmWorkerClient, sentiment: SentimentWorkerClient): InsideApi {
  let panel: InsidePanel | undefined;
  let editor: vscode.TextEditor | undefined;
  let shown: Shown | undefined;
  let busy = false;
  let pending = false;
  /** Whether the webview has said it is ready: before that, an update only has the worker read the window. */
  let ready = false;
  let selectedUnit: number | undefined;
  const hostMs: number[] = [];
  const timed = <T>(f: () => T): T => {
    const t0 = performance.now();
    try { return f(); } finally { hostMs.push(performance.now() - t0); if (hostMs.length > 50) hostMs.shift(); }
  };

  /** The sentence at the cursor as the sentiment classifier reads it: one request at a time, the newest next. */
  let sentenceAsked: { text: string; languageId: string; cursor: number } | undefined;
  let sentenceBusy = false;
  let sentenceShown = '';
  const askSentence = (text: string, languageId: string, cursor: number) => {
    sentenceAsked = { text, languageId, cursor };
    if (sentenceBusy) return;
    const ask = sentenceAsked;
    sentenceAsked = undefined;
    sentenceBusy = true;
    sentiment.sentenceSteps(ask.text, ask.languageId, ask.cursor).then((steps) => {
      const message = { type: 'sentence' as const, steps: steps ? steps.words.map((word, i) => ({ word: word.slice(0, 100), score: steps.scores[i] })) : [] };
      const key = JSON.stringify(message.steps);
      if (key !== sentenceShown) { sentenceShown = key; panel?.post(message); }
    }, () => undefined).finally(() => {
      sentenceBusy = false;
      if (sentenceAsked) askSentence(sentenceAsked.text, sentenceAsked.languageId, sentenceAsked.cursor);
    });
  };

  const follows = (e: vscode.TextEditor | undefined): e is vscode.TextEditor => !!e && e.document.uri.scheme !== 'output';

  const schedule = () => {
    if (!panel) return;
    if (busy) { pending = true; return; }
    busy = true;
    pending = false;
    update().catch((e: unknown) => panel?.post({ type: 'empty', reason: (e as Error)?.message ?? String(e) })).finally(() => {
      busy = false;
      if (pending) schedule();
    });
  };

  async function update(): Promise<void> {
    if (!panel) return;
    const request = timed(() => {
      if (!editor || editor.document.isClosed) {
        panel!.post({ type: 'empty', reason: vscode.l10n.t('Open a text editor to look inside the model.') });
        return undefined;
      }
      const doc = editor.document;
      const uri = doc.uri.toString();
      const source = documentSource(doc);
      const offset = doc.offsetAt(editor.selection.active);
      const win = chooseWindow(source, offset, shown?.uri === uri ? shown : undefined);
      const text = source.text(win.start, win.end);
      const cursor = Array.from(text.slice(0, offset - win.start)).length;
      if (ready) askSentence(text, doc.languageId, offset - win.start);
      if (shown && shown.uri === uri && shown.start === win.start && shown.text === text) {
        panel!.post({ type: 'cursor', cursor });
        return undefined;
      }
      const file = vscode.workspace.asRelativePath(doc.uri, false);
      return { uri, win, text, cursor, file, key: `${uri}#${win.start}` };
    });
    if (!request) return;
    const result = await worker.inside(request.key, request.text, selectedUnit === undefined ? [] : [selectedUnit]);
    // Read ahead while the webview loads: 'ready' asks for the same window, which the worker has by then.
    if (!ready) return;
    timed(() => {
      shown = { uri: request.uri, ...request.win, text: request.text, key: request.key };
      panel?.post({
        type: 'window', file: request.file, text: request.text, chars: result.chars, cursor: request.cursor, signals: ownBytes(result.signals),
        unitIds: result.unitIds, units: result.units.map(({ unit, property, correlation }) => ({ unit, property, correlation })), modelMs: result.modelMs + result.statsMs,
      });
    });
  }

  const onMessage = (m: InsideWebviewMessage) => {
    switch (m.type) {
      case 'ready':
        ready = true;
        shown = undefined;
        sentenceShown = '';
        schedule();
        return;
      case 'selectUnit':
        selectedUnit = m.unit;
        return;
      case 'detail': {
        const key = shown?.key;
        if (!key) return;
        worker.insideDetail(key, m.index, m.unit).then(
          (detail) => { if (shown?.key === key) panel?.post({ type: 'detail', ...detail }); },
          () => undefined, // the window changed meanwhile: the next hover asks again
        );
        return;
      }
    }
  };

  /** Opens the panel, or takes over `restored`, one the editor brings back after a window reload. */
  const open = (restored?: vscode.WebviewPanel) => {
    if (follows(vscode.window.activeTextEditor)) editor = vscode.window.activeTextEditor;
    editor ??= vscode.window.visibleTextEditors.find(follows);
    if (panel) { restored?.dispose(); panel.reveal(); schedule(); return; }
    const handler = { onMessage, onDispose: () => { panel = undefined; shown = undefined; } };
    ready = false;
    panel = restored ? new InsidePanel(restored, context.extensionUri, handler) : InsidePanel.create(context.extensionUri, handler);
    // The worker reads the first window while the webview loads, rather than after.
    schedule();
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('gruScribe.lookInside', () => open()),
    // A panel left open when the window reloads comes back, following the active editor again.
    vscode.window.registerWebviewPanelSerializer(INSIDE_VIEW_TYPE, { deserializeWebviewPanel: async (restored) => open(restored) }),
    vscode.window.onDidChangeActiveTextEditor((e) => {
      if (!follows(e)) return; // the panel itself taking focus leaves the editor it follows
      editor = e;
      schedule();
    }),
    vscode.window.onDidChangeTextEditorSelection((e) => { if (e.textEditor === editor) schedule(); }),
    vscode.workspace.onDidChangeTextDocument((e) => { if (e.document === editor?.document && e.contentChanges.length) schedule(); }),
    { dispose: () => panel?.dispose() },
  );
  return { hostMs };
}
