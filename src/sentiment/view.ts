// What a person sees of the sentiment annotations: decorations in each editor showing an annotated
// document, a hover per sentence, the status bar's progress and summary, and the progress notification
// of a long analysis. Redraws follow scrolling, editors coming into view and settings.
import * as vscode from 'vscode';
import { labelFor } from '../model/sentiment/classifier';
import { FULL_DRAW_LIMIT, hoverText, SentimentDecorations } from './decorations';
import { SentimentStatusBar } from './statusBar';
import type { DocumentAnnotations, SentimentStore } from './store';

/** How soon a long document's labels are drawn for the part scrolled into view. */
const SCROLL_REDRAW_MS = 50;

export class SentimentView implements vscode.Disposable {
  private readonly decorations = new SentimentDecorations();
  private readonly statusBar = new SentimentStatusBar();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly store: SentimentStore) {
    this.disposables = [
      this.decorations,
      this.statusBar,
      vscode.languages.registerHoverProvider({ pattern: '**' }, { provideHover: (doc, position) => this.hover(doc, position) }),
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        for (const doc of new Set(editors.map((ed) => ed.document))) if (store.get(doc)) this.redraw(doc);
      }),
      // A long document's labels are drawn near the visible part only (see FULL_DRAW_LIMIT): follow the scrolling.
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => {
        const state = store.get(e.textEditor.document);
        if (state && state.annotations.length > FULL_DRAW_LIMIT) this.redrawSoon(e.textEditor.document, state, SCROLL_REDRAW_MS);
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => this.showSummary(editor?.document)),
    ];
  }

  /** Draws `doc`'s annotations (or none) in every editor showing it, and its summary if it is active. */
  redraw(doc: vscode.TextDocument): void {
    const state = this.store.get(doc);
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document !== doc) continue;
      if (state) this.decorations.render(editor, state.annotations, this.store.bandOf);
      else this.decorations.clear(editor);
    }
    if (vscode.window.activeTextEditor?.document === doc) this.showSummary(doc);
  }

  /** Redraws every visible annotated document (after a change of settings). */
  redrawAll(): void {
    for (const editor of vscode.window.visibleTextEditors) if (this.store.get(editor.document)) this.redraw(editor.document);
  }

  /** Redraws `doc` within `ms`, once however often it is asked meanwhile (keystrokes, scrolling). */
  redrawSoon(doc: vscode.TextDocument, state: DocumentAnnotations, ms: number): void {
    state.redrawTimer ??= setTimeout(() => {
      state.redrawTimer = undefined;
      if (this.store.holds(doc, state)) this.redraw(doc);
    }, ms);
  }

  /** The summary of `doc` in the status bar (none while it is being analyzed, or when it has no annotations). */
  showSummary(doc: vscode.TextDocument | undefined): void {
    const state = this.store.get(doc);
    if (state?.running) return;
    this.statusBar.showSummary(state ? this.store.summary(state) : undefined);
  }

  hideSummary(): void {
    this.statusBar.showSummary(undefined);
  }

  showProgress(done: number, total: number): void {
    this.statusBar.showProgress(done, total);
  }

  /**
   * A cancellable notification for an analysis of `total` sentences until `finished` settles; returns
   * what to call with the count of sentences done.
   */
  progressNotification(total: number, finished: Promise<unknown>, cancel: () => void): (done: number) => void {
    let report: (done: number) => void = () => undefined;
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('GRU Scribe: Analyzing sentiment'), cancellable: true }, (p, token) => {
      token.onCancellationRequested(cancel);
      let reported = 0;
      report = (n) => {
        p.report({ increment: ((n - reported) / total) * 100, message: vscode.l10n.t('{0} of {1} sentences', n, total) });
        reported = n;
      };
      return finished.then(() => undefined, () => undefined);
    });
    return (n) => report(n);
  }

  /** The annotation under a position: found by binary search, since annotations are kept in order. */
  private hover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const list = this.store.get(doc)?.annotations;
    if (!list) return undefined;
    const offset = doc.offsetAt(position);
    let lo = 0, hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].end < offset) lo = mid + 1;
      else if (list[mid].start > offset) hi = mid - 1;
      else {
        const a = list[mid];
        return new vscode.Hover(hoverText(labelFor(a.score, this.store.bandOf(a)), a.score), new vscode.Range(doc.positionAt(a.start), doc.positionAt(a.end)));
      }
    }
    return undefined;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
