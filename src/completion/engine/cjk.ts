// Han, kana and Hangul: scripts written without spaces between words, one character a syllable or a word,
// two columns wide. Several shaping stages treat them apart from letters of spaced scripts.

const CJK_LETTER = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]$/u;
/** CJK punctuation and full-width forms: as wide as the letters. */
const WIDE_PUNCTUATION = /^[\u3000-\u303f\uff00-\uffef]$/u;

/** One character (a code point) of a CJK script. */
export function isCjkLetter(ch: string): boolean {
  return CJK_LETTER.test(ch);
}

/** Two columns wide in an editor: CJK letters, punctuation and full-width forms. */
export function isWide(ch: string): boolean {
  return CJK_LETTER.test(ch) || WIDE_PUNCTUATION.test(ch);
}
