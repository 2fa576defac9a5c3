// "GRU Scribe: Analyze Sentiment" and "Clear Sentiment Annotations": sentences of the document (or the
// selection) classified in a worker thread, visible part first, drawn as decorations that follow edits.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { labelFor } from '../model/sentiment/classifier';
import { followEdits, replaceWithin, type Annotation, type Skipped } from './annotations';
import { SentimentWorkerClient } from './client';
import { FULL_DRAW_LIMIT, hoverText, SentimentDecorations } from './decorations';
import { readSentimentSettings, type SentimentSettings } from './settings';
import { SentimentStatusBar } from './statusBar';
import { summarize, type SentimentSummary } from './summary';

/** Sentences per worker batch: small enough that results (and a cancel) come back quickly. */
const BATCH_SIZE = 128;
/** Analyses with more sentences than this show a cancellable progress notification. */
const PROGRESS_THRESHOLD = 300;
/** Decorations are redrawn at most this often while results stream in. */
const REDRAW_MS = 150;
/**
 * Redraws after edits wait this long, so a burst of keystrokes costs one redraw: VS Code moves the drawn
 * decorations with the text by itself, only a label dropped by an edit waits to disappear.
 */
const EDIT_REDRAW_MS = 100;
/** How soon a long document's labels are drawn for the part scrolled into view. */
const SCROLL_REDRAW_MS = 50;

interface DocumentAnnotations {
  annotations: Annotation[];
  skipped: Skipped[];
  running?: { id: number; finished: Promise<boolean> };
  reanalyzeTimer?: ReturnType<typeof setTimeout>;
  redrawTimer?: ReturnType<typeof setTimeout>;
}

/** What the analyze command returns (used by tests and other extensions). */
export interface AnalyzeResult extends SentimentSummary {
  cancelled: boolean;
  annotations: Array<{ start: number; end: number; label: string; score: number }>;
}

/** Registers the commands; returns the worker's client, which "Look Inside the Model" asks too. */
export function registerSentiment(context: vscode.ExtensionContext): SentimentWorkerClient {
  const client = new SentimentWorkerClient(
    join(context.extensionPath, 'dist', 'workers', 'sentimentWorker.js'),
    join(context.extensionPath, 'models', 'sentiment'),
    { onKeepsCrashing: (error) => void vscode.window.showErrorMessage(vscode.l10n.t('GRU Scribe: the sentiment worker keeps stopping ({0}). It is started again after a pause that grows each time it stops.', error.message)) },
  );
  const decorations = new SentimentDecorations();
  const statusBar = new SentimentStatusBar();
  const documents = new Map<string, DocumentAnnotations>();
  let settings: SentimentSettings = readSentimentSettings();
  let modelBand: [number, number] = [0.5, 0.5];
  const band = (): [number, number] => settings.neutralBand ?? modelBand;

  const redraw = (doc: vscode.TextDocument) => {
    const state = documents.get(doc.uri.toString());
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document !== doc) continue;
      if (state) decorations.render(editor, state.annotations, band());
      else decorations.clear(editor);
    }
    if (vscode.window.activeTextEditor?.document === doc) showSummary(doc);
  };
  /** Redraws `doc` within `ms`, once however often it is asked meanwhile (keystrokes, scrolling). */
  const redrawSoon = (doc: vscode.TextDocument, state: DocumentAnnotations, ms: number) => {
    state.redrawTimer ??= setTimeout(() => {
      state.redrawTimer = undefined;
      if (documents.get(doc.uri.toString()) === state) redraw(doc);
    }, ms);
  };
  const showSummary = (doc: vscode.TextDocument | undefined) => {
    const state = doc && documents.get(doc.uri.toString());
    if (state?.running) return;
    statusBar.showSummary(state ? summarize(state.annotations, state.skipped, band()) : undefined);
  };

  async function analyze(editor: vscode.TextEditor, useSelection: boolean, quiet = false): Promise<AnalyzeResult> {
    const doc = editor.document;
    const key = doc.uri.toString();
    const previous = documents.get(key);
    if (previous?.running) client.cancel(previous.running.id);
    const whole = !useSelection || editor.selection.isEmpty;
    const from = whole ? 0 : doc.offsetAt(editor.selection.start);
    const to = whole ? doc.getText().length : doc.offsetAt(editor.selection.end);
    const text = whole ? doc.getText() : doc.getText(editor.selection);
    const version = doc.version;

    ({ neutralBand: modelBand } = await client.ensureModel());
    const fresh: Annotation[] = [];
    const freshSkipped: Skipped[] = [];
    let total = 0;
    let done = 0;
    let lastDraw = 0;
    let report: ((n: number) => void) | undefined;
    const state: DocumentAnnotations = previous ?? { annotations: [], skipped: [] };
    documents.set(key, state);
    const base = { annotations: whole ? [] : state.annotations, skipped: whole ? [] : state.skipped };
    const publish = (force: boolean) => {
      if (doc.version !== version) return; // stale offsets: the edit handler has taken over
      const now = Date.now();
      // Redrawing costs time per drawn label (at most FULL_DRAW_LIMIT), so long documents are redrawn less often.
      if (!force && now - lastDraw < REDRAW_MS + Math.min(fresh.length, FULL_DRAW_LIMIT) / 5) return;
      lastDraw = now;
      state.annotations = replaceWithin(base.annotations, from, to, fresh);
      state.skipped = replaceWithin(base.skipped, from, to, freshSkipped);
      redraw(doc);
    };

    const priority = editor.visibleRanges.map((r): [number, number] => [doc.offsetAt(r.start), doc.offsetAt(r.end)]);
    const run = client.analyze({ text, languageId: doc.languageId, offset: from, priority, batchSize: BATCH_SIZE }, {
      onPlan(sentences, skipped) {
        total = sentences;
        freshSkipped.push(...skipped);
        if (!quiet) statusBar.showProgress(0, total);
      },
      onResults(scored, skipped) {
        fresh.push(...scored);
        freshSkipped.push(...skipped);
        done += scored.length + skipped.length;
        fresh.sort((a, b) => a.start - b.start);
        if (!quiet) statusBar.showProgress(done, total);
        report?.(done);
        publish(false);
      },
    });
    state.running = run;
    const progress = new Promise<void>((resolve) => {
      // Only long documents get a notification; it appears once the worker has counted the sentences.
      const check = setInterval(() => {
        if (total === 0 && done === 0) return;
        clearInterval(check);
        if (quiet || total <= PROGRESS_THRESHOLD) return resolve();
        void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('GRU Scribe: Analyzing sentiment'), cancellable: true }, (p, token) => {
          token.onCancellationRequested(() => client.cancel(run.id));
          let reported = 0;
          report = (n) => {
            p.report({ increment: ((n - reported) / total) * 100, message: vscode.l10n.t('{0} of {1} sentences', n, total) });
            reported = n;
          };
          return run.finished.then(() => undefined, () => undefined);
        });
        resolve();
      }, 50);
      run.finished.finally(() => { clearInterval(check); resolve(); });
    });
    let cancelled: boolean;
    try {
      cancelled = await run.finished;
    } finally {
      await progress;
      if (state.running === run) state.running = undefined;
    }
    publish(true);
    showSummary(doc);
    return { ...snapshot(state), cancelled };
  }

  const snapshot = (state: DocumentAnnotations) => {
    const b = band();
    return {
      ...summarize(state.annotations, state.skipped, b),
      annotations: state.annotations.map((a) => ({ start: a.start, end: a.end, label: labelFor(a.score, b), score: a.score })),
    };
  };

  /** The annotation under a position: found by binary search, since annotations are kept in order. */
  const hover: vscode.HoverProvider = {
    provideHover(doc, position) {
      const state = documents.get(doc.uri.toString());
      if (!state) return undefined;
      const offset = doc.offsetAt(position);
      const list = state.annotations;
      let lo = 0, hi = list.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid].end < offset) lo = mid + 1;
        else if (list[mid].start > offset) hi = mid - 1;
        else {
          const a = list[mid];
          return new vscode.Hover(hoverText(labelFor(a.score, band()), a.score), new vscode.Range(doc.positionAt(a.start), doc.positionAt(a.end)));
        }
      }
      return undefined;
    },
  };

  /** Drops a document's annotations: its analysis is cancelled and its timers stopped. */
  const forget = (doc: vscode.TextDocument) => {
    const state = documents.get(doc.uri.toString());
    if (state?.running) client.cancel(state.running.id);
    for (const timer of [state?.reanalyzeTimer, state?.redrawTimer]) if (timer) clearTimeout(timer);
    documents.delete(doc.uri.toString());
  };

  const clear = (doc: vscode.TextDocument | undefined) => {
    if (!doc) return;
    forget(doc);
    redraw(doc);
    statusBar.showSummary(undefined);
  };

  context.subscriptions.push(
    decorations,
    statusBar,
    { dispose: () => client.dispose() },
    vscode.languages.registerHoverProvider({ pattern: '**' }, hover),
    // From the palette: the active editor. From a menu or another extension: the document `uri` names.
    vscode.commands.registerCommand('gruScribe.analyzeSentiment', async (uri?: vscode.Uri): Promise<AnalyzeResult | undefined> => {
      const active = vscode.window.activeTextEditor;
      const editor = uri instanceof vscode.Uri
        // The active editor first: a closing editor of a reused untitled URI can still be listed as visible.
        ? (active?.document.uri.toString() === uri.toString() ? active : undefined)
          ?? vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString()) ?? await vscode.window.showTextDocument(uri)
        : active;
      if (!editor) {
        void vscode.window.showInformationMessage(vscode.l10n.t('GRU Scribe: open a document to analyze its sentiment.'));
        return undefined;
      }
      try {
        return await analyze(editor, true);
      } catch (e) {
        statusBar.showSummary(undefined);
        void vscode.window.showErrorMessage(vscode.l10n.t('GRU Scribe: sentiment analysis failed: {0}', (e as Error).message));
        if (uri) throw e;
        return undefined;
      }
    }),
    vscode.commands.registerCommand('gruScribe.clearSentiment', (uri?: vscode.Uri) => {
      clear(uri instanceof vscode.Uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) : vscode.window.activeTextEditor?.document);
    }),
    // Not in the palette: the current annotations of a document (for tests and other extensions).
    vscode.commands.registerCommand('gruScribe.sentiment.annotations', (uri?: vscode.Uri) => {
      const key = (uri ?? vscode.window.activeTextEditor?.document.uri)?.toString();
      const state = key ? documents.get(key) : undefined;
      return state ? { ...snapshot(state), running: state.running !== undefined } : undefined;
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      const state = documents.get(e.document.uri.toString());
      if (!state || e.contentChanges.length === 0) return;
      const edits = e.contentChanges.map((c) => ({ rangeOffset: c.rangeOffset, rangeLength: c.rangeLength, textLength: c.text.length }));
      state.annotations = followEdits(state.annotations, edits);
      state.skipped = followEdits(state.skipped, edits);
      redrawSoon(e.document, state, EDIT_REDRAW_MS);
      if (!settings.reanalyzeOnEdit) return;
      if (state.reanalyzeTimer) clearTimeout(state.reanalyzeTimer);
      state.reanalyzeTimer = setTimeout(() => {
        state.reanalyzeTimer = undefined;
        const editor = vscode.window.visibleTextEditors.find((ed) => ed.document === e.document);
        if (editor && documents.get(e.document.uri.toString()) === state) analyze(editor, false, true).catch(() => undefined);
      }, settings.reanalyzeDelayMs);
    }),
    vscode.window.onDidChangeVisibleTextEditors((editors) => {
      for (const doc of new Set(editors.map((ed) => ed.document))) if (documents.has(doc.uri.toString())) redraw(doc);
    }),
    // A long document's labels are drawn near the visible part only (see FULL_DRAW_LIMIT): follow the scrolling.
    vscode.window.onDidChangeTextEditorVisibleRanges((e) => {
      const state = documents.get(e.textEditor.document.uri.toString());
      if (state && state.annotations.length > FULL_DRAW_LIMIT) redrawSoon(e.textEditor.document, state, SCROLL_REDRAW_MS);
    }),
    vscode.window.onDidChangeActiveTextEditor((editor) => showSummary(editor?.document)),
    vscode.workspace.onDidCloseTextDocument(forget),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('gruScribe.sentiment')) return;
      settings = readSentimentSettings();
      for (const editor of vscode.window.visibleTextEditors) if (documents.has(editor.document.uri.toString())) redraw(editor.document);
    }),
  );
  return client;
}
