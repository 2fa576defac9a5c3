// The words the sentiment feature shows for its labels and skip reasons, in the editor's language.
// The model and the text utilities name them with fixed English ids; only the host translates.
import * as vscode from 'vscode';
import type { SentimentLabel } from '../model/sentiment/classifier';
import type { SkipReason } from '../text/judgeable';

export function labelText(label: SentimentLabel): string {
  switch (label) {
    case 'positive': return vscode.l10n.t('positive');
    case 'neutral': return vscode.l10n.t('neutral');
    case 'negative': return vscode.l10n.t('negative');
  }
}

/** "3 no words": how many sentences were skipped for `reason`. */
export function skipReasonText(reason: SkipReason, count: number): string {
  switch (reason) {
    case 'no-words': return vscode.l10n.t('{0} no words', count);
    case 'other-script': return vscode.l10n.t('{0} in a script neither model reads', count);
    case 'not-a-sentence': return vscode.l10n.t('{0} headings or labels, not sentences', count);
    case 'unknown-words': return vscode.l10n.t('{0} mostly words the model does not know', count);
  }
}
