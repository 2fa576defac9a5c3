// Counts, overall tone and skipped text of an analysis, for the status bar and the command's result.
import { labelFor, type SentimentLabel } from '../model/sentiment/classifier';
import * as vscode from 'vscode';
import type { SkipReason } from '../text/judgeable';
import type { Annotation, BandOf, Skipped } from './annotations';
import { skipReasonText } from './labels';

export interface SentimentSummary {
  positive: number;
  neutral: number;
  negative: number;
  /**
   * The label of the mean P(positive) over the labelled sentences, in the mean of their neutral bands (each
   * language's model has its own); undefined when there are none.
   */
  overall: SentimentLabel | undefined;
  skipped: number;
  skippedChars: number;
  skippedReasons: Partial<Record<SkipReason, number>>;
}

export function summarize(annotations: readonly Annotation[], skipped: readonly Skipped[], bandOf: BandOf): SentimentSummary {
  const s: SentimentSummary = { positive: 0, neutral: 0, negative: 0, overall: undefined, skipped: skipped.length, skippedChars: 0, skippedReasons: {} };
  let sum = 0;
  let low = 0;
  let high = 0;
  for (const a of annotations) {
    const band = bandOf(a);
    s[labelFor(a.score, band)]++;
    sum += a.score;
    low += band[0];
    high += band[1];
  }
  const n = annotations.length;
  if (n) s.overall = labelFor(sum / n, [low / n, high / n]);
  for (const k of skipped) {
    s.skippedChars += k.end - k.start;
    s.skippedReasons[k.reason] = (s.skippedReasons[k.reason] ?? 0) + 1;
  }
  return s;
}

export function describeSkipped(s: SentimentSummary): string {
  if (s.skipped === 0) return '';
  const why = Object.entries(s.skippedReasons).map(([r, n]) => skipReasonText(r as SkipReason, n)).join(vscode.l10n.t(', '));
  return s.skipped === 1
    ? vscode.l10n.t('1 sentence ({0} characters) not labelled: {1}', s.skippedChars, why)
    : vscode.l10n.t('{0} sentences ({1} characters) not labelled: {2}', s.skipped, s.skippedChars, why);
}
