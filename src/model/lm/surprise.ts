// How surprising each line of a file is to the language model, read from the file's start as the editor's
// decoder reads it (state carried across lines). Lines whose bytes cost unusually many bits for this file
// are where a typo, a swapped operator or a missing token tends to be (Ray et al., "On the 'Naturalness'
// of Buggy Code", ICSE 2016). How the score was chosen, and how well it finds planted errors, is in
// docs/BENCHMARKS.md (scripts/bench-planted-errors.ts).
import { findInconsistencies, type InconsistencyKind } from '../../text/inconsistencies';
import { findLookalikes, type Lookalike } from '../../text/lookalikes';
import type { ScoringDecoder } from './types';

export interface LineSurprise {
  /** 1-based line number. */
  line: number;
  /** Bytes of the line, its newline included. */
  bytes: number;
  /** Bits the model spent on those bytes. */
  bits: number;
  bitsPerByte: number;
  /** The ranking score (see `surpriseScores`): higher is more surprising. */
  surprise: number;
  /** Byte offset (in the file) of the line's most surprising byte, for "expected instead" hovers. */
  peakOffset: number;
  /** A word of the line that occurs only here and is one typo away from a word used elsewhere in the file. */
  lookalike?: Lookalike;
  /** How the line disagrees with the rest of the file by one small edit (see ../../text/inconsistencies). */
  inconsistency?: InconsistencyKind;
}

/** The model's most likely next bytes at every position: `bytes[i * k + j]` is the j-th at byte i. */
export interface TopPredictions {
  k: number;
  bytes: Uint8Array;
  probabilities: Float32Array;
}

const NEWLINE = 0x0a;
/** Larger files are not scored: at about 30,000 bytes per second a megabyte already takes half a minute. */
export const MAX_SURPRISE_BYTES = 1 << 20;

export interface ByteCosts {
  bits: Float64Array;
  entropy: Float64Array;
  top?: TopPredictions;
}

/**
 * Bits spent on every byte of `bytes`, and the entropy of the prediction each was drawn against (the bits
 * the model expected to spend there); with `top` > 0 also the `top` likeliest bytes at each position. The
 * decoder is reset first and left at the file's end.
 */
export function byteCosts(decoder: ScoringDecoder, bytes: Uint8Array, top = 0): ByteCosts {
  const reader = new ByteCostReader(decoder, bytes, top);
  reader.readUntil(bytes.length);
  return reader.costs;
}

/**
 * byteCosts a part at a time, for a caller that must let other work use the decoder in between (it then
 * snapshots the decoder after a part and restores it before the next).
 */
export class ByteCostReader {
  readonly costs: ByteCosts;
  /** Bytes read so far. */
  at = 0;
  private readonly p = new Float32Array(256);

  constructor(private readonly decoder: ScoringDecoder, private readonly bytes: Uint8Array, top = 0) {
    this.costs = {
      bits: new Float64Array(bytes.length), entropy: new Float64Array(bytes.length),
      top: top > 0 ? { k: top, bytes: new Uint8Array(bytes.length * top), probabilities: new Float32Array(bytes.length * top) } : undefined,
    };
    decoder.reset();
  }

  /** Reads on up to byte `end` (exclusive). */
  readUntil(end: number): void {
    const { decoder, bytes, p } = this, { bits, entropy, top } = this.costs;
    for (let i = this.at; i < Math.min(end, bytes.length); i++) {
      decoder.nextProbabilities(p);
      let h = 0;
      for (let b = 0; b < 256; b++) if (p[b] > 0) h -= p[b] * Math.log2(p[b]);
      bits[i] = -Math.log2(Math.max(p[bytes[i]], 1e-30));
      entropy[i] = h;
      if (top) keepLikeliest(p, top, i);
      decoder.feed(bytes[i]);
      this.at = i + 1;
    }
  }
}

/** Insertion of each byte into position i's short list, likeliest first. */
function keepLikeliest(p: Float32Array, best: TopPredictions, i: number): void {
  const { k } = best, at = i * k;
  let filled = 0;
  for (let b = 0; b < 256; b++) {
    if (filled === k && p[b] <= best.probabilities[at + k - 1]) continue;
    let j = Math.min(filled, k - 1);
    while (j > 0 && best.probabilities[at + j - 1] < p[b]) {
      best.probabilities[at + j] = best.probabilities[at + j - 1];
      best.bytes[at + j] = best.bytes[at + j - 1];
      j--;
    }
    best.probabilities[at + j] = p[b];
    best.bytes[at + j] = b;
    if (filled < k) filled++;
  }
}

/** The bytes [start, end) of each line, its newline included (a last line without one too). */
export function lineRanges(bytes: Uint8Array): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === NEWLINE) { ranges.push([start, i + 1]); start = i + 1; }
  }
  if (start < bytes.length) ranges.push([start, bytes.length]);
  return ranges;
}

/**
 * Bytes a surprising stretch may span: about a token (of 4, 5 and 6 bytes, 4 found the most planted errors
 * on the tuning files, by a point or two).
 */
export const PEAK_WINDOW = 4;
/**
 * Comment lines count for this share of their score: prose is always dear to a model of code, and a
 * comment that surprises is rarely a mistake.
 */
export const COMMENT_WEIGHT = 0.25;
/** Added (in units of the file's per-byte spread) to a line holding a lookalike word. */
export const LOOKALIKE_BONUS = 8;
/**
 * Added to a line that disagrees with the rest of its file (../../text/inconsistencies): an operator or
 * an order of arguments the file has the other way elsewhere is as strong a sign as a lookalike word or
 * stronger; a dropped token or a mismatched bracket, which ordinary code shows more often, weaker. (On the
 * tuning files 12 and 4 found nearly as many planted errors as 12 and 8, and put no right line of the
 * unchanged files among their 3 highest; docs/BENCHMARKS.md.)
 */
export const INCONSISTENCY_BONUS: Record<InconsistencyKind, number> = {
  operator: 12, 'argument order': 12, 'dropped token': 4, bracket: 4,
};
/**
 * The bytes of a name where it first occurs, when the file uses it again further down, count for this
 * share: a new name is dear to any model wherever it is introduced, and a name used again is not a typo.
 */
export const NEW_NAME_WEIGHT = 0.3;

const NAME = /[A-Za-z_][A-Za-z0-9_]*/g;

/**
 * Per byte, the bits the model spent beyond what it expected to spend there (the entropy of its
 * prediction), 0 where it spent less: a byte that came cheaper does not make up for its neighbour's cost.
 * With the file's `bytes`, a name's first occurrence weighs NEW_NAME_WEIGHT when the name comes again.
 */
export function modelExcess(bits: Float64Array, entropy: Float64Array, bytes?: Uint8Array): Float64Array {
  const excess = bits.map((b, i) => Math.max(0, b - entropy[i]));
  if (!bytes) return excess;
  const latin = new TextDecoder('latin1').decode(bytes);
  const first = new Map<string, number>(), again = new Set<string>();
  for (const m of latin.matchAll(NAME)) {
    if (first.has(m[0])) again.add(m[0]);
    else first.set(m[0], m.index);
  }
  for (const name of again) {
    const at = first.get(name)!;
    for (let i = at; i < at + name.length; i++) excess[i] *= NEW_NAME_WEIGHT;
  }
  return excess;
}

/** Lines that begin with a comment marker (`//`, `/*`, `*`, `#` but not `#include`, `--`, `<!--`). */
const COMMENT_LINE = /^[ \t]*(\/\/|\/\*|\*|#(?![A-Za-z[!])|--|<!--)/;

/**
 * The score by which lines are ranked: the largest excess of bits over the prediction's own entropy (bits
 * spent where the model was sure; see `modelExcess`) in any stretch of `PEAK_WINDOW` bytes of the line,
 * above the file's mean excess and in units of its per-byte spread; comment lines weigh less, a line with a lookalike word (see
 * ../../text/lookalikes) gets LOOKALIKE_BONUS, and one that disagrees with the rest of the file (see
 * ../../text/inconsistencies) INCONSISTENCY_BONUS of its kind. A planted error is local (one token), so a stretch-sized
 * peak finds it whatever the line's length; raw bits would favour long lines, bits per byte short ones.
 */
export function surpriseScores(
  excess: Float64Array, ranges: Array<[number, number]>, bytes?: Uint8Array,
): { score: number; peak: number; lookalike?: Lookalike; inconsistency?: InconsistencyKind }[] {
  const n = excess.length;
  let sum = 0, sq = 0;
  for (let i = 0; i < n; i++) { sum += excess[i]; sq += excess[i] * excess[i]; }
  const mean = n ? sum / n : 0;
  const spread = n ? Math.sqrt(Math.max(1e-9, sq / n - mean * mean)) : 1;
  // One character per byte, so that string offsets are byte offsets (identifiers are ASCII).
  const latin = bytes ? new TextDecoder('latin1').decode(bytes) : '';
  const lookalikes = bytes ? findLookalikes(latin) : [];
  const comment = ranges.map(([start, end]) => COMMENT_LINE.test(latin.slice(start, end)));
  const inconsistencies = bytes ? findInconsistencies(ranges.map(([start, end], i) => (comment[i] ? '' : latin.slice(start, end)))) : [];
  let nextLookalike = 0;
  return ranges.map(([start, end], line) => {
    let best = -Infinity, peak = start, window = 0;
    for (let i = start; i < end; i++) {
      window += excess[i] - mean;
      if (i - start >= PEAK_WINDOW) window -= excess[i - PEAK_WINDOW] - mean;
      if (window > best) { best = window; peak = i; }
    }
    // Point at the first costliest byte inside the best stretch.
    let at = Math.max(start, peak - PEAK_WINDOW + 1);
    for (let i = at + 1; i <= peak; i++) if (excess[i] > excess[at]) at = i;
    let score = end > start ? best / spread : 0;
    if (comment[line]) score *= COMMENT_WEIGHT;
    while (nextLookalike < lookalikes.length && lookalikes[nextLookalike].start < start) nextLookalike++;
    const lookalike = nextLookalike < lookalikes.length && lookalikes[nextLookalike].start < end ? lookalikes[nextLookalike] : undefined;
    if (lookalike) {
      score += LOOKALIKE_BONUS;
      at = lookalike.start;
      for (let i = lookalike.start + 1; i < lookalike.end; i++) if (excess[i] > excess[at]) at = i;
    }
    const inconsistency = inconsistencies[line]?.kind;
    if (inconsistency) {
      score += INCONSISTENCY_BONUS[inconsistency];
      // Point at what the hover accuses (a lookalike word, when there is one, is named first).
      if (!lookalike) at = start + inconsistencies[line]!.at;
    }
    return { score, peak: at, lookalike, ...(inconsistency && { inconsistency }) };
  });
}

/** Every line of the file with its bits and surprise score, in order. */
export function lineSurprises(decoder: ScoringDecoder, bytes: Uint8Array): LineSurprise[] {
  return surprisesFromCosts(byteCosts(decoder, bytes), lineRanges(bytes), bytes);
}

/** The lines' surprises from the per-byte costs of `byteCosts` over `bytes`. */
export function surprisesFromCosts(
  { bits, entropy }: ByteCosts, ranges: Array<[number, number]>, bytes: Uint8Array,
): LineSurprise[] {
  const scores = surpriseScores(modelExcess(bits, entropy, bytes), ranges, bytes);
  return ranges.map(([start, end], i) => {
    let b = 0;
    for (let j = start; j < end; j++) b += bits[j];
    const { score, peak, lookalike, inconsistency } = scores[i];
    return {
      line: i + 1, bytes: end - start, bits: b, bitsPerByte: b / (end - start), surprise: score, peakOffset: peak,
      ...(lookalike && { lookalike }), ...(inconsistency && { inconsistency }),
    };
  });
}
