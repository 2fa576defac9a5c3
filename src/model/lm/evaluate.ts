// Judging a language model on files: bits per byte over every byte, and how the completions it would
// show compare with what was really typed next, against the word completion an editor offers anyway.
import type { ByteDecoder, ScoringDecoder } from './types';
import type { OutputAdapter } from './dynamicEvaluation';
import { isWordBoundary, KeystrokeTally, WORD_CHAR, type KeystrokeSummary } from './keystrokes';
import { mulberry32 } from './sampler';
import { codePointBytes, isContinuationByte } from '../../text/utf8';

export interface EvalFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * Produces the suggestion the editor would show; the decoder has read the file up to the cursor, and
 * `textBefore` is the file's text before it.
 */
export type Suggester = (decoder: ByteDecoder, linePrefix: string, textBefore: string, file: EvalFile) => string;

export interface CompletionScore extends KeystrokeSummary {
  acceptRate: number;
  meanMatchedBytes: number;
}

export interface LmEvaluation extends CompletionScore {
  bytes: number;
  bitsPerByte: number;
  positions: number;
  /** Bytes the keystroke replay covered (windows drawn with the seed, see `replayBytes`). */
  replayedBytes: number;
  baseline: { wordCompletion: CompletionScore };
  /** With dynamic evaluation: update steps taken and their cost (recording and steps) per KB read. */
  adaptation?: { steps: number; msPerKB: number };
}

/** The keystroke replay runs in windows of this many bytes, drawn with the seed. */
const REPLAY_WINDOW = 256;

const NEWLINE = 0x0a;
const CR = 0x0d;

/** Byte offsets where a cursor can stand for the evaluation: not at a line end, not inside a character. */
export function isEligibleOffset(bytes: Uint8Array, offset: number): boolean {
  if (offset >= bytes.length) return false;
  const b = bytes[offset];
  if (b === NEWLINE || isContinuationByte(b)) return false;
  return !(b === CR && bytes[offset + 1] === NEWLINE);
}

/** Where the line containing `offset` ends (the newline's offset, before a CR, or the file's end). */
export function lineEnd(bytes: Uint8Array, offset: number): number {
  let end = offset;
  while (end < bytes.length && bytes[end] !== NEWLINE) end++;
  if (end > offset && bytes[end - 1] === CR) end--;
  return end;
}

export function lineStart(bytes: Uint8Array, offset: number): number {
  let start = offset;
  while (start > 0 && bytes[start - 1] !== NEWLINE) start--;
  return start;
}

/**
 * `count` distinct positions drawn uniformly (with `seed`) over the eligible offsets of all files,
 * as [file index, offset] sorted by file then offset. Fewer when there are fewer eligible offsets.
 */
export function drawPositions(files: EvalFile[], count: number, seed: number): Array<[number, number]> {
  const eligible: Uint32Array[] = files.map((f) => {
    const offsets: number[] = [];
    for (let i = 0; i < f.bytes.length; i++) if (isEligibleOffset(f.bytes, i)) offsets.push(i);
    return Uint32Array.from(offsets);
  });
  const total = eligible.reduce((s, e) => s + e.length, 0);
  const n = Math.min(count, total);
  // Distinct global indices: a partial Fisher-Yates over a sparse map, so memory follows n, not total.
  const random = mulberry32(seed);
  const swapped = new Map<number, number>();
  const picks: number[] = [];
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (total - i));
    const vj = swapped.get(j) ?? j;
    swapped.set(j, swapped.get(i) ?? i);
    picks.push(vj);
  }
  picks.sort((a, b) => a - b);
  const out: Array<[number, number]> = [];
  let file = 0;
  let before = 0;
  for (const g of picks) {
    while (g >= before + eligible[file].length) before += eligible[file++].length;
    out.push([file, eligible[file][g - before]]);
  }
  return out;
}

/** Length in bytes of the common prefix of a and b. */
export function commonPrefixLength(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/** Scores one suggestion against the real rest of the line. */
function score(suggestion: Uint8Array, real: Uint8Array): { accepted: boolean; matched: number } {
  const matched = commonPrefixLength(suggestion, real);
  return { accepted: suggestion.length > 0 && matched === suggestion.length, matched };
}


/**
 * The editor's word completion without a model: the word being typed (word characters just before the
 * cursor) is completed with the most frequent longer word starting with it among the words earlier in
 * the file (ties: the most recent). One instance per file; words are counted as the cursor moves forward.
 */
export class WordCompletion {
  private readonly counts = new Map<string, { count: number; last: number }>();
  private seen = 0;

  /** Records the words of `text` that end at or before char index `end`, from where it last stopped. */
  private advance(text: string, end: number): void {
    let i = this.seen;
    while (i < end) {
      if (!WORD_CHAR.test(text[i])) { i++; continue; }
      let j = i;
      while (j < end && WORD_CHAR.test(text[j])) j++;
      const word = text.slice(i, j);
      const entry = this.counts.get(word);
      if (entry) { entry.count++; entry.last = i; } else this.counts.set(word, { count: 1, last: i });
      i = j;
    }
    this.seen = Math.max(this.seen, end);
  }

  /** The completion for a cursor at char index `cursor` of `text` ('' for none); cursors only move forward. */
  suggest(text: string, cursor: number): string {
    let start = cursor;
    while (start > 0 && WORD_CHAR.test(text[start - 1])) start--;
    // Words before the one being typed; `start` follows a non-word character, so no word is cut.
    this.advance(text, start);
    const typed = text.slice(start, cursor);
    if (typed === '') return '';
    let best = '';
    let bestCount = 0;
    let bestLast = -1;
    for (const [word, { count, last }] of this.counts) {
      if (word.length <= typed.length || !word.startsWith(typed)) continue;
      if (count > bestCount || (count === bestCount && last > bestLast)) {
        best = word;
        bestCount = count;
        bestLast = last;
      }
    }
    return best.slice(typed.length);
  }
}

/** Char index of each byte offset that starts a character (others are -1); length bytes+1. */
function charIndexOfOffsets(bytes: Uint8Array, text: string): Int32Array {
  const map = new Int32Array(bytes.length + 1).fill(-1);
  let offset = 0;
  let index = 0;
  for (const ch of text) {
    map[offset] = index;
    const cp = ch.codePointAt(0)!;
    offset += codePointBytes(cp);
    index += ch.length;
  }
  map[offset] = index;
  return map;
}

const encoder = new TextEncoder();
// ignoreBOM keeps a leading BOM in the text, so char indices stay aligned with byte offsets.
const decoder8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Runs the whole evaluation in one pass per file: at each byte the model's log-probability of it is
 * accumulated, and at each drawn position the suggestion is taken from the state at that point.
 */
export function evaluateLanguageModel(
  decoder: ScoringDecoder,
  files: EvalFile[],
  options: {
    positions: number; seed: number; suggest: Suggester; onProgress?: (fraction: number) => void;
    /** About this many bytes are replayed as typed for keystroke savings (all when the files are smaller). */
    replayBytes?: number;
    /** Dynamic evaluation: the output layer adapts to each file as it is read, from the trained weights at its start. */
    adapter?: OutputAdapter;
  },
): LmEvaluation {
  const { adapter } = options;
  let adaptMs = 0, steps = 0;
  const positions = drawPositions(files, options.positions, options.seed);
  const totalBytes = files.reduce((s, f) => s + f.bytes.length, 0);
  // Replay windows: each window of every file is replayed with the same probability, so the figures
  // estimate the whole files' without typing all of them (a suggestion per character costs ~1 ms).
  const replayShare = Math.min(1, (options.replayBytes ?? 0) / Math.max(1, totalBytes));
  const windowRandom = mulberry32(options.seed ^ 0x5eed);
  const modelTyping = new KeystrokeTally(), wordTyping = new KeystrokeTally();
  let nats = 0;
  let done = 0;
  const model = { accepted: 0, matched: 0 };
  const words = { accepted: 0, matched: 0 };
  let next = 0;
  files.forEach((file, fileIndex) => {
    const { bytes } = file;
    const text = decoder8.decode(bytes);
    const charAt = charIndexOfOffsets(bytes, text);
    const baseline = new WordCompletion();
    decoder.reset();
    const adaptation = adapter?.newDocument(fileIndex + 1);
    adapter?.use(adaptation);
    let windowActive = false;
    // Where each replaying typist's cursor is next: before it, the bytes were accepted from a suggestion.
    let modelNext = 0, wordNext = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (i % REPLAY_WINDOW === 0) windowActive = replayShare > 0 && windowRandom() < replayShare;
      const inModelReplay = windowActive || i < modelNext, inWordReplay = windowActive || i < wordNext;
      if (inModelReplay) modelTyping.replayedBytes++;
      if (inWordReplay) wordTyping.replayedBytes++;
      if (windowActive && !isContinuationByte(bytes[i]) && (i >= modelNext || i >= wordNext)) {
        const real = bytes.subarray(0, lineEnd(bytes, i));
        const prefixStart = lineStart(bytes, i);
        const linePrefix = decoder8.decode(bytes.subarray(prefixStart, i));
        const boundary = isWordBoundary(i === prefixStart ? '' : linePrefix);
        if (i >= modelNext) modelNext = i + modelTyping.record(options.suggest(decoder, linePrefix, text.slice(0, charAt[i]), file), real, i, boundary);
        if (i >= wordNext) wordNext = i + wordTyping.record(baseline.suggest(text, charAt[i]), real, i, boundary);
      }
      while (next < positions.length && positions[next][0] === fileIndex && positions[next][1] === i) {
        const real = bytes.subarray(i, lineEnd(bytes, i));
        const linePrefix = decoder8.decode(bytes.subarray(lineStart(bytes, i), i));
        const m = score(encoder.encode(options.suggest(decoder, linePrefix, text.slice(0, charAt[i]), file)), real);
        model.accepted += Number(m.accepted);
        model.matched += m.matched;
        const w = score(encoder.encode(baseline.suggest(text, charAt[i])), real);
        words.accepted += Number(w.accepted);
        words.matched += w.matched;
        next++;
      }
      nats -= decoder.logProbability(bytes[i]);
      if (adaptation) {
        const t0 = performance.now();
        adapter!.observe(adaptation, bytes[i]);
        adaptMs += performance.now() - t0;
      }
      decoder.feed(bytes[i]);
      if (adaptation?.ready) {
        const t0 = performance.now();
        steps += Number(adapter!.step(adaptation));
        adaptMs += performance.now() - t0;
      }
      if (++done % 65536 === 0) options.onProgress?.(done / totalBytes);
    }
  });
  adapter?.use(undefined);
  const n = positions.length;
  const rate = (x: number) => (n === 0 ? 0 : x / n);
  return {
    bytes: totalBytes,
    bitsPerByte: totalBytes === 0 ? 0 : nats / Math.LN2 / totalBytes,
    positions: n,
    acceptRate: rate(model.accepted),
    meanMatchedBytes: rate(model.matched),
    replayedBytes: modelTyping.replayedBytes,
    ...modelTyping.summary(),
    baseline: { wordCompletion: { acceptRate: rate(words.accepted), meanMatchedBytes: rate(words.matched), ...wordTyping.summary() } },
    ...(adapter ? { adaptation: { steps, msPerKB: totalBytes === 0 ? 0 : Number((adaptMs / (totalBytes / 1024)).toFixed(3)) } } : {}),
  };
}
