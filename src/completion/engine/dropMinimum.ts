// Drops suggestions too small to be worth showing.

/** Fewer visible characters than this and the suggestion is not shown. */
export const MIN_VISIBLE_CHARS = 2;

/** One Han, kana or Hangul character is a syllable or a word: enough to finish a two-character word. */
const WIDE_LETTER = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]$/u;

/** Trailing blanks removed; '' when what is left is whitespace or shorter than MIN_VISIBLE_CHARS. */
export function dropMinimum(suggestion: string): string {
  const trimmed = suggestion.replace(/\s+$/u, '');
  const visible = [...trimmed].filter((ch) => !/\s/u.test(ch));
  if (visible.length === 1 && WIDE_LETTER.test(visible[0])) return trimmed;
  return visible.length < MIN_VISIBLE_CHARS ? '' : trimmed;
}
