// Annotations of one document as offsets, kept in step with edits: the text before an edit stays put,
// the text after it moves by the edit's length change, and a sentence the edit touches is dropped
// (its label no longer describes it; re-analysis labels it again).
import type { SentimentLanguage, SkipReason } from '../text/judgeable';

export interface Annotation {
  start: number;
  end: number;
  /** P(positive); the label comes from the neutral band at drawing time. */
  score: number;
  /** The model that judged it, whose neutral band applies. */
  language: SentimentLanguage;
}

/** The neutral band of an annotation's model. */
export type BandOf = (a: Annotation) => readonly [number, number];

export interface Skipped {
  start: number;
  end: number;
  reason: SkipReason;
}

export interface OffsetEdit {
  rangeOffset: number;
  rangeLength: number;
  textLength: number;
}

/** Applies edits in the order VS Code reports them (each relative to the text after the previous ones). */
export function followEdits<T extends { start: number; end: number }>(items: readonly T[], edits: readonly OffsetEdit[]): T[] {
  let out = items.slice();
  for (const e of edits) {
    const editEnd = e.rangeOffset + e.rangeLength;
    const delta = e.textLength - e.rangeLength;
    const next: T[] = [];
    for (const a of out) {
      if (a.end <= e.rangeOffset) next.push(a);
      else if (a.start >= editEnd) next.push({ ...a, start: a.start + delta, end: a.end + delta });
    }
    out = next;
  }
  return out;
}

/** Replaces what lies within [from, to) by `fresh` (a re-analysis of a selection), keeping document order. */
export function replaceWithin<T extends { start: number; end: number }>(items: readonly T[], from: number, to: number, fresh: readonly T[]): T[] {
  return [...items.filter((a) => a.end <= from || a.start >= to), ...fresh].sort((a, b) => a.start - b.start);
}
