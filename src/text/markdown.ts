// Prose sentences of a Markdown document: front matter, fenced and indented code blocks, HTML, inline
// code and link targets are masked out; headings and list items are blocks of their own.
import { blocks, sentencesIn } from './sentences';
import { lineStarts, MaskedText, type TextSpan } from './spans';

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}#{1,6}(?=\s|$)/;
const LIST_ITEM = /^\s*(?:[-*+]|\d{1,9}[.)])(?=\s)/;
const BLOCK_QUOTE = /^(?:\s*>)+/;
const RULE = /^ {0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$/;
const TABLE_ROW = /^\s*\|.*\|\s*$/;
/**
 * Masked after HTML comments, in this order. The character classes stop at the next opener, so that an
 * unclosed one costs only the text up to the next: a scan to the line's end from each opener would cost
 * the square of the line's length (a line of "[a](b " repeated took seconds per 100 KB).
 */
const INLINE_MASKS = [
  /`+[^`\n]*`+/g, // inline code
  /!\[[^[\]\n]*\]\([^)\]\n]*\)/g, // images
  /\]\([^)\]\n]*\)/g, // link targets: "[text](url)" keeps only "text"
  /<\/?[A-Za-z][^<>\n]*>/g, // HTML tags and autolinks
  /https?:\/\/\S+/g, // bare URLs
  /[[\]*_~|]/g, // emphasis, link brackets, table pipes
];

/** HTML comments, by indexOf: a regular expression would scan to the end of the text from every unclosed "<!--". */
function* htmlComments(text: string): Generator<[number, number]> {
  for (let start = text.indexOf('<!--'); start >= 0;) {
    const end = text.indexOf('-->', start + 4);
    if (end < 0) return;
    yield [start, end + 3];
    start = text.indexOf('<!--', end + 3);
  }
}

export function markdownSentences(text: string): TextSpan[] {
  const masked = new MaskedText(text);
  const starts = lineStarts(text);
  const lineCount = starts.length - 1;
  const line = (l: number) => text.slice(starts[l], starts[l + 1]).replace(/\r?\n$/, '');
  const ownBlock = new Set<number>();
  const headingLines = new Set<number>();

  let l = 0;
  // Front matter: YAML (---) or TOML (+++) at the very top.
  const fm = /^(---|\+\+\+)\s*$/.exec(line(0));
  if (fm && lineCount > 1) {
    for (let e = 1; e < lineCount; e++) {
      if (new RegExp(`^(${fm[1] === '---' ? '---|\\.\\.\\.' : '\\+\\+\\+'})\\s*$`).test(line(e))) {
        masked.mask(starts[0], starts[e + 1]);
        l = e + 1;
        break;
      }
    }
  }
  let previousBlank = true;
  let inList = false;
  for (; l < lineCount; l++) {
    const s = line(l);
    const fence = FENCE.exec(s);
    if (fence) {
      const mark = fence[1];
      const close = new RegExp(`^ {0,3}${mark[0] === '`' ? '`' : '~'}{${mark.length},}\\s*$`);
      let e = l + 1;
      while (e < lineCount && !close.test(line(e))) e++;
      masked.mask(starts[l], starts[Math.min(e + 1, lineCount)]);
      l = e;
      previousBlank = false;
      continue;
    }
    const blank = s.trim() === '';
    if (!blank && previousBlank && !inList && /^(?: {4}|\t)/.test(s)) {
      // Indented code block: runs until a non-blank line with less indentation.
      let e = l;
      while (e < lineCount && (line(e).trim() === '' || /^(?: {4}|\t)/.test(line(e)))) e++;
      masked.mask(starts[l], starts[e]);
      l = e - 1;
      continue;
    }
    if (blank) {
      previousBlank = true;
      continue;
    }
    const at = starts[l];
    let m: RegExpExecArray | null;
    if ((m = BLOCK_QUOTE.exec(s))) masked.mask(at, at + m[0].length);
    const rest = m ? s.slice(m[0].length) : s;
    const restAt = at + (m ? m[0].length : 0);
    if (RULE.test(s)) {
      masked.mask(at, at + s.length);
    } else if ((m = HEADING.exec(rest))) {
      masked.mask(restAt, restAt + m[0].length);
      const closing = /\s#+\s*$/.exec(rest);
      if (closing) masked.mask(restAt + closing.index, restAt + rest.length);
      ownBlock.add(l).add(l + 1);
      headingLines.add(l);
      inList = false;
    } else if ((m = LIST_ITEM.exec(rest))) {
      masked.mask(restAt, restAt + m[0].length);
      ownBlock.add(l);
      inList = true;
    } else if (TABLE_ROW.test(rest)) {
      if (/^[\s|:-]+$/.test(rest)) masked.mask(at, at + s.length);
      ownBlock.add(l).add(l + 1);
    } else if (previousBlank && !/^\s/.test(s)) {
      inList = false;
    }
    previousBlank = false;
  }
  let maskedText = masked.toString();
  for (const [a, b] of htmlComments(maskedText)) masked.mask(a, b);
  maskedText = masked.toString();
  for (const re of INLINE_MASKS) {
    for (const hit of maskedText.matchAll(re)) masked.mask(hit.index, hit.index + hit[0].length);
    maskedText = masked.toString();
  }
  return blocks(maskedText, (i) => ownBlock.has(i)).flatMap(([a, b]) => {
    const sentences = sentencesIn(text, maskedText, a, b);
    // A heading is a block of one line.
    return headingLines.has(lineOf(starts, a)) ? sentences.map((s) => ({ ...s, heading: true })) : sentences;
  });
}

/** Whether a line of text is a Markdown (ATX) heading, "# ..." to "###### ...". */
export function isMarkdownHeading(line: string): boolean {
  return HEADING.test(line);
}

/** The line an offset is on (binary search in the line starts). */
function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
