// Status bar summary of the active editor's sentiment annotations; a click clears them.
import * as vscode from 'vscode';
import { describeSkipped, type SentimentSummary } from './summary';

export class SentimentStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('gruScribe.sentiment', vscode.StatusBarAlignment.Right, 99);

  constructor() {
    this.item.name = 'GRU Scribe Sentiment';
    this.item.command = 'gruScribe.clearSentiment';
  }

  showProgress(done: number, total: number): void {
    this.item.text = `$(loading~spin) Sentiment ${done}/${total}`;
    this.item.tooltip = 'Analyzing sentiment';
    this.item.show();
  }

  showSummary(s: SentimentSummary | undefined): void {
    if (!s) {
      this.item.hide();
      return;
    }
    const skipped = describeSkipped(s);
    const overall = s.overall ? ` · overall ${s.overall}` : '';
    this.item.text = `$(comment-discussion) ${s.positive}+ ${s.neutral}~ ${s.negative}−${overall}${s.skipped ? ` · ${s.skipped} skipped` : ''}`;
    this.item.tooltip = [
      `Sentiment: ${s.positive} positive, ${s.neutral} neutral, ${s.negative} negative sentences${s.overall ? `; ${s.overall} tone overall` : ''}.`,
      skipped && `${skipped}.`,
      'Click to clear the annotations.',
    ].filter(Boolean).join('\n');
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
