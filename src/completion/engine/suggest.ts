// The completion pipeline, free of the editor so that the provider, the worker, the CLI's eval-lm and
// the tests all run the same code: context check -> generation -> shaping stages -> minimum size.
import type { ByteDecoder } from '../../model/lm/types';
import { balanceBrackets } from './brackets';
import { cursorInsideWord } from './context';
import { dropTooShort } from './minimumSize';
import { generate, type GenerateOptions } from './generate';
import { cutPartialWord } from './partialWord';
import { cutRepetition } from './repetition';
import { trimSuffixOverlap } from './suffixOverlap';

export type SuggestOptions = GenerateOptions;

/** The editor's defaults (settings gruScribe.completions.*), shared by every caller of the pipeline. */
export const DEFAULT_SUGGEST_OPTIONS = { maxBytes: 48, multiline: false, temperature: 0, minProbability: 0.2 } as const;

/** Shapes raw model output into what the editor shows; '' means nothing worth showing. */
export function shapeSuggestion(raw: string, linePrefix: string, lineSuffix: string): string {
  let text = cutRepetition(linePrefix, raw);
  text = trimSuffixOverlap(text, lineSuffix);
  text = balanceBrackets(text, linePrefix, lineSuffix);
  return dropTooShort(text);
}

/**
 * The suggestion for a cursor between `linePrefix` and `lineSuffix` (the text of the cursor's line on
 * either side). The decoder must already have read the document up to the cursor; its state is
 * restored before returning. Returns '' for no suggestion.
 */
export function suggestCompletion(decoder: ByteDecoder, linePrefix: string, lineSuffix: string, options: SuggestOptions): string {
  if (cursorInsideWord(lineSuffix) || options.maxBytes <= 0) return '';
  const saved = decoder.snapshot();
  try {
    const { text, unsureOf } = generate(decoder, { ...options, multiline: options.multiline && lineSuffix.trim() === '' });
    return shapeSuggestion(cutPartialWord(text, unsureOf), linePrefix, lineSuffix);
  } finally {
    decoder.restore(saved);
  }
}
