// Repetition filter. Small language models fall into loops ("the the the", "))))))", a line
// written again and again); a loop is cut back to its first occurrence.
import { isWide } from './cjk';

const MAX_UNIT = 24;
/**
 * A stretch this wide written a second time within a suggestion is a loop that has not had room for
 * three copies. Measured in columns, a CJK character counting two: 48 bytes hold only 16 Chinese
 * characters, so a loop there is short in characters.
 */
const REPEATED_COLUMNS = 16;

/**
 * How many back-to-back copies of a unit make a loop. Short units need more copies ("----------" is a
 * Markdown rule, "    " indentation), but one letter four times over ("头头头头") is already a loop.
 */
function copiesForLoop(unit: string): number {
  if (unit.length === 1) return /\p{L}/u.test(unit) ? 4 : 10;
  if (unit.length <= 3) return 5;
  return 3;
}

export interface Loop {
  /** Where the first copy of the repeated unit starts. */
  start: number;
  unitLength: number;
}

/** The loop that `text` ends in, if any: some unit repeated back to back up to the very end. */
export function findLoop(text: string): Loop | null {
  for (let u = 1; u <= MAX_UNIT && u * 2 <= text.length; u++) {
    const unit = text.slice(-u);
    if (unit.trim() === '' && u > 1) continue; // runs of blanks are counted with u = 1
    let start = text.length - u;
    while (start - u >= 0 && text.startsWith(unit, start - u)) start -= u;
    if ((text.length - start) / u >= copiesForLoop(unit)) return { start, unitLength: u };
  }
  return null;
}

export function endsInLoop(text: string): boolean {
  return findLoop(text) !== null;
}

/**
 * Cuts a suggestion where it starts looping, keeping one copy of the repeated unit; drops it when the
 * loop makes up half of it or more (what is left is rarely what the user meant).
 * `before` is the text left of the cursor: a loop may begin there and continue in the suggestion.
 * Also stops a multi-line suggestion at a line that repeats the line before it.
 */
export function cutRepetition(before: string, suggestion: string): string {
  let out = suggestion;
  const lines = out.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line.length > 0 && line === lines[i - 1].trim()) {
      out = lines.slice(0, i).join('\n');
      break;
    }
  }
  const tail = before.slice(-MAX_UNIT * 3);
  const loop = findLoop(tail + out);
  // A loop that began before the cursor is only being continued: none of it is worth suggesting.
  if (loop && loop.start < tail.length) return '';
  // Where the repetition starts, and where to cut (a loop keeps its first copy).
  let junkFrom = out.length;
  let cut = out.length;
  if (loop) {
    junkFrom = loop.start - tail.length;
    cut = junkFrom + loop.unitLength;
  }
  const repeat = firstRepeatedPhrase(tail + out, tail.length);
  if (repeat >= 0 && repeat - tail.length < junkFrom) junkFrom = cut = repeat - tail.length;
  if (junkFrom < out.length && junkFrom <= out.length / 2) return '';
  return out.slice(0, cut);
}

/** End of the stretch from `i` that is REPEATED_COLUMNS wide, or -1 when the text is narrower. */
function phraseEnd(text: string, i: number): number {
  let columns = 0;
  for (let j = i; j < text.length; j++) {
    columns += isWide(text[j]) ? 2 : 1;
    if (columns >= REPEATED_COLUMNS) return j + 1;
  }
  return -1;
}

/** Where, at or after `from`, a stretch REPEATED_COLUMNS wide first repeats one seen before it; -1 if none. */
export function firstRepeatedPhrase(text: string, from: number): number {
  for (let i = Math.max(from, 1); i < text.length; i++) {
    const end = phraseEnd(text, i);
    if (end < 0) break;
    const phrase = text.slice(i, end);
    if (phrase.trim() !== '' && text.lastIndexOf(phrase, i - 1) >= 0) return i;
  }
  return -1;
}
