// When and how documents are analyzed: an analysis in the worker, its results merged into the store as
// they stream in (drawn at a bounded rate), progress for long ones, re-analysis once edits pause, and
// annotations kept in step with edits until then.
import * as vscode from 'vscode';
import { followEdits, replaceWithin, type Annotation, type Skipped } from './annotations';
import type { SentimentWorkerClient } from './client';
import { FULL_DRAW_LIMIT } from './decorations';
import type { AnnotationsSnapshot, SentimentStore } from './store';
import type { SentimentView } from './view';

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

/** What the analyze command returns (used by tests and other extensions). */
export interface AnalyzeResult extends AnnotationsSnapshot {
  cancelled: boolean;
}

export class SentimentScheduler implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly client: SentimentWorkerClient, private readonly store: SentimentStore, private readonly view: SentimentView) {
    this.disposables = [
      vscode.workspace.onDidChangeTextDocument((e) => this.followEdits(e)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc)),
    ];
  }

  /** Analyzes the selection of `editor` (or all of it); `quiet` shows no progress (re-analysis after edits). */
  async analyze(editor: vscode.TextEditor, useSelection: boolean, quiet = false): Promise<AnalyzeResult> {
    const { client, store, view } = this;
    const doc = editor.document;
    const previous = store.get(doc);
    if (previous?.running) client.cancel(previous.running.id);
    const whole = !useSelection || editor.selection.isEmpty;
    const from = whole ? 0 : doc.offsetAt(editor.selection.start);
    const to = whole ? doc.getText().length : doc.offsetAt(editor.selection.end);
    const text = whole ? doc.getText() : doc.getText(editor.selection);
    const version = doc.version;

    ({ neutralBands: store.modelBands } = await client.ensureModels());
    const fresh: Annotation[] = [];
    const freshSkipped: Skipped[] = [];
    let total = 0;
    let done = 0;
    let lastDraw = 0;
    let report: ((n: number) => void) | undefined;
    const state = store.open(doc);
    const base = { annotations: whole ? [] : state.annotations, skipped: whole ? [] : state.skipped };
    const publish = (force: boolean) => {
      if (doc.version !== version) return; // stale offsets: the edit handler has taken over
      const now = Date.now();
      // Redrawing costs time per drawn label (at most FULL_DRAW_LIMIT), so long documents are redrawn less often.
      if (!force && now - lastDraw < REDRAW_MS + Math.min(fresh.length, FULL_DRAW_LIMIT) / 5) return;
      lastDraw = now;
      state.annotations = replaceWithin(base.annotations, from, to, fresh);
      state.skipped = replaceWithin(base.skipped, from, to, freshSkipped);
      view.redraw(doc);
    };

    const priority = editor.visibleRanges.map((r): [number, number] => [doc.offsetAt(r.start), doc.offsetAt(r.end)]);
    const run = client.analyze({ text, languageId: doc.languageId, offset: from, priority, batchSize: BATCH_SIZE }, {
      onPlan(sentences, skipped) {
        total = sentences;
        freshSkipped.push(...skipped);
        if (quiet) return;
        view.showProgress(0, total);
        // Only long documents get a notification, once the worker has counted their sentences.
        if (total > PROGRESS_THRESHOLD) report = view.progressNotification(total, run.finished, () => client.cancel(run.id));
      },
      onResults(scored, skipped) {
        fresh.push(...scored);
        freshSkipped.push(...skipped);
        done += scored.length + skipped.length;
        fresh.sort((a, b) => a.start - b.start);
        if (!quiet) view.showProgress(done, total);
        report?.(done);
        publish(false);
      },
    });
    state.running = run;
    let cancelled: boolean;
    try {
      cancelled = await run.finished;
    } finally {
      if (state.running === run) state.running = undefined;
    }
    publish(true);
    view.showSummary(doc);
    return { ...store.snapshot(state), cancelled };
  }

  /** Drops a document's annotations: its analysis is cancelled and its timers stopped. */
  forget(doc: vscode.TextDocument): void {
    const state = this.store.get(doc);
    if (state?.running) this.client.cancel(state.running.id);
    for (const timer of [state?.reanalyzeTimer, state?.redrawTimer]) if (timer) clearTimeout(timer);
    this.store.delete(doc);
  }

  /** Moves the annotations of an edited document with its text, and analyzes it again once edits pause. */
  private followEdits(e: vscode.TextDocumentChangeEvent): void {
    const state = this.store.get(e.document);
    if (!state || e.contentChanges.length === 0) return;
    const edits = e.contentChanges.map((c) => ({ rangeOffset: c.rangeOffset, rangeLength: c.rangeLength, textLength: c.text.length }));
    state.annotations = followEdits(state.annotations, edits);
    state.skipped = followEdits(state.skipped, edits);
    this.view.redrawSoon(e.document, state, EDIT_REDRAW_MS);
    const { settings } = this.store;
    if (!settings.reanalyzeOnEdit) return;
    if (state.reanalyzeTimer) clearTimeout(state.reanalyzeTimer);
    state.reanalyzeTimer = setTimeout(() => {
      state.reanalyzeTimer = undefined;
      const editor = vscode.window.visibleTextEditors.find((ed) => ed.document === e.document);
      if (editor && this.store.holds(e.document, state)) this.analyze(editor, false, true).catch(() => undefined);
    }, settings.reanalyzeDelayMs);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
