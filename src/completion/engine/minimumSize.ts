// Drops suggestions too small to be worth showing.
import { isCjkLetter } from './cjk';

/** Fewer visible characters than this and the suggestion is not shown. */
export const MIN_VISIBLE_CHARS = 2;

/** Trailing blanks removed; '' when what is left is whitespace or shorter than MIN_VISIBLE_CHARS. */
export function dropTooShort(suggestion: string): string {
  const trimmed = suggestion.replace(/\s+$/u, '');
  const visible = [...trimmed].filter((ch) => !/\s/u.test(ch));
  // One Han, kana or Hangul character is a syllable or a word: enough to finish a two-character word.
  if (visible.length === 1 && isCjkLetter(visible[0])) return trimmed;
  return visible.length < MIN_VISIBLE_CHARS ? '' : trimmed;
}

/**
 * The start of `suggestion` that is just long enough to be shown: MIN_VISIBLE_CHARS visible characters
 * (or one CJK letter) with the blanks between them; '' when it never gets there. Every suggestion the
 * editor shows begins with this, so when the suggestion is greedy, the share of positions where this is
 * right bounds the accept rate from above, whatever the confidence cut-off (`eval-lm --shortest`).
 */
export function shortestShown(suggestion: string): string {
  let visible = 0;
  let end = 0;
  for (const ch of suggestion) {
    end += ch.length;
    if (/\s/u.test(ch)) continue;
    if ((visible === 0 && isCjkLetter(ch)) || ++visible >= MIN_VISIBLE_CHARS) return suggestion.slice(0, end);
  }
  return '';
}
