// The tokenizer a sentiment model was trained with, by the name its metadata records.
import { chineseCharTokens, chineseWordTokens } from './chineseTokenizer';
import { tokenize } from './tokenizer';

export const TOKENIZER_NAMES = ['en-words', 'zh-chars', 'zh-words'] as const;
export type TokenizerName = (typeof TOKENIZER_NAMES)[number];

/** Metadata without a tokenizer (models written before there was a choice) are English word models. */
export const DEFAULT_TOKENIZER: TokenizerName = 'en-words';

export function isTokenizerName(value: unknown): value is TokenizerName {
  return (TOKENIZER_NAMES as readonly unknown[]).includes(value);
}

/** The language a tokenizer reads: what text a model can be given. */
export function tokenizerLanguage(name: TokenizerName): 'en' | 'zh' {
  return name === 'en-words' ? 'en' : 'zh';
}

/** Text -> tokens; `variants` (traditional -> simplified characters) applies to the Chinese tokenizers. */
export function tokenizerFor(name: TokenizerName, variants?: ReadonlyMap<string, string>): (text: string) => string[] {
  switch (name) {
    case 'en-words': return tokenize;
    case 'zh-chars': return (text) => chineseCharTokens(text, variants);
    case 'zh-words': return (text) => chineseWordTokens(text, variants);
  }
}
