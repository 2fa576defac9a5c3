// Three-class check sets (`label<TAB>sentence`, a header line, labels positive / neutral / negative) and
// what is measured on them: accuracy over the three classes, and how often positive and negative are
// swapped (the worst mistake: a plain statement shown neutral is a small one, praise shown as criticism is not).
import { readFileSync } from 'node:fs';
import type { SentimentLabel } from './classifier';

export interface CheckSentence {
  label: SentimentLabel;
  text: string;
}

const LABELS: readonly SentimentLabel[] = ['positive', 'neutral', 'negative'];

export function readCheckSet(path: string): CheckSentence[] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const rows: CheckSentence[] = [];
  lines.slice(1).forEach((line, i) => {
    if (line === '') return;
    const [label, text, extra] = line.split('\t');
    if (!LABELS.includes(label as SentimentLabel) || !text?.trim() || extra !== undefined) {
      throw new Error(`${path}:${i + 2}: expected positive|neutral|negative<TAB>sentence, got "${line.slice(0, 60)}"`);
    }
    rows.push({ label: label as SentimentLabel, text });
  });
  return rows;
}

export interface CheckSetScore {
  sentences: number;
  /** Share labelled exactly right. */
  accuracy: number;
  /** Share of all sentences whose gold label is positive and prediction negative, or the reverse. */
  swaps: number;
  /** confusion[gold][predicted] = count. */
  confusion: Record<SentimentLabel, Record<SentimentLabel, number>>;
}

export function scoreCheckSet(gold: readonly SentimentLabel[], predicted: readonly SentimentLabel[]): CheckSetScore {
  if (gold.length !== predicted.length) throw new Error('one prediction per sentence');
  const row = () => ({ positive: 0, neutral: 0, negative: 0 });
  const confusion = { positive: row(), neutral: row(), negative: row() };
  gold.forEach((g, i) => { confusion[g][predicted[i]]++; });
  const n = Math.max(1, gold.length);
  return {
    sentences: gold.length,
    accuracy: LABELS.reduce((s, l) => s + confusion[l][l], 0) / n,
    swaps: (confusion.positive.negative + confusion.negative.positive) / n,
    confusion,
  };
}
