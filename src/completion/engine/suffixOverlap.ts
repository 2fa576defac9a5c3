// No overlap with the text after the cursor: when the model writes what already follows the cursor,
// that part is left out, or the user would end up with it twice after accepting.

/**
 * Removes from the end of the suggestion the longest piece that the line suffix starts with
 * (ignoring leading blanks of the suffix), and stops the suggestion where it reproduces the whole suffix.
 */
export function trimSuffixOverlap(suggestion: string, lineSuffix: string): string {
  const suffix = lineSuffix.trimStart().trimEnd();
  if (suffix.length === 0) return suggestion;
  const firstLine = suggestion.split('\n')[0];
  const whole = firstLine.indexOf(suffix);
  if (whole >= 0) return suggestion.slice(0, whole);
  for (let n = Math.min(suffix.length, firstLine.length); n > 0; n--) {
    if (suggestion.endsWith(suffix.slice(0, n))) return suggestion.slice(0, suggestion.length - n);
  }
  return suggestion;
}
