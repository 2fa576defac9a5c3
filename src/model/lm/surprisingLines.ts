// Which lines "Highlight Surprising Lines" marks, and what it says about each: the lines whose surprise
// stands out from the rest of the document, with what the model expected at the most surprising place.
import type { InconsistencyKind } from '../../text/inconsistencies';
import type { Lookalike } from '../../text/lookalikes';
import type { LineSurprise, TopPredictions } from './surprise';
import { isContinuationByte } from '../../text/utf8';

/** At most this many lines per 100 are marked (and at least 3 may be): a list, not a heat map. */
const MARKED_PER_100_LINES = 2;
/** Tukey's fence for outliers: above the upper quartile by this many interquartile ranges. */
const FENCE = 1.5;

/**
 * The lines whose surprise is unusually high for this document: above Tukey's outlier fence of the
 * document's line scores, the highest first, at most max(3, 2 per 100 lines).
 */
export function unusualLines(lines: readonly LineSurprise[]): LineSurprise[] {
  if (lines.length < 2) return [];
  const sorted = lines.map((l) => l.surprise).sort((a, b) => a - b);
  const quantile = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))];
  const fence = quantile(0.75) + FENCE * (quantile(0.75) - quantile(0.25));
  const limit = Math.max(3, Math.ceil((lines.length * MARKED_PER_100_LINES) / 100));
  return lines.filter((l) => l.surprise > fence).sort((a, b) => b.surprise - a.surprise || a.line - b.line).slice(0, limit);
}

export interface Expectation {
  /** The byte the model thought likely, as text (see `byteText`). */
  text: string;
  probability: number;
}

/** A marked line as the editor shows it. */
export interface SurprisingLine {
  /** 1-based line number. */
  line: number;
  surprise: number;
  bitsPerByte: number;
  /** UTF-16 column of the most surprising character in the line. */
  column: number;
  /** That character's UTF-16 length (0 at the line's end). */
  length: number;
  /** What came there, and the model's likeliest bytes instead (likeliest first). */
  actual: string;
  expected: Expectation[];
  lookalike?: Pick<Lookalike, 'word' | 'like' | 'likeCount'>;
  inconsistency?: InconsistencyKind;
}

const utf8 = new TextDecoder();

/**
 * A byte as a person can read it: printable ASCII as itself, a line break, tab and space by name-like
 * escapes, and the lead byte of a longer character as its hex value (the model predicts bytes).
 */
export function byteText(byte: number): string {
  if (byte === 0x0a) return '\\n';
  if (byte === 0x09) return '\\t';
  if (byte === 0x20) return '␣';
  if (byte > 0x20 && byte < 0x7f) return String.fromCharCode(byte);
  return `\\x${byte.toString(16).padStart(2, '0')}`;
}

/** What the editor shows for `line` of the file `bytes`, whose ranges and likeliest bytes are given. */
export function describeLine(bytes: Uint8Array, range: [number, number], line: LineSurprise, top: TopPredictions): SurprisingLine {
  const [start, end] = range;
  // Back to the start of the character the peak byte belongs to.
  let at = line.peakOffset;
  while (at > start && isContinuationByte(bytes[at])) at--;
  let next = at + 1;
  while (next < end && isContinuationByte(bytes[next])) next++;
  const column = utf8.decode(bytes.subarray(start, at)).length;
  const char = utf8.decode(bytes.subarray(at, next));
  const expected: Expectation[] = [];
  for (let j = 0; j < top.k; j++) expected.push({ text: byteText(top.bytes[at * top.k + j]), probability: top.probabilities[at * top.k + j] });
  return {
    line: line.line,
    surprise: line.surprise,
    bitsPerByte: line.bitsPerByte,
    column,
    length: char === '\n' ? 0 : char.length,
    actual: bytes[at] < 0x80 ? byteText(bytes[at]) : char,
    expected,
    ...(line.lookalike && { lookalike: { word: line.lookalike.word, like: line.lookalike.like, likeCount: line.lookalike.likeCount } }),
    ...(line.inconsistency && { inconsistency: line.inconsistency }),
  };
}
