// "GRU Scribe: Highlight Surprising Lines" and "Clear Surprising Lines": the language-model worker reads
// the whole document and names the lines whose surprise is unusually high for it (src/model/lm/surprise.ts);
// they are marked until cleared, and an edit drops the marks of the lines it touches.
import * as vscode from 'vscode';
import type { SurprisingLine } from '../model/lm/surprisingLines';
import type { LmWorkerClient } from '../completion/worker/client';
import { followEdits } from '../sentiment/annotations';
import { hoverText, SurpriseDecorations, type Mark } from './decorations';
import { isSurpriseEnabled, readSurpriseSettings } from './settings';

/** What the highlight command returns (used by tests and other extensions). */
export interface HighlightResult {
  cancelled: boolean;
  lines: SurprisingLine[];
}

function marksOf(doc: vscode.TextDocument, lines: SurprisingLine[]): Mark[] {
  return lines.map((info) => {
    const line = doc.lineAt(info.line - 1);
    const start = doc.offsetAt(line.range.start);
    return { start, end: doc.offsetAt(line.range.end), info };
  }).sort((a, b) => a.start - b.start);
}

export function registerSurprise(context: vscode.ExtensionContext, worker: LmWorkerClient): void {
  const decorations = new SurpriseDecorations();
  const documents = new Map<string, Mark[]>();
  let settings = readSurpriseSettings();

  const redraw = (doc: vscode.TextDocument) => {
    const marks = documents.get(doc.uri.toString());
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document !== doc) continue;
      if (marks) decorations.render(editor, marks);
      else decorations.clear(editor);
    }
  };

  const documentOf = (uri?: vscode.Uri) => (uri instanceof vscode.Uri
    ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())
    : vscode.window.activeTextEditor?.document);

  async function highlight(doc: vscode.TextDocument): Promise<HighlightResult | undefined> {
    if (!isSurpriseEnabled(settings, doc.languageId)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('GRU Scribe: Highlight Surprising Lines is turned off for {0} (gruScribe.surprise.languages).', doc.languageId));
      return undefined;
    }
    if (doc.lineCount < 2) {
      void vscode.window.showInformationMessage(vscode.l10n.t('GRU Scribe: surprising lines are found by comparing the lines of a document, and this one has a single line.'));
      return undefined;
    }
    const version = doc.version;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('GRU Scribe: reading the document for surprising lines') },
      () => worker.surprisingLines(doc.uri.toString(), doc.getText()),
    );
    // An edit meanwhile moved the lines: the answer is for text that is gone.
    if (result.cancelled || doc.version !== version) return { cancelled: true, lines: [] };
    documents.set(doc.uri.toString(), marksOf(doc, result.lines));
    redraw(doc);
    if (result.lines.length === 0) void vscode.window.showInformationMessage(vscode.l10n.t('GRU Scribe: no line of this document stands out as surprising.'));
    return { cancelled: false, lines: result.lines };
  }

  const hover: vscode.HoverProvider = {
    provideHover(doc, position) {
      const offset = doc.offsetAt(position);
      const mark = documents.get(doc.uri.toString())?.find((m) => m.start <= offset && offset <= m.end);
      return mark && new vscode.Hover(hoverText(mark.info), new vscode.Range(doc.positionAt(mark.start), doc.positionAt(mark.end)));
    },
  };

  const clear = (doc: vscode.TextDocument | undefined) => {
    if (!doc) return;
    documents.delete(doc.uri.toString());
    redraw(doc);
  };

  context.subscriptions.push(
    decorations,
    vscode.languages.registerHoverProvider({ pattern: '**' }, hover),
    // From the palette: the active editor. From a menu or another extension: the document `uri` names.
    vscode.commands.registerCommand('gruScribe.highlightSurprisingLines', async (uri?: vscode.Uri): Promise<HighlightResult | undefined> => {
      const doc = uri instanceof vscode.Uri ? documentOf(uri) ?? await vscode.workspace.openTextDocument(uri) : documentOf();
      if (!doc) {
        void vscode.window.showInformationMessage(vscode.l10n.t('GRU Scribe: open a document to find its surprising lines.'));
        return undefined;
      }
      try {
        return await highlight(doc);
      } catch (e) {
        void vscode.window.showErrorMessage(vscode.l10n.t('GRU Scribe: finding surprising lines failed: {0}', (e as Error).message));
        if (uri) throw e;
        return undefined;
      }
    }),
    vscode.commands.registerCommand('gruScribe.clearSurprisingLines', (uri?: vscode.Uri) => clear(documentOf(uri))),
    // Not in the palette: the marked lines of a document as they are now (for tests and other extensions).
    vscode.commands.registerCommand('gruScribe.surprise.lines', (uri?: vscode.Uri) => {
      const doc = documentOf(uri);
      const marks = doc && documents.get(doc.uri.toString());
      return doc && marks?.map((m) => ({ line: doc.positionAt(m.start).line + 1, column: m.info.column, surprise: m.info.surprise }));
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      const marks = documents.get(e.document.uri.toString());
      if (!marks || e.contentChanges.length === 0) return;
      documents.set(e.document.uri.toString(), followEdits(marks, e.contentChanges.map((c) => ({ rangeOffset: c.rangeOffset, rangeLength: c.rangeLength, textLength: c.text.length }))));
      redraw(e.document);
    }),
    vscode.window.onDidChangeVisibleTextEditors((editors) => {
      for (const doc of new Set(editors.map((ed) => ed.document))) if (documents.has(doc.uri.toString())) redraw(doc);
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => documents.delete(doc.uri.toString())),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('gruScribe.surprise')) settings = readSurpriseSettings();
    }),
  );
}
