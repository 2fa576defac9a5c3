// Tokens of Chinese text for the Chinese sentiment model. No word segmenter has to ship: 'zh-words' uses
// the runtime's own Intl.Segmenter (ICU's dictionary; the bundled model's choice, see its card), and
// 'zh-chars' makes every Han character a token. NFKC first, so full-width letters, digits and
// punctuation read as their ASCII forms; traditional characters read as simplified through the model's
// variant table (one character for one, built from OpenCC's table at training time), and anything else
// unknown becomes OOV.

import { chineseSentenceRanges } from '../../text/chinese';

/** A Han character; a run of Latin letters ("ipad", "win"); any other visible character alone. */
const CHAR_TOKEN = /\p{Script=Han}|\p{Script=Latin}+|[^\s\p{M}\p{Cf}]/gu;
const HAN = /\p{Script=Han}/gu;
/** Made on first use: loading ICU's Chinese dictionary is wasted on a character model. */
let wordSegmenter: Intl.Segmenter | undefined;

export type ChineseTokenizerName = 'zh-chars' | 'zh-words';

/** NFKC, lower case, traditional characters through `variants` (traditional -> simplified). */
export function normalizeChinese(text: string, variants?: ReadonlyMap<string, string>): string {
  const normalized = text.normalize('NFKC').toLowerCase();
  return variants && variants.size > 0 ? normalized.replace(HAN, (c) => variants.get(c) ?? c) : normalized;
}

/** Characters as tokens, Latin words whole; white space, combining marks and format characters dropped. */
export function chineseCharTokens(text: string, variants?: ReadonlyMap<string, string>): string[] {
  return normalizeChinese(text, variants).match(CHAR_TOKEN) ?? [];
}

/** Intl.Segmenter('zh') words as tokens, and every other visible character alone. */
export function chineseWordTokens(text: string, variants?: ReadonlyMap<string, string>): string[] {
  const tokens: string[] = [];
  wordSegmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  for (const { segment, isWordLike } of wordSegmenter.segment(normalizeChinese(text, variants))) {
    if (isWordLike) tokens.push(segment);
    else for (const c of segment.match(CHAR_TOKEN) ?? []) tokens.push(c);
  }
  return tokens;
}

/** The sentences of a review as the editor cuts Chinese text (../../text/chinese), trimmed. */
export function chineseSentences(text: string): string[] {
  return chineseSentenceRanges(text).map(([a, b]) => text.slice(a, b).trim()).filter((s) => s !== '');
}
