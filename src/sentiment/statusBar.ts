// Status bar summary of the active editor's sentiment annotations; a click clears them.
import * as vscode from 'vscode';
import { labelText } from './labels';
import { describeSkipped, type SentimentSummary } from './summary';

export class SentimentStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('gruScribe.sentiment', vscode.StatusBarAlignment.Right, 99);

  constructor() {
    this.item.name = vscode.l10n.t('GRU Scribe Sentiment');
    this.item.command = 'gruScribe.clearSentiment';
  }

  showProgress(done: number, total: number): void {
    this.item.text = `$(loading~spin) ${vscode.l10n.t('Sentiment {0}/{1}', done, total)}`;
    this.item.tooltip = vscode.l10n.t('Analyzing sentiment');
    this.item.show();
  }

  showSummary(s: SentimentSummary | undefined): void {
    if (!s) {
      this.item.hide();
      return;
    }
    const skipped = describeSkipped(s);
    const overall = s.overall ? vscode.l10n.t(' · overall {0}', labelText(s.overall)) : '';
    this.item.text = `$(comment-discussion) ${s.positive}+ ${s.neutral}~ ${s.negative}−${overall}${s.skipped ? vscode.l10n.t(' · {0} skipped', s.skipped) : ''}`;
    this.item.tooltip = [
      s.overall
        ? vscode.l10n.t('Sentiment: {0} positive, {1} neutral, {2} negative sentences; {3} tone overall.', s.positive, s.neutral, s.negative, labelText(s.overall))
        : vscode.l10n.t('Sentiment: {0} positive, {1} neutral, {2} negative sentences.', s.positive, s.neutral, s.negative),
      skipped && vscode.l10n.t('{0}.', skipped),
      vscode.l10n.t('Click to clear the annotations.'),
    ].filter(Boolean).join('\n');
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
