// A suggestion that ran out of confidence in the middle of a later word ends before that word: ghost
// text "mpletions fi" reads as a mistake, "mpletions" as a finished thought. The first word is kept
// even when unfinished, since it completes what the user is typing.
import { isCjkLetter } from './cjk';

/** Letters and digits of scripts that separate words with spaces (Han, kana and Hangul do not). */
function isSpacedWordChar(ch: string): boolean {
  return /[\p{L}\p{N}_$]/u.test(ch) && !isCjkLetter(ch);
}

/**
 * `text` as generated, and `nextByte`: the byte the model would have written next but was not sure of
 * (undefined when generation stopped for another reason).
 */
export function cutPartialWord(text: string, nextByte: number | undefined): string {
  if (nextByte === undefined || nextByte >= 0x80 || !isSpacedWordChar(String.fromCharCode(nextByte))) return text;
  const chars = [...text];
  let end = chars.length;
  while (end > 0 && isSpacedWordChar(chars[end - 1])) end--;
  // Nothing but the word being typed: keep it.
  if (end === 0 || end === chars.length) return text;
  return chars.slice(0, end).join('').replace(/\s+$/u, '');
}
