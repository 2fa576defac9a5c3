// How surprising each line of a file is to the language model, read from the file's start as the editor's
// decoder reads it (state carried across lines). Lines whose bytes cost unusually many bits for this file
// are where a typo, a swapped operator or a missing token tends to be (Ray et al., "On the 'Naturalness'
// of Buggy Code", ICSE 2016).
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
}

const NEWLINE = 0x0a;

/**
 * Bits spent on every byte of `bytes`, and the entropy of the prediction each was drawn against (the bits
 * the model expected to spend there). The decoder is reset first and left at the file's end.
 */
export function byteCosts(decoder: ScoringDecoder, bytes: Uint8Array): { bits: Float64Array; entropy: Float64Array } {
  const bits = new Float64Array(bytes.length), entropy = new Float64Array(bytes.length);
  const p = new Float32Array(256);
  decoder.reset();
  for (let i = 0; i < bytes.length; i++) {
    decoder.nextProbabilities(p);
    let h = 0;
    for (let b = 0; b < 256; b++) if (p[b] > 0) h -= p[b] * Math.log2(p[b]);
    bits[i] = -Math.log2(Math.max(p[bytes[i]], 1e-30));
    entropy[i] = h;
    decoder.feed(bytes[i]);
  }
  return { bits, entropy };
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

/** Bytes a surprising stretch may span: about one token. */
export const PEAK_WINDOW = 4;

/**
 * The score by which lines are ranked: the largest excess of bits over the file's mean in any stretch of
 * `PEAK_WINDOW` bytes of the line, in units of the file's per-byte spread. A planted error is local (one
 * token), so a stretch-sized peak finds it whatever the line's length; raw bits would favour long lines,
 * bits per byte short ones, and the file's own mean and spread make scores of files of different
 * predictability comparable.
 */
export function surpriseScores(bits: Float64Array, ranges: Array<[number, number]>): { score: number; peak: number }[] {
  const n = bits.length;
  let sum = 0, sq = 0;
  for (let i = 0; i < n; i++) { sum += bits[i]; sq += bits[i] * bits[i]; }
  const mean = n ? sum / n : 0;
  const spread = n ? Math.sqrt(Math.max(1e-9, sq / n - mean * mean)) : 1;
  return ranges.map(([start, end]) => {
    let best = -Infinity, peak = start, window = 0;
    for (let i = start; i < end; i++) {
      window += bits[i] - mean;
      if (i - start >= PEAK_WINDOW) window -= bits[i - PEAK_WINDOW] - mean;
      if (window > best) { best = window; peak = i; }
    }
    // Point at the first costliest byte inside the best stretch.
    let at = Math.max(start, peak - PEAK_WINDOW + 1);
    for (let i = at + 1; i <= peak; i++) if (bits[i] > bits[at]) at = i;
    return { score: end > start ? best / spread : 0, peak: at };
  });
}

/** Every line of the file with its bits and surprise score, in order. */
export function lineSurprises(decoder: ScoringDecoder, bytes: Uint8Array): LineSurprise[] {
  return surprisesFromCosts(byteCosts(decoder, bytes), lineRanges(bytes));
}

/** The lines' surprises from the per-byte costs of `byteCosts`. */
export function surprisesFromCosts({ bits, entropy }: ReturnType<typeof byteCosts>, ranges: Array<[number, number]>): LineSurprise[] {
  const scores = surpriseScores(bits.map((b, i) => b - entropy[i]), ranges);
  return ranges.map(([start, end], i) => {
    let b = 0;
    for (let j = start; j < end; j++) b += bits[j];
    return { line: i + 1, bytes: end - start, bits: b, bitsPerByte: b / (end - start), surprise: scores[i].score, peakOffset: scores[i].peak };
  });
}
