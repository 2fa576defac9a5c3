// Simple properties of text, read character by character, that a unit of a character-level network may
// track (Karpathy, Johnson & Fei-Fei, "Visualizing and Understanding Recurrent Networks", 2015, found cells
// for quotes, brackets and line length). Each value is the property's state after reading the character,
// as the network's state is after reading its bytes.
import { isCjkLetter } from '../../completion/engine/cjk';

export const PROPERTIES = ['inString', 'bracketDepth', 'linePosition', 'inComment', 'afterWhitespace', 'chineseScript'] as const;
export type PropertyName = (typeof PROPERTIES)[number];

/** Quotes that open and close differently (prose, Chinese); the ASCII ones open and close alike. */
const PAIRED_QUOTES: Record<string, string> = { '“': '”', '‘': '’', '「': '」', '『': '』', '«': '»' };
const ASCII_QUOTES = new Set(['"', "'", '`']);
const OPEN_BRACKETS = new Set(['(', '[', '{', '（', '【', '［', '｛']);
const CLOSE_BRACKETS = new Set([')', ']', '}', '）', '】', '］', '｝']);
const LETTER = /\p{L}/u;

/**
 * The properties of each character of `chars` (code points), as PROPERTIES.length rows of chars.length values:
 * - inString: 1 inside a quoted string or quotation (the opening quote counts as inside, the closing one not);
 * - bracketDepth: nesting of (), [], {} outside strings and comments;
 * - linePosition: characters since the line's start (0 right after a newline);
 * - inComment: 1 inside a // or /* *\/ or <!-- --> comment, from the comment's second marker character on;
 * - afterWhitespace: 1 when the character read is whitespace;
 * - chineseScript: 1 when the last letter read was Chinese (or another CJK script), 0 when it was another letter.
 */
export function textProperties(chars: readonly string[]): Float32Array[] {
  const n = chars.length;
  const rows = PROPERTIES.map(() => new Float32Array(n));
  const [inString, depth, column, inComment, whitespace, chinese] = rows;
  /** The quote that closes the open string ('' outside one). */
  let closer = '';
  let comment: '' | 'line' | 'block' | 'html' = '';
  let level = 0, col = 0, cjk = 0, escaped = false;
  for (let i = 0; i < n; i++) {
    const c = chars[i];
    const prev = i > 0 ? chars[i - 1] : '';
    if (c === '\n') {
      col = 0;
      if (comment === 'line') comment = '';
      // An ASCII string does not run over a line end (template literals and prose quotations do).
      if (closer === '"' || closer === "'") closer = '';
    } else {
      col++;
    }
    if (comment) {
      if (comment === 'block' && prev === '*' && c === '/') comment = '';
      else if (comment === 'html' && c === '>' && prev === '-' && chars[i - 2] === '-') comment = '';
    } else if (closer) {
      if (escaped) escaped = false;
      else if (c === '\\' && ASCII_QUOTES.has(closer)) escaped = true;
      else if (c === closer) closer = '';
    } else if (ASCII_QUOTES.has(c)) {
      // An apostrophe inside a word (don't) opens nothing.
      if (!(c === "'" && LETTER.test(prev) && LETTER.test(chars[i + 1] ?? ''))) closer = c;
    } else if (PAIRED_QUOTES[c]) {
      closer = PAIRED_QUOTES[c];
    } else if (prev === '/' && (c === '/' || c === '*')) {
      comment = c === '/' ? 'line' : 'block';
    } else if (c === '-' && prev === '-' && chars[i - 2] === '!' && chars[i - 3] === '<') {
      comment = 'html';
    } else if (OPEN_BRACKETS.has(c)) {
      level++;
    } else if (CLOSE_BRACKETS.has(c)) {
      level = Math.max(0, level - 1);
    }
    if (LETTER.test(c)) cjk = isCjkLetter(c) ? 1 : 0;
    inString[i] = closer ? 1 : 0;
    depth[i] = level;
    column[i] = col;
    inComment[i] = comment ? 1 : 0;
    whitespace[i] = /\s/u.test(c) ? 1 : 0;
    chinese[i] = cjk;
  }
  return rows;
}
