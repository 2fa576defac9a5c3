// The completion pipeline, free of the editor so that the provider, the worker, the CLI's eval-lm and
// the tests all run the same code: context check -> generation -> shaping stages -> minimum size.
import type { ByteDecoder } from '../../model/lm/types';
import { balanceBrackets } from './brackets';
import { holdsFinishedWord, lowestCutOff, shownLength, type ConfidenceContext, type CutOffs, type TextKind } from './confidence';
import { cursorInsideWord } from './context';
import { dropTooShort } from './minimumSize';
import { generate, type GenerateOptions, type Generated } from './generate';
import { cutPartialWord } from './partialWord';
import { cutRepetition } from './repetition';
import { trimSuffixOverlap } from './suffixOverlap';

export interface SuggestOptions extends GenerateOptions {
  /** Prose or code (from the document's language): each has its own cut-offs at pauses. Default prose. */
  kind?: TextKind;
  /** Besides the suggestion, up to this many other, distinct ones (for Alt+] / Alt+[). */
  alternatives?: number;
  /** Replace the calibrated cut-offs at pauses and inside words, for every script (for their calibration). */
  cutOffs?: CutOffs;
}

/** Sampled continuations tried for alternatives, at most. */
const ALTERNATIVE_TRIES = 6;
/** How alternatives are drawn: nucleus sampling, so that each is a likely continuation of its own. */
const ALTERNATIVE_SAMPLING = { temperature: 1, topP: 0.9 } as const;

/** The editor's defaults (settings gruScribe.completions.*), shared by every caller of the pipeline. */
export const DEFAULT_SUGGEST_OPTIONS = { maxBytes: 48, multiline: false, temperature: 0, minProbability: 0.2 } as const;

/** The first byte of a character, as far as cutPartialWord needs it (any byte of 0x80 or more is not a spaced-script word byte). */
function firstByte(ch: string | undefined): number | undefined {
  if (ch === undefined) return undefined;
  const code = ch.codePointAt(0)!;
  return code < 0x80 ? code : 0x80;
}

/** Shapes raw model output into what the editor shows; '' means nothing worth showing. */
export function shapeSuggestion(raw: string, linePrefix: string, lineSuffix: string): string {
  let text = cutRepetition(linePrefix, raw);
  text = trimSuffixOverlap(text, lineSuffix);
  text = balanceBrackets(text, linePrefix, lineSuffix);
  return dropTooShort(text);
}

/**
 * What is shown of a generated continuation: as much as the model is confident of (see ./confidence),
 * then shaped. `cutOffs` replaces the calibrated ones (for the calibration itself).
 */
export function shapeGenerated(generated: Generated, context: ConfidenceContext & { lineSuffix: string }, cutOffs?: CutOffs): string {
  const chars = [...generated.text];
  const shown = shownLength(generated.text, generated.confidences, context, cutOffs);
  const next = shown < chars.length ? firstByte(chars[shown]) : generated.unsureOf;
  return shapeSuggestion(cutPartialWord(chars.slice(0, shown).join(''), next), context.linePrefix, context.lineSuffix);
}

/**
 * The suggestion for a cursor between `linePrefix` and `lineSuffix` (the text of the cursor's line on
 * either side); `textBefore` is the document before the cursor (ending with `linePrefix`), where the word
 * being typed is looked for. The decoder must already have read the document up to the cursor; its state
 * is restored before returning. Returns '' for no suggestion.
 */
export function suggestCompletion(decoder: ByteDecoder, linePrefix: string, lineSuffix: string, options: SuggestOptions, textBefore = linePrefix): string {
  if (cursorInsideWord(lineSuffix) || options.maxBytes <= 0) return '';
  const kind = options.kind ?? 'prose';
  const minProbability = options.minProbability ?? 0;
  const saved = decoder.snapshot();
  try {
    const generated = generate(decoder, {
      ...options, minProbability, multiline: options.multiline && lineSuffix.trim() === '',
      extend: { minProbability: lowestCutOff(kind, minProbability, options.cutOffs), until: holdsFinishedWord },
    });
    return shapeGenerated(generated, { linePrefix, lineSuffix, textBefore, kind, minProbability }, options.cutOffs);
  } finally {
    decoder.restore(saved);
  }
}

/**
 * Other suggestions than `first` for the same cursor: continuations sampled with fixed seeds, shaped and
 * cut by the same rules, distinct from `first` and from each other; at most `options.alternatives`.
 */
export function suggestAlternatives(
  decoder: ByteDecoder, linePrefix: string, lineSuffix: string, options: SuggestOptions, textBefore: string, first: string,
): string[] {
  const seen = new Set([first]);
  const out: string[] = [];
  for (let seed = 1; seed <= ALTERNATIVE_TRIES && out.length < (options.alternatives ?? 0); seed++) {
    const text = suggestCompletion(decoder, linePrefix, lineSuffix, { ...options, ...ALTERNATIVE_SAMPLING, seed }, textBefore);
    if (text === '' || seen.has(text)) continue;
    seen.add(text);
    out.push(text);
  }
  return out;
}
