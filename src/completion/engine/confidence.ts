// How much of a generated continuation is shown, from the model's confidence. A ghost text is worth
// accepting when all of it is right, so a suggestion normally stops where the probability of all of it
// falls below the whole-suggestion cut-off (the minConfidence setting). At a pause between words that
// leaves nothing most of the time: the next word is rarely more likely than that. There the next word
// alone is shown when its own probability reaches a lower cut-off, calibrated on held-out text for each
// script and kind of text (see docs/BENCHMARKS.md, "Suggestions at pauses"). In the middle of a word, the
// rest of it is shown only with evidence: the finished word is in the document, or the model is sure.
// In code the first word decides: a suggestion whose first word is under its cut-off is withheld, since a
// typist judges a suggestion by its first word (the cut-offs are set so that at least half of those shown
// start right). Prose keeps what the whole-suggestion cut-off allows.
import { mainLanguage } from '../../text/judgeable';
import { isCjkLetter, isWide } from './cjk';

/** Prose (Markdown, plain text) or code: they differ in how predictable the next word is. */
export type TextKind = 'prose' | 'code';
/**
 * Scripts written with spaces between words; CJK (no spaces; a character is a syllable or a word); or a
 * spaced script in a document mostly in Chinese (the Latin command names and options of a Chinese manual).
 */
export type Script = 'spaced' | 'cjk' | 'spacedInCjk';

export interface CutOffs {
  /**
   * The first word of a suggestion at a pause (or after a word, when the suggestion goes on with punctuation):
   * where the whole-suggestion cut-off stops inside it, it alone is shown when it is this likely. With
   * `withholdFirstWord`, it also withholds any suggestion whose first word is less likely.
   */
  nextWord: number;
  /**
   * A suggestion whose first word is under its cut-off is withheld, however sure the rest (code); without it,
   * what the whole-suggestion cut-off allows is shown (prose, whatever the minConfidence setting).
   */
  withholdFirstWord?: boolean;
  /** Inside a word the document does not contain finished: its end is shown when its probability reaches this. */
  wordEnd: number;
  /** Inside a word the document contains finished: its end is shown when its probability reaches this (default 0). */
  knownWordEnd?: number;
  /**
   * At a pause: the whole-suggestion cut-off, where it is higher than the setting's (text whose pauses the
   * model rarely gets right); Infinity shows nothing there.
   */
  pause?: number;
  /**
   * In a line's indentation (blank up to the cursor), where the suggestion goes on with more blanks: the
   * cut-off of its first word in place of `nextWord`; Infinity shows nothing there.
   */
  indentation?: number;
}

/**
 * Code, where a suggestion is withheld unless its first word is likely: shown, it is right at least half the
 * time after a fine-tune (precision 50%), and keystroke savings fall as little as they can for that. Chosen
 * with `tune-cutoffs.js --withhold` on the tune split of two projects' fine-tuning files, with a model
 * fine-tuned on the rest (docs/BENCHMARKS.md, "Withholding unlikely suggestions"). Inside a line's
 * indentation nothing is shown: the model's next word is often right there and its depth wrong.
 */
const CODE_CUT_OFFS: CutOffs = { nextWord: 0.6, wordEnd: 0.55, knownWordEnd: 0.2, indentation: Infinity, withholdFirstWord: true };

/**
 * Prose: calibrated with `node out/scripts/tune-cutoffs.js` on the tune split of the base corpus's held-out files
 * (scripts/bench-pauses.ts), in the keystroke replay that docs/BENCHMARKS.md reports ("Suggestions at
 * pauses"): at pauses, the lowest cut-off at which at least one suggestion in eight shown at the pauses of
 * that kind and script has the right next word (precision 12.5%), and keystroke savings do not fall. Inside
 * a word, 0.3, where the end of the word is right 67-72% of the time judged cursor by cursor (65-70% at the
 * whole-suggestion cut-off alone). CJK in code had no data: it keeps the more careful 0.1. Pauses of a spaced
 * script in mostly-Chinese prose (the Latin names of a Chinese manual, its line starts) are right under 10% of
 * the time whatever the cut-off, even where the whole suggestion is at 0.6: nothing is shown there. Code has
 * no data for them and keeps its spaced cut-offs.
 */
export const CUT_OFFS: Record<TextKind, Record<Script, CutOffs>> = {
  prose: {
    spaced: { nextWord: 0.15, wordEnd: 0.3 },
    cjk: { nextWord: 0.05, wordEnd: 0.3 },
    spacedInCjk: { nextWord: Infinity, wordEnd: 0.3, pause: Infinity },
  },
  code: {
    spaced: CODE_CUT_OFFS,
    cjk: { nextWord: 0.1, wordEnd: 0.3 },
    spacedInCjk: CODE_CUT_OFFS,
  },
};

const WORD_CHAR = /[\p{L}\p{N}_]/u;
/** Characters before the cursor whose main script decides whether a document is mostly Chinese. */
const SCRIPT_WINDOW = 1000;
const words = new Intl.Segmenter(undefined, { granularity: 'word' });

/**
 * The script of the text being typed: that of the last character before the cursor that is not blank.
 * CJK punctuation and full-width forms (，。「」（）：) count as CJK: what follows them is CJK text. A spaced
 * script (or a line start) where the document before the cursor is mostly Chinese is `spacedInCjk`.
 */
export function scriptBefore(linePrefix: string, textBefore = linePrefix): Script {
  const last = [...linePrefix.trimEnd()].pop() ?? '';
  if (isWide(last)) return 'cjk';
  return mainLanguage(textBefore.slice(-SCRIPT_WINDOW)).language === 'zh' ? 'spacedInCjk' : 'spaced';
}

/** True when the cursor follows a letter, digit or underscore of a spaced script: a word is being typed. */
export function typingWord(linePrefix: string): boolean {
  const last = [...linePrefix].pop() ?? '';
  return WORD_CHAR.test(last) && !isCjkLetter(last);
}

/** The word being typed: the word characters just before the cursor. */
function wordBeingTyped(linePrefix: string): string {
  let start = linePrefix.length;
  while (start > 0 && WORD_CHAR.test(linePrefix[start - 1])) start--;
  return linePrefix.slice(start);
}

/** Code points of `text` up to the end of its first word (separators before it included); 0 when it has none. */
export function firstWordEnd(text: string): number {
  for (const s of words.segment(text)) {
    if (s.isWordLike) return [...text.slice(0, s.index + s.segment.length)].length;
  }
  return 0;
}

/** Code points at the start of `text` that continue the word being typed. */
function wordContinuation(text: string): number {
  let n = 0;
  for (const ch of text) {
    if (!WORD_CHAR.test(ch) || isCjkLetter(ch)) break;
    n++;
  }
  return n;
}

/** True when `word` occurs as a whole word in `text`. */
export function containsWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    const before = at === 0 ? '' : text[at - 1];
    const after = text[at + word.length] ?? '';
    if (!WORD_CHAR.test(before) && !WORD_CHAR.test(after)) return true;
  }
  return false;
}

/** Text before the cursor searched for the finished word (about the window the worker is sent). */
const EVIDENCE_CHARS = 8192;

export interface ConfidenceContext {
  linePrefix: string;
  /** The document before the cursor (its end is `linePrefix`). */
  textBefore: string;
  kind: TextKind;
  /** The whole-suggestion cut-off. */
  minProbability: number;
}

/**
 * How many code points of `text` to show, given `confidences` (the probability of the text up to and
 * including each code point). 0 shows nothing.
 */
export function shownLength(
  text: string, confidences: number[], context: ConfidenceContext, cutOffs = CUT_OFFS[context.kind][scriptBefore(context.linePrefix, context.textBefore)],
): number {
  const inWord = typingWord(context.linePrefix);
  const pauseCutOff = Math.max(context.minProbability, cutOffs.pause ?? 0);
  const wholeCutOff = inWord ? context.minProbability : pauseCutOff;
  let whole = 0;
  while (whole < confidences.length && confidences[whole] >= wholeCutOff) whole++;
  if (inWord) {
    const continued = wordContinuation(text);
    if (continued > 0) {
      // The rest of the word being typed: shown with evidence, the finished word in the document or a sure model.
      const typed = wordBeingTyped(context.linePrefix);
      const word = typed + [...text].slice(0, continued).join('');
      const before = context.textBefore.slice(-EVIDENCE_CHARS, context.textBefore.length - typed.length);
      const p = confidences[continued - 1];
      const evident = p >= cutOffs.wordEnd || (p >= (cutOffs.knownWordEnd ?? 0) && containsWord(before, word));
      return evident ? Math.max(whole, continued) : 0;
    }
  }
  // The first word (with what comes before it; all of it when it holds no word) is what the typist judges
  // a suggestion by: one whose first word is unlikely is withheld, however long a sure tail it has.
  const first = firstWordEnd(text) || whole;
  if (first === 0) return 0;
  const indenting = context.linePrefix.trim() === '' && /^[ \t]/u.test(text);
  const cutOff = indenting ? cutOffs.indentation ?? cutOffs.nextWord : cutOffs.nextWord;
  if (confidences[first - 1] >= cutOff) return Math.max(whole, first);
  // Under its cut-off, the first word withholds the suggestion where the table says so (code: the first word
  // must be surer than the rest); elsewhere the cut-off only lets a word through that the whole-suggestion
  // cut-off would cut, and what that one allows is shown (prose), whatever the setting.
  return cutOffs.withholdFirstWord ? 0 : whole;
}

/**
 * The lowest cut-off any position of this kind uses (`cutOffs`: the ones replacing the calibrated cut-offs):
 * generation goes on until the confidence falls below it.
 */
export function lowestCutOff(kind: TextKind, minProbability: number, cutOffs?: CutOffs): number {
  const all = (cutOffs ? [cutOffs] : Object.values(CUT_OFFS[kind])).flatMap((c) => [c.nextWord, c.wordEnd]);
  return Math.min(minProbability, ...all);
}

const FINISHED_WORD = /[\p{L}\p{N}_][^\p{L}\p{N}_]/u;

/**
 * True once `text` holds a finished word (a word character followed by another): generation below the
 * whole-suggestion cut-off is only needed to judge the next word, or the end of the word being typed.
 */
export function holdsFinishedWord(text: string): boolean {
  return FINISHED_WORD.test(text);
}
