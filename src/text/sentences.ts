// Sentence segmentation with Intl.Segmenter, returning offsets into the original text.
import { chineseSentenceRanges } from './chinese';
import { mainLanguage } from './judgeable';
import { lineStarts, type TextSpan } from './spans';

const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
/** ICU ends a sentence after any period; these abbreviations do not end one. */
const ABBREVIATION = /(?:^|[\s(])(?:mr|mrs|ms|dr|prof|st|jr|sr|vs|etc|e\.g|i\.e|no|fig|cf|approx|inc|ltd|co)\.\s*$/i;
/**
 * The segmenter is given at most this many characters at a time: under Node 20 its cost grows with the
 * square of the length of the text it iterates (a 200,000-character paragraph took seconds), so long
 * paragraphs are segmented window by window.
 */
export const SEGMENT_WINDOW = 4096;
/**
 * Boundaries this close to a window's cut are not trusted: the segmenter decides with a look at the text
 * around a boundary, and there it sees the cut instead. The next window looks at them again.
 */
const WINDOW_CONTEXT = 256;

/**
 * What `Intl.Segmenter` gives for `text` at sentence granularity, found in windows of bounded size: a
 * window starts at the last sure boundary, or within a long sentence with some context before it.
 */
export function* sentenceSegments(text: string): Generator<{ segment: string; index: number }> {
  let start = 0; // the start of the next segment: a sure boundary
  let from = 0; // where the window starts: `start`, or further on inside a long sentence
  while (start < text.length) {
    const to = Math.min(text.length, from + SEGMENT_WINDOW);
    const last = to === text.length;
    const after = from === start ? from : from + WINDOW_CONTEXT;
    const upTo = last ? to : to - WINDOW_CONTEXT;
    const ends: number[] = [];
    for (const { index } of sentenceSegmenter.segment(text.slice(from, to))) {
      if (from + index > after && from + index <= upTo) ends.push(from + index);
    }
    if (last) ends.push(to);
    if (ends.length === 0) {
      // One sentence fills the window: look further, keeping context on both sides of the next cut.
      from = to - 2 * WINDOW_CONTEXT;
      continue;
    }
    for (const end of ends) {
      yield { segment: text.slice(start, end), index: start };
      start = end;
    }
    from = start;
  }
}

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
  // Whether the last piece ends in an abbreviation is read from its last segment alone: testing the
  // growing piece would cost its whole length at each step of a long run of abbreviations.
  let lastSegment = '';
  for (const { segment, index } of sentenceSegments(chunk)) {
    const last = pieces[pieces.length - 1];
    if (last && ABBREVIATION.test(lastSegment)) last.segment += segment;
    else pieces.push({ segment, index });
    lastSegment = segment;
  }
  for (const { segment, index } of pieces) {
    for (const [start, end] of chineseParts(masked, from + index, from + index + segment.length)) {
      // Masked characters inside a sentence (inline code, link targets) stay blank in its text.
      out.push({ start, end, text: masked.slice(start, end).replace(/\s+/g, ' ') });
    }
  }
  return out.map((s) => ({ ...s, text: s.text.trim() })).filter((s) => s.text !== '' && original.length >= s.end);
}

/** [start, end) of `masked` without the white space around it; undefined when nothing is left. */
function trimmed(masked: string, start: number, end: number): [number, number] | undefined {
  while (start < end && /\s/.test(masked[start])) start++;
  while (end > start && /\s/.test(masked[end - 1])) end--;
  return start < end ? [start, end] : undefined;
}

/**
 * A piece the segmenter found, cut further where it is mostly Chinese: Chinese sentences also end at
 * ；… and at line breaks (./chinese). Each part is routed by its own main script afterwards.
 */
function chineseParts(masked: string, start: number, end: number): Array<[number, number]> {
  const whole = trimmed(masked, start, end);
  if (!whole) return [];
  const piece = masked.slice(whole[0], whole[1]);
  if (mainLanguage(piece).language !== 'zh') return [whole];
  return chineseSentenceRanges(piece).flatMap(([a, b]) => {
    const part = trimmed(masked, whole[0] + a, whole[0] + b);
    return part ? [part] : [];
  });
}

/** Sentences of plain text: paragraphs split on blank lines, then into sentences. */
export function plainSentences(text: string): TextSpan[] {
  return blocks(text).flatMap(([a, b]) => sentencesIn(text, text, a, b));
}
