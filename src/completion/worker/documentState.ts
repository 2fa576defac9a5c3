// The RNN state that follows a document. Reading a whole file for every request would take far too
// long, so each document keeps a chain: the decoder starts fresh at `origin` (a line start) and
// snapshots of its state are kept along the text it has read. A request restores the nearest snapshot
// at or before the first difference from what was read before, and reads only the rest.
import type { ByteDecoder, DecoderSnapshot } from '../../model/lm/types';
import type { DocumentAdaptation } from '../../model/lm/dynamicEvaluation';
import { characterBoundary } from '../../text/spans';
import type { TextEdit } from './protocol';

/** The model reads at least this much text before the cursor (the chain starts again when it gets twice as long). */
export const CONTEXT_CHARS = 1024;
export const CHAIN_MAX_CHARS = 2 * CONTEXT_CHARS;
/** Text before the chain that the decoder may remember without reading it (the match model's search space). */
const REMEMBER_CHARS = 6 * 1024;
/** What the client sends: enough for the chain to stay put while the cursor moves forward a while, and to remember. */
export const WINDOW_CHARS = CHAIN_MAX_CHARS + REMEMBER_CHARS;
/** Snapshot spacing along the text read; an edit costs at most this much re-reading before the edit. */
const SNAPSHOT_EVERY = 64;
/** Snapshots taken at cursors (off the regular grid) that are kept, newest first. */
const CURSOR_SNAPSHOTS = 4;
/** Characters read between checks for a newer request. */
const CHUNK = 16;

export interface PrepareResult {
  /** False when a newer request arrived before the state reached the cursor. */
  done: boolean;
  fedBytes: number;
}

const encoder = new TextEncoder();

function commonPrefixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}


/** Notes a byte about to be fed, for dynamic evaluation (see ../../model/lm/dynamicEvaluation). */
export type ByteObserver = (byte: number) => void;

export class DocumentState {
  /** Offset in the document where the chain starts (-1: no chain). */
  origin = -1;
  /** The document's adapted output layer, when dynamic evaluation is on. */
  adaptation: DocumentAdaptation | undefined;
  /**
   * Document offset up to which text has been observed for adaptation: text is learnt from once, so
   * re-reading it after an edit or a new chain observes nothing. Moves with edits before it.
   */
  private observedUpTo = 0;
  /** The text the chain has read, from `origin`. */
  private read = '';
  /** Decoder states after reading read[0, key). Key 0 is the fresh state. */
  private readonly snapshots = new Map<number, DecoderSnapshot>();

  get snapshotCount(): number {
    return this.snapshots.size;
  }

  /** Moves or invalidates the chain after the document changed. */
  applyEdits(edits: TextEdit[]): void {
    this.moveObserved(edits);
    if (this.origin < 0) return;
    let shift = 0;
    let firstChange = Infinity;
    for (const e of edits) {
      if (e.offset + e.removed <= this.origin) shift += e.inserted - e.removed;
      else if (e.offset < this.origin) return this.clear();
      else firstChange = Math.min(firstChange, e.offset - this.origin);
    }
    // Changes before the chain only move it; the chain's states do not depend on that text.
    this.origin += shift;
    if (firstChange < this.read.length) this.truncate(firstChange);
  }

  private moveObserved(edits: TextEdit[]): void {
    let upTo = this.observedUpTo;
    for (const e of edits) if (e.offset < upTo && e.offset + e.removed > upTo) upTo = e.offset; // cut into: from there on it is new
    let shift = 0;
    for (const e of edits) if (e.offset + e.removed <= upTo) shift += e.inserted - e.removed;
    this.observedUpTo = upTo + shift;
  }

  clear(): void {
    this.origin = -1;
    this.read = '';
    this.snapshots.clear();
  }

  /**
   * Leaves `decoder` in the state after reading the document up to the cursor, where `text` is the
   * document from `windowStart` to the cursor. Stops early when `isStale()` turns true.
   */
  prepare(decoder: ByteDecoder, windowStart: number, text: string, isStale: () => boolean, observe?: ByteObserver): PrepareResult {
    const cursor = windowStart + text.length;
    if (this.origin < windowStart || this.origin > cursor || cursor - this.origin > CHAIN_MAX_CHARS) {
      this.startChain(decoder, windowStart, text);
    }
    const target = text.slice(this.origin - windowStart);
    this.truncate(commonPrefixLength(this.read, target));
    const from = this.nearestSnapshot(this.read.length);
    const state = this.snapshots.get(from)!;
    decoder.restore(state);
    this.truncate(from);

    let fedBytes = 0;
    let at = from;
    while (at < target.length) {
      if (isStale()) return { done: false, fedBytes };
      const nextGrid = (Math.floor(at / SNAPSHOT_EVERY) + 1) * SNAPSHOT_EVERY;
      let end = characterBoundary(target, Math.min(at + CHUNK, nextGrid, target.length));
      if (end <= at) end = Math.min(at + 2, target.length); // a surrogate pair straddles the grid line
      fedBytes += this.feed(decoder, target, at, end, observe);
      this.read = target.slice(0, end);
      at = end;
      if (at % SNAPSHOT_EVERY === 0) this.snapshots.set(at, decoder.snapshot());
    }
    this.keepCursorSnapshot(decoder, target.length);
    return { done: true, fedBytes };
  }

  /** Feeds target[at, end); the part beyond what was observed before goes through `observe` first, byte by byte. */
  private feed(decoder: ByteDecoder, target: string, at: number, end: number, observe?: ByteObserver): number {
    const cut = observe ? characterBoundary(target, Math.min(end, Math.max(at, this.observedUpTo - this.origin))) : end;
    const known = encoder.encode(target.slice(at, cut));
    decoder.feedAll(known);
    if (cut >= end) return known.length;
    const fresh = encoder.encode(target.slice(cut, end));
    for (let i = 0; i < fresh.length; i++) {
      observe!(fresh[i]);
      decoder.feed(fresh[i]);
    }
    this.observedUpTo = this.origin + end;
    return known.length + fresh.length;
  }

  /** A fresh chain starting at a line start about CONTEXT_CHARS before the cursor (or at the window's start). */
  private startChain(decoder: ByteDecoder, windowStart: number, text: string): void {
    let start = Math.max(0, text.length - CONTEXT_CHARS);
    if (start > 0 || windowStart > 0) {
      const newline = text.indexOf('\n', start);
      // Starting at a line start reads better for the model; a huge single line starts mid-line.
      if (newline >= 0 && newline < text.length - 1 && newline - start < CONTEXT_CHARS / 2) start = newline + 1;
      start = characterBoundary(text, start);
    }
    this.clear();
    this.origin = windowStart + start;
    decoder.reset();
    // Every snapshot of the chain carries this text. Later edits before the chain leave it stale, which
    // only costs a worse guess: the network's state, which is exact, does not depend on it.
    decoder.remember?.(encoder.encode(text.slice(characterBoundary(text, Math.max(0, start - REMEMBER_CHARS)), start)));
    this.snapshots.set(0, decoder.snapshot());
  }

  private nearestSnapshot(limit: number): number {
    let best = 0;
    for (const k of this.snapshots.keys()) if (k <= limit && k > best) best = k;
    return best;
  }

  /** Forgets what was read from `length` on. */
  private truncate(length: number): void {
    if (length >= this.read.length) return;
    this.read = this.read.slice(0, length);
    for (const k of [...this.snapshots.keys()]) if (k > length) this.snapshots.delete(k);
  }

  private readonly cursorKeys: number[] = [];

  private keepCursorSnapshot(decoder: ByteDecoder, at: number): void {
    if (at % SNAPSHOT_EVERY === 0) return;
    this.snapshots.set(at, decoder.snapshot());
    const keys = this.cursorKeys.filter((k) => k !== at && this.snapshots.has(k));
    keys.unshift(at);
    for (const k of keys.splice(CURSOR_SNAPSHOTS)) this.snapshots.delete(k);
    this.cursorKeys.splice(0, this.cursorKeys.length, ...keys);
  }
}
