// Sentence segmentation with Intl.Segmenter, returning offsets into the original text.
import { lineStarts, type TextSpan } from './spans';

const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
/** ICU ends a sentence after any period; these abbreviations do not end one. */
const ABBREVIATION = /(?:^|[\s(])(?:mr|mrs|ms|dr|prof|st|jr|sr|vs|etc|e\.g|i\.e|no|fig|cf|approx|inc|ltd|co)\.\s*$/i;

/**
 * Blocks of `masked` (same length as `original`): runs of non-blank lines. A sentence never crosses a
 * blank line, and never crosses a line for which `isBreak(lineIndex)` is true (headings, list items).
 */
export function blocks(masked: string, isBreak: (line: number) => boolean = () => false): Array<[number, number]> {
  const starts = lineStarts(masked);
  const out: Array<[number, number]> = [];
  let open = -1;
  let end = 0;
  for (let l = 0; l < starts.length - 1; l++) {
    const from = starts[l];
    const to = starts[l + 1];
    const blank = masked.slice(from, to).trim() === '';
    if (blank || isBreak(l)) {
      if (open >= 0) out.push([open, end]);
      open = -1;
    }
    if (!blank) {
      if (open < 0) open = from;
      end = to;
    }
  }
  if (open >= 0) out.push([open, end]);
  return out;
}

/** Sentences inside [from, to) of `masked`, trimmed of white space; text taken from `original`. */
export function sentencesIn(original: string, masked: string, from: number, to: number): TextSpan[] {
  const out: TextSpan[] = [];
  // Line breaks inside a block are spaces: the segmenter would otherwise end a sentence at each one.
  const chunk = masked.slice(from, to).replace(/[\r\n]/g, ' ');
  const pieces: { segment: string; index: number }[] = [];
  for (const { segment, index } of sentenceSegmenter.segment(chunk)) {
    const last = pieces[pieces.length - 1];
    if (last && ABBREVIATION.test(last.segment)) last.segment += segment;
    else pieces.push({ segment, index });
  }
  for (const { segment, index } of pieces) {
    const lead = segment.length - segment.trimStart().length;
    const body = segment.trim();
    if (body === '') continue;
    const start = from + index + lead;
    const end = start + body.length;
    // Masked characters inside a sentence (inline code, link targets) stay blank in its text.
    out.push({ start, end, text: masked.slice(start, end).replace(/\s+/g, ' ') });
  }
  return out.map((s) => ({ ...s, text: s.text.trim() })).filter((s) => s.text !== '' && original.length >= s.end);
}

/** Sentences of plain text: paragraphs split on blank lines, then into sentences. */
export function plainSentences(text: string): TextSpan[] {
  return blocks(text).flatMap(([a, b]) => sentencesIn(text, text, a, b));
}
