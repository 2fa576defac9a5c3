// The inline completion provider: cheap checks and the suggestion cache on the extension host's thread,
// everything involving the model in the worker. Latest request wins: VS Code cancels the previous
// request's token on each keystroke, the debounce ends on cancellation, and the worker abandons stale work.
import * as vscode from 'vscode';
import { cursorInsideWord } from './engine/context';
import { kindOfLanguage } from './engine/textKind';
import { endsInCommentOrString } from '../text/comments';
import { WINDOW_CHARS } from './worker/documentState';
import { MAX_LINE_CHARS, type CompletionTimings } from './worker/protocol';
import type { LmWorkerClient } from './worker/client';
import type { RequestLog, RequestRecord } from './requestLog';
import { isLanguageEnabled, type CompletionSettings } from './settings';
import type { CompletionState } from './statusBar';
import { SuggestionCache } from './suggestionCache';

/** Other suggestions computed when completions are asked for on purpose (the editor then shows "1/3"). */
const ALTERNATIVES = 2;

/** Resolves true after `ms`, or false as soon as the request is cancelled. */
function debounce(ms: number, token: vscode.CancellationToken): Promise<boolean> {
  if (token.isCancellationRequested) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const listener = token.onCancellationRequested(() => { clearTimeout(timer); listener.dispose(); resolve(false); });
    const timer = setTimeout(() => { listener.dispose(); resolve(true); }, ms);
  });
}

/** True when the document is shown with several cursors or a selection: no suggestion then. */
function hasSeveralCursorsOrSelection(document: vscode.TextDocument): boolean {
  const editors = vscode.window.activeTextEditor?.document === document
    ? [vscode.window.activeTextEditor]
    : vscode.window.visibleTextEditors.filter((e) => e.document === document);
  return editors.some((e) => e.selections.length > 1 || !e.selection.isEmpty);
}

/** Text read back from the cursor to find whether it is inside a comment or a string (from a line start). */
const COMMENT_SCAN_CHARS = 16_384;

/** True when the cursor is inside a comment or a string of code (in a language whose marks are known). */
function insideCommentOrString(document: vscode.TextDocument, position: vscode.Position): boolean {
  const startLine = document.positionAt(Math.max(0, document.offsetAt(position) - COMMENT_SCAN_CHARS)).line;
  const text = document.getText(new vscode.Range(new vscode.Position(startLine, 0), position));
  return endsInCommentOrString(text, document.languageId) === true;
}

export class GruInlineCompletionProvider implements vscode.InlineCompletionItemProvider {
  readonly cache = new SuggestionCache();
  private failureShown = false;
  private inFlight = 0;

  constructor(
    private readonly client: LmWorkerClient,
    private readonly settings: () => CompletionSettings,
    private readonly setState: (state: CompletionState, problem?: string) => void,
    private readonly log: RequestLog,
    private readonly snoozed: () => boolean,
  ) {}

  /** Keeps the worker's document state and the cache in step with an edit. */
  documentChanged(e: vscode.TextDocumentChangeEvent): void {
    if (e.contentChanges.length === 0) return;
    const t0 = performance.now();
    const uri = e.document.uri.toString();
    const first = e.contentChanges[0];
    const oneLine = e.contentChanges.length === 1 && first.range.isSingleLine && !first.text.includes('\n');
    // Typing on the cursor's line keeps that line's entries: they are what typing along is served from.
    this.cache.invalidate(uri, oneLine ? first.range.start.line : undefined);
    this.client.documentChanged(uri, e.contentChanges.map((c) => ({ offset: c.rangeOffset, removed: c.rangeLength, inserted: c.text.length })));
    this.log.addEditCost(performance.now() - t0);
  }

  documentClosed(document: vscode.TextDocument): void {
    const uri = document.uri.toString();
    this.cache.invalidate(uri);
    this.client.documentClosed(uri);
  }

  async provideInlineCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.InlineCompletionItem[] | undefined> {
    const started = performance.now();
    let mainThreadMs = 0;
    let segment = started;
    const record = (outcome: RequestRecord['outcome'], timings?: CompletionTimings, shown = '') => {
      mainThreadMs += performance.now() - segment;
      // A suggestion that extends the suggest widget's item is not followed (its start is the item's).
      const at = shown && !context.selectedCompletionInfo ? { uri: document.uri.toString(), offset: document.offsetAt(position) } : undefined;
      this.log.addRequest({ outcome, mainThreadMs, latencyMs: performance.now() - started, timings, languageId: document.languageId, shown, at });
    };

    const settings = this.settings();
    if (!settings.enabled || this.snoozed() || !isLanguageEnabled(settings, document.languageId) || hasSeveralCursorsOrSelection(document)) {
      record('skipped');
      return undefined;
    }
    const line = document.lineAt(position.line).text;
    // With the suggest widget open, the suggestion must extend the selected item: the model reads the
    // line as if that item were accepted, and the inline item replaces the item's range.
    const selected = context.selectedCompletionInfo;
    if (selected && !selected.range.isSingleLine) { record('skipped'); return undefined; }
    const replace = selected ? selected.range : new vscode.Range(position, position);
    const accepted = selected ? selected.text : '';
    if (line.length + accepted.length > MAX_LINE_CHARS) { record('skipped'); return undefined; }
    const linePrefix = line.slice(0, replace.start.character) + accepted;
    const lineSuffix = line.slice(replace.end.character);
    // Decided here, before the debounce, so that the worker never reads the document for nothing.
    if (cursorInsideWord(lineSuffix)) { record('skipped'); return undefined; }
    if (settings.skipCommentsAndStrings && insideCommentOrString(document, replace.start)) { record('skipped'); return undefined; }
    const place = { uri: document.uri.toString(), line: position.line, linePrefix, lineSuffix };
    const item = (text: string, alternatives: string[] = []) =>
      (text ? [text, ...alternatives].map((t) => new vscode.InlineCompletionItem(accepted + t, replace)) : undefined);

    // Asked on purpose (Alt+\\, or Alt+] / Alt+[ to see others): no pause, and alternatives to cycle through.
    const invoked = context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke;
    const cached = invoked ? undefined : this.cache.lookup(place);
    if (cached !== undefined) {
      record('cacheHit', undefined, cached);
      return item(cached);
    }

    mainThreadMs += performance.now() - segment;
    const debounceMs = invoked ? 0 : settings.debounceMs;
    if (!(await debounce(debounceMs, token))) {
      segment = performance.now();
      record('cancelled');
      return undefined;
    }
    segment = performance.now();

    const end = document.offsetAt(replace.start);
    const windowStart = Math.max(0, end - WINDOW_CHARS);
    const text = document.getText(new vscode.Range(document.positionAt(windowStart), replace.start)) + accepted;
    const request = this.client.complete({
      uri: place.uri, windowStart, text, lineSuffix,
      options: {
        maxBytes: settings.maxBytes, multiline: settings.multiline, temperature: settings.temperature, minProbability: settings.minConfidence,
        kind: kindOfLanguage(document.languageId), alternatives: invoked ? ALTERNATIVES : 0,
      },
    });
    const cancel = token.onCancellationRequested(() => this.client.cancel(request.id));
    this.inFlight++;
    this.setState('computing');
    mainThreadMs += performance.now() - segment;
    try {
      const reply = await request.reply;
      segment = performance.now();
      this.failureShown = false;
      if (--this.inFlight === 0) this.setState('ready');
      if (reply.cancelled || token.isCancellationRequested) {
        record('cancelled', reply.timings);
        return undefined;
      }
      if (settings.temperature === 0) this.cache.store(place, reply.text);
      record('model', reply.timings, reply.text);
      return item(reply.text, reply.alternatives);
    } catch (e) {
      segment = performance.now();
      this.inFlight--;
      const message = (e as Error).message;
      this.setState('error', message);
      if (!this.failureShown) {
        this.failureShown = true;
        void vscode.window.showErrorMessage(vscode.l10n.t('GRU Scribe: completions are unavailable: {0}', message));
      }
      record('failed');
      return undefined;
    } finally {
      cancel.dispose();
    }
  }
}
