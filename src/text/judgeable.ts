// Which model, if any, should judge a piece of text: the English one, the Chinese one, or none, with the
// reason. One rule for the editor and the CLI, so that both say the same of the same sentence.

export type SentimentLanguage = 'en' | 'zh';
export const SENTIMENT_LANGUAGES: readonly SentimentLanguage[] = ['en', 'zh'];

/**
 * Why a sentence gets no label: no letters at all; mostly a script neither model reads (Cyrillic, kana,
 * Hangul, ...); a heading, a list label or another fragment rather than a sentence; or (found by the
 * model) mostly words it does not know.
 */
export type SkipReason = 'no-words' | 'other-script' | 'not-a-sentence' | 'unknown-words';

export type Route = { language: SentimentLanguage; skip?: undefined } | { skip: SkipReason; language?: SentimentLanguage };

const LETTER = /\p{L}/gu;
const LATIN = /\p{Script=Latin}/gu;
const HAN = /\p{Script=Han}/gu;
const LATIN_WORD = /\p{Script=Latin}+(?:['’]\p{Script=Latin}+)*/gu;
/**
 * A Han character weighs as much as this many Latin letters when the main script is counted: an English
 * word has some 4.5 letters, a Chinese word 1.5 characters, so the weights put both on a scale of words.
 */
const HAN_WEIGHT = 3;
/** Below this share of letters in Latin or Han script, text is in a script neither model reads. */
const MIN_READABLE_SHARE = 0.6;
/** Ends of a sentence anywhere in the text: a fragment has none. */
const SENTENCE_END = /[.!?;…。！？；]/;
/** Without an end, English text this short is a label ("Night Train", "Installation"), not a sentence. */
const MAX_LABEL_WORDS = 2;

const count = (text: string, re: RegExp) => text.match(re)?.length ?? 0;

/** The language of most of `text` by its letters (Han characters weighted, see HAN_WEIGHT), or why there is none. */
export function mainLanguage(text: string): Route {
  const letters = count(text, LETTER);
  if (letters === 0) return { skip: 'no-words' };
  const latin = count(text, LATIN);
  const han = count(text, HAN);
  if ((latin + han) / letters < MIN_READABLE_SHARE) return { skip: 'other-script' };
  return { language: han * HAN_WEIGHT >= latin ? 'zh' : 'en' };
}

/**
 * English text with no sentence end that is one or two words, or in title case ("The Lighthouse Keeper"):
 * a heading or a list label. Chinese has neither capitals nor spaces to tell a label from a short review
 * ("不错" is a whole review), so Chinese text is a fragment only where its document says so (a heading).
 */
function isEnglishLabel(text: string): boolean {
  if (SENTENCE_END.test(text)) return false;
  const words = text.match(LATIN_WORD) ?? [];
  if (words.length <= MAX_LABEL_WORDS) return true;
  const long = words.filter((w) => w.length >= 5);
  return long.length >= 2 && long.every((w) => w[0] !== w[0].toLowerCase());
}

/**
 * Where a sentence goes: to the model of its main script, or nowhere with a reason. `heading`: the
 * document marks it as a heading.
 */
export function routeSentence(text: string, options: { heading?: boolean } = {}): Route {
  const route = mainLanguage(text);
  if (route.skip) return route;
  if (options.heading || (route.language === 'en' && isEnglishLabel(text))) return { skip: 'not-a-sentence', language: route.language };
  return route;
}
