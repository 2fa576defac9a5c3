// Decides from the text around the cursor whether a completion makes sense at all.

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/**
 * True when a letter, digit or underscore follows the cursor: a suggestion would be inserted
 * into the middle of a word (or glued to the front of the next one), which is never what the user wants.
 */
export function cursorInsideWord(lineSuffix: string): boolean {
  return lineSuffix.length > 0 && WORD_CHAR.test(String.fromCodePoint(lineSuffix.codePointAt(0)!));
}
