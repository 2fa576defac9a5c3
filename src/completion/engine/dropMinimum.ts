// Drops suggestions too small to be worth showing.
import { isCjkLetter } from './cjk';

/** Fewer visible characters than this and the suggestion is not shown. */
export const MIN_VISIBLE_CHARS = 2;

/** Trailing blanks removed; '' when what is left is whitespace or shorter than MIN_VISIBLE_CHARS. */
export function dropMinimum(suggestion: string): string {
  const trimmed = suggestion.replace(/\s+$/u, '');
  const visible = [...trimmed].filter((ch) => !/\s/u.test(ch));
  // One Han, kana or Hangul character is a syllable or a word: enough to finish a two-character word.
  if (visible.length === 1 && isCjkLetter(visible[0])) return trimmed;
  return visible.length < MIN_VISIBLE_CHARS ? '' : trimmed;
}
