// The palette commands "Analyze Sentiment" and "Clear Sentiment Annotations". From the palette they act
// on the active editor; from a menu or another extension, on the document a `uri` argument names.
import * as vscode from 'vscode';
import type { AnalyzeResult, SentimentScheduler } from './scheduler';
import type { SentimentView } from './view';

export function registerSentimentCommands(scheduler: SentimentScheduler, view: SentimentView): vscode.Disposable[] {
  const clear = (doc: vscode.TextDocument | undefined) => {
    if (!doc) return;
    scheduler.forget(doc);
    view.redraw(doc);
    view.hideSummary();
  };
  return [
    vscode.commands.registerCommand('gruScribe.analyzeSentiment', async (uri?: vscode.Uri): Promise<AnalyzeResult | undefined> => {
      const editor = uri instanceof vscode.Uri ? await editorOf(uri) : vscode.window.activeTextEditor;
      if (!editor) {
        void vscode.window.showInformationMessage(vscode.l10n.t('GRU Scribe: open a document to analyze its sentiment.'));
        return undefined;
      }
      try {
        return await scheduler.analyze(editor, true);
      } catch (e) {
        view.hideSummary();
        void vscode.window.showErrorMessage(vscode.l10n.t('GRU Scribe: sentiment analysis failed: {0}', (e as Error).message));
        if (uri) throw e;
        return undefined;
      }
    }),
    vscode.commands.registerCommand('gruScribe.clearSentiment', (uri?: vscode.Uri) => {
      clear(uri instanceof vscode.Uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) : vscode.window.activeTextEditor?.document);
    }),
  ];
}

/** An editor showing `uri`, opened when none does. */
async function editorOf(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const active = vscode.window.activeTextEditor;
  // The active editor first: a closing editor of a reused untitled URI can still be listed as visible.
  return (active?.document.uri.toString() === uri.toString() ? active : undefined)
    ?? vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString())
    ?? vscode.window.showTextDocument(uri);
}
