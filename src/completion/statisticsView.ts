// Keeps the completion statistics (./statistics.ts) up to date from what the provider shows and what the
// user accepts, stores them in the extension's global storage, and shows them as a read-only Markdown page.
import * as vscode from 'vscode';
import { CompletionStatistics, type SummaryRow } from './statistics';
import type { RequestLog } from './requestLog';

const STORAGE_KEY = 'gruScribe.completionStatistics';
const SCHEME = 'gru-scribe-statistics';
const PAGE = vscode.Uri.from({ scheme: SCHEME, path: '/statistics.md' });

/** The suggestion last shown, followed as the user takes it word by word. */
interface Shown { uri: string; offset: number; rest: string; language: string; taken: boolean }

export class StatisticsTracker implements vscode.Disposable {
  readonly statistics: CompletionStatistics;
  private shown: Shown | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly pageChanged = new vscode.EventEmitter<vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly storage: vscode.Memento, log: RequestLog) {
    this.statistics = new CompletionStatistics(storage.get(STORAGE_KEY));
    this.disposables.push(
      log.onRequest((r) => {
        if (!r.shown || !r.at || (r.outcome !== 'model' && r.outcome !== 'cacheHit')) return;
        // Typing along a suggestion is answered from the cache: still the same suggestion.
        const same = r.outcome === 'cacheHit' && this.shown?.uri === r.at.uri && this.shown.rest.endsWith(r.shown);
        if (r.outcome === 'model') this.statistics.recordShown(r.languageId, r.latencyMs);
        this.shown = { uri: r.at.uri, offset: r.at.offset, rest: r.shown, language: r.languageId, taken: same ? this.shown!.taken : false };
        this.changed();
      }),
      vscode.workspace.registerTextDocumentContentProvider(SCHEME, { onDidChange: this.pageChanged.event, provideTextDocumentContent: () => this.page() }),
      this.pageChanged,
    );
  }

  /** An insertion at the suggestion's place of its start: taken in full (Tab) or word by word (Ctrl+→). */
  documentChanged(e: vscode.TextDocumentChangeEvent): void {
    const s = this.shown;
    if (!s || e.contentChanges.length !== 1 || e.document.uri.toString() !== s.uri) return;
    const [change] = e.contentChanges;
    const inserted = change.text;
    // One character is typing (typing along is counted when the rest is taken); two or more are a word or all of it.
    if (change.rangeLength !== 0 || change.rangeOffset !== s.offset || inserted.length < 2 || !s.rest.startsWith(inserted)) {
      if (change.rangeOffset <= s.offset) this.shown = undefined;
      return;
    }
    const full = inserted === s.rest;
    this.statistics.recordAccepted(s.language, inserted.length, full ? 'full' : 'word', !s.taken);
    this.shown = full ? undefined : { ...s, offset: s.offset + inserted.length, rest: s.rest.slice(inserted.length), taken: true };
    this.changed();
  }

  async show(): Promise<void> {
    this.pageChanged.fire(PAGE);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', PAGE);
    } catch {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(PAGE));
    }
  }

  async reset(): Promise<void> {
    const reset = vscode.l10n.t('Reset');
    const answer = await vscode.window.showWarningMessage(vscode.l10n.t('Reset GRU Scribe\'s completion statistics (all days, all languages)?'), { modal: true }, reset);
    if (answer !== reset) return;
    this.statistics.reset();
    this.changed();
  }

  private changed(): void {
    this.pageChanged.fire(PAGE);
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.save(), 2_000);
  }

  private save(): Thenable<void> {
    clearTimeout(this.saveTimer);
    return this.storage.update(STORAGE_KEY, this.statistics.toJSON());
  }

  private page(): string {
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    const ms = (x: number) => (Number.isNaN(x) ? '–' : Number.isFinite(x) ? `≤ ${x} ms` : '> 5 s');
    const line = (r: SummaryRow, name: string) =>
      `| ${name} | ${r.shown} | ${r.acceptedFull} | ${r.acceptedByWord} | ${r.charsAccepted} | ${pct(r.acceptanceRate)} | ${ms(r.latencyP50)} | ${ms(r.latencyP95)} |`;
    const table = (scope: 'today' | 'all') => {
      const { rows, total } = this.statistics.summary(scope);
      return [
        `| ${[vscode.l10n.t('language'), vscode.l10n.t('shown'), vscode.l10n.t('accepted in full'), vscode.l10n.t('accepted by word'),
          vscode.l10n.t('characters accepted'), vscode.l10n.t('acceptance rate'), vscode.l10n.t('latency p50'), vscode.l10n.t('latency p95')].join(' | ')} |`,
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        ...rows.map((r) => line(r, r.language)),
        line(total, `**${vscode.l10n.t('all')}**`),
      ].join('\n');
    };
    return [
      `# ${vscode.l10n.t('GRU Scribe completion statistics')}`, '',
      vscode.l10n.t('Kept in the editor\'s storage on this machine and never sent anywhere. "GRU Scribe: Reset Statistics" clears them.'), '',
      `## ${vscode.l10n.t('Today')}`, '', table('today'), '',
      `## ${vscode.l10n.t('All time')}`, '', table('all'), '',
    ].join('\n');
  }

  dispose(): void {
    if (this.saveTimer) void this.save();
    for (const d of this.disposables) d.dispose();
  }
}
