// "GRU Scribe: Look Inside the Model": a panel beside the editor that follows the active editor and its
// cursor. The host picks the window (./window) and passes text and results along, when ./windowUpdates says;
// the model runs in the language-model worker, which reads a changed window again only from its first change.
import * as vscode from 'vscode';
import type { LmWorkerClient } from '../completion/worker/client';
import type { SentimentWorkerClient } from '../sentiment/client';
import { INSIDE_VIEW_TYPE, InsidePanel } from './panel';
import type { InsideWebviewMessage } from './protocol';
import { chooseWindow, type WindowSource } from './window';
import { WindowUpdates } from './windowUpdates';

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
  let selectedUnit: number | undefined;

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

  const updates = new WindowUpdates({
    isOpen: () => !!panel,
    post: (message) => panel?.post(message),
    current: (shown, ready) => {
      if (!editor || editor.document.isClosed) {
        panel?.post({ type: 'empty', reason: vscode.l10n.t('Open a text editor to look inside the model.') });
        return undefined;
      }
      const doc = editor.document;
      const uri = doc.uri.toString();
      const source = documentSource(doc);
      const offset = doc.offsetAt(editor.selection.active);
      const win = chooseWindow(source, offset, shown?.uri === uri ? shown : undefined);
      const text = source.text(win.start, win.end);
      if (ready) askSentence(text, doc.languageId, offset - win.start);
      const cursor = Array.from(text.slice(0, offset - win.start)).length;
      return { uri, ...win, text, cursor };
    },
    fileOf: (uri) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri), false),
    read: (key, text) => worker.inside(key, text, selectedUnit === undefined ? [] : [selectedUnit]),
  });

  const onMessage = (m: InsideWebviewMessage) => {
    switch (m.type) {
      case 'ready':
        sentenceShown = '';
        updates.webviewReady();
        return;
      case 'selectUnit':
        selectedUnit = m.unit;
        return;
      case 'detail': {
        const key = updates.shown?.key;
        if (!key) return;
        worker.insideDetail(key, m.index, m.unit).then(
          (detail) => { if (updates.shown?.key === key) panel?.post({ type: 'detail', ...detail }); },
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
    if (panel) { restored?.dispose(); panel.reveal(); updates.schedule(); return; }
    const handler = { onMessage, onDispose: () => { panel = undefined; updates.closed(); } };
    panel = restored ? new InsidePanel(restored, context.extensionUri, handler) : InsidePanel.create(context.extensionUri, handler);
    // The worker reads the first window while the webview loads, rather than after.
    updates.opened();
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('gruScribe.lookInside', () => open()),
    // A panel left open when the window reloads comes back, following the active editor again.
    vscode.window.registerWebviewPanelSerializer(INSIDE_VIEW_TYPE, { deserializeWebviewPanel: async (restored) => open(restored) }),
    vscode.window.onDidChangeActiveTextEditor((e) => {
      if (!follows(e)) return; // the panel itself taking focus leaves the editor it follows
      editor = e;
      updates.schedule();
    }),
    vscode.window.onDidChangeTextEditorSelection((e) => { if (e.textEditor === editor) updates.schedule(); }),
    vscode.workspace.onDidChangeTextDocument((e) => { if (e.document === editor?.document && e.contentChanges.length) updates.schedule(); }),
    { dispose: () => panel?.dispose() },
  );
  return { hostMs: updates.hostMs };
}
