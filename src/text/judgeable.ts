// Whether an English sentiment model can say anything about a piece of text. Text in another script
// (Chinese, Cyrillic, ...) or without words gets no label rather than a made-up one.

export type SkipReason = 'no-words' | 'not-latin-script' | 'unknown-words';

const LETTER = /\p{L}/gu;
const LATIN = /\p{Script=Latin}/gu;

/** Undefined when the text looks like something the English model can judge, else why not. */
export function scriptSkipReason(text: string): SkipReason | undefined {
  const letters = text.match(LETTER)?.length ?? 0;
  if (letters === 0) return 'no-words';
  const latin = text.match(LATIN)?.length ?? 0;
  return latin / letters < 0.6 ? 'not-latin-script' : undefined;
}
