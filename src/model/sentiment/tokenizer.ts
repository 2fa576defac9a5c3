// Word tokenizer shared by training and inference. SST-2 is lower-cased and Penn-Treebank tokenized
// ("it 's", "do n't", "ca n't"); editor text is not ("It's", "don't", "can't"). Both must give the
// same tokens, so the canonical form is the treebank one: clitics split off as their own tokens.

const segmenter = new Intl.Segmenter('en', { granularity: 'word' });

/** Clitics the treebank splits off a word. */
const CLITIC = /^(.+?)(n't|'s|'re|'ve|'ll|'d|'m)$/;
/** A treebank clitic separated from its word by spaces: glued back before segmenting. */
const SPACED_CLITIC = /(\p{L}) +(n't|'s|'re|'ve|'ll|'d|'m)(?!\p{L})/gu;
/** Apostrophe look-alikes and quote marks, unified so "’" and "'" tokenize alike. */
const APOSTROPHES = /[\u2018\u2019\u02bc\u0060\u00b4]/g;
/** Quote tokens carry no sentiment and differ between sources (`` '' vs "): dropped. */
const QUOTES = /^['"\u201c\u201d\u00ab\u00bb]+$/;

/** Lower-cased tokens of `text` in the canonical (treebank-like) form. */
export function tokenize(text: string): string[] {
  const normalized = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(APOSTROPHES, "'")
    .replace(SPACED_CLITIC, '$1$2');
  const tokens: string[] = [];
  for (const { segment, isWordLike } of segmenter.segment(normalized)) {
    if (isWordLike) {
      const m = CLITIC.exec(segment);
      if (m) tokens.push(m[1], m[2]);
      else tokens.push(segment);
    } else if (segment.trim() !== '' && !QUOTES.test(segment)) {
      tokens.push(segment);
    }
  }
  return tokens;
}
