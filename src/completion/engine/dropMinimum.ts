// Drops suggestions too small to be worth showing.

/** Fewer visible characters than this and the suggestion is not shown. */
export const MIN_VISIBLE_CHARS = 2;

/** Trailing blanks removed; '' when what is left is whitespace or shorter than MIN_VISIBLE_CHARS. */
export function dropMinimum(suggestion: string): string {
  const trimmed = suggestion.replace(/\s+$/u, '');
  const visible = [...trimmed].filter((ch) => !/\s/u.test(ch)).length;
  return visible < MIN_VISIBLE_CHARS ? '' : trimmed;
}
