// Keystroke savings: what a person saves by accepting suggestions while typing a file, the measure of
// text-prediction work (e.g. Trnka & McCoy 2008). A file is replayed as if typed, character by character;
// wherever a suggestion is shown, the typist accepts the longest run of whole words of it that the real
// text continues with — Tab when all of it matches, else one Ctrl+→ per word — if that saves keystrokes,
// and goes on after the accepted text; otherwise types the next character. Each acceptance key costs one
// keystroke: savings = (bytes accepted − acceptance keystrokes) / bytes replayed.

/** A character of a word, as the editor's word completion and word-by-word accept see it. */
export const WORD_CHAR = /[\p{L}\p{N}_]/u;
/** The editor's "next word" units: leading separators, then one run of word characters (CJK runs too). */
const UNITS = /[^\p{L}\p{N}_]*[\p{L}\p{N}_]+|[^\p{L}\p{N}_]+/gu;

const encoder = new TextEncoder();

/** A suggestion cut into the pieces Ctrl+→ accepts one at a time, as UTF-8 byte arrays. */
export function wordUnits(suggestion: string): Uint8Array[] {
  return (suggestion.match(UNITS) ?? []).map((u) => encoder.encode(u));
}

/** True when `real` continues at `at` with exactly `bytes`. */
function continuesWith(real: Uint8Array, at: number, bytes: Uint8Array): boolean {
  if (at + bytes.length > real.length) return false;
  for (let i = 0; i < bytes.length; i++) if (real[at + i] !== bytes[i]) return false;
  return true;
}

export interface Acceptance {
  /** Bytes taken from the suggestion (0: none). */
  bytes: number;
  /** Keys pressed to take them: 1 for Tab (all of it), else one per word. */
  keys: number;
  /** The suggestion's first word is what follows (the measure of precision). */
  firstWordRight: boolean;
}

/** What a typist who knows the real text takes of `suggestion` at byte `at` of `real`. */
export function bestAcceptance(suggestion: string, real: Uint8Array, at: number): Acceptance {
  const units = wordUnits(suggestion);
  let bytes = 0, matchedUnits = 0;
  for (const u of units) {
    if (!continuesWith(real, at + bytes, u)) break;
    bytes += u.length;
    matchedUnits++;
  }
  const firstWordRight = units.length > 0 && matchedUnits > 0;
  if (matchedUnits === 0) return { bytes: 0, keys: 0, firstWordRight };
  // All of it: one Tab. Part of it: the cheapest number of Ctrl+→ presses is the count of matched words.
  const keys = matchedUnits === units.length ? 1 : matchedUnits;
  return bytes > keys ? { bytes, keys, firstWordRight } : { bytes: 0, keys: 0, firstWordRight };
}

/** True at a pause between words: after a space, punctuation, a line start or a CJK character. */
export function isWordBoundary(textBefore: string): boolean {
  const last = textBefore.slice(-1);
  if (last === '') return true;
  if (!WORD_CHAR.test(last)) return true;
  return /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(last);
}

/** Running totals of one replay (the model's or the word-completion baseline's). */
export class KeystrokeTally {
  replayedBytes = 0;
  acceptedBytes = 0;
  acceptKeys = 0;
  shown = 0;
  firstWordRight = 0;
  boundaries = 0;
  boundaryShown = 0;
  boundaryFirstWordRight = 0;
  midWords = 0;
  midWordShown = 0;
  midWordFirstWordRight = 0;

  /** Records the suggestion shown (or not, '') at a cursor; returns how many bytes the typist skips. */
  record(suggestion: string, real: Uint8Array, at: number, atBoundary: boolean): number {
    if (atBoundary) this.boundaries++;
    else this.midWords++;
    if (suggestion === '') return 0;
    const a = bestAcceptance(suggestion, real, at);
    this.shown++;
    this.firstWordRight += Number(a.firstWordRight);
    if (atBoundary) {
      this.boundaryShown++;
      this.boundaryFirstWordRight += Number(a.firstWordRight);
    } else {
      this.midWordShown++;
      this.midWordFirstWordRight += Number(a.firstWordRight);
    }
    this.acceptedBytes += a.bytes;
    this.acceptKeys += a.keys;
    return a.bytes;
  }

  summary(): KeystrokeSummary {
    const r = (x: number, n: number) => (n === 0 ? 0 : Number((x / n).toFixed(4)));
    return {
      keystrokeSavings: r(this.acceptedBytes - this.acceptKeys, this.replayedBytes),
      precision: r(this.firstWordRight, this.shown),
      shownPer100Bytes: r(this.shown * 100, this.replayedBytes),
      wordBoundary: { shownRate: r(this.boundaryShown, this.boundaries), precision: r(this.boundaryFirstWordRight, this.boundaryShown) },
      midWord: { shownRate: r(this.midWordShown, this.midWords), precision: r(this.midWordFirstWordRight, this.midWordShown) },
    };
  }
}

export interface KeystrokeSummary {
  /** (bytes accepted − acceptance keystrokes) / bytes replayed. */
  keystrokeSavings: number;
  /** Share of shown suggestions whose first word is what follows. */
  precision: number;
  shownPer100Bytes: number;
  /** At pauses between words (after a space, punctuation or a CJK character): how often something is shown, and how often its first word is right. */
  wordBoundary: { shownRate: number; precision: number };
  /** The same inside a word being typed. */
  midWord: { shownRate: number; precision: number };
}
