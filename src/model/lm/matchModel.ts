// A match model over the bytes read so far, as in the PAQ family of compressors: find the most recent
// earlier place where the last MIN_MATCH bytes occurred, and predict the byte that followed it there.
// A small recurrent network remembers style, not the exact identifier three screens up; this does, and
// it costs O(1) per byte. Its prediction is mixed with the network's distribution by `MixedDecoder`.
// A fine-tuned model adds a memory of its training text, searched when the document has no match.
import { contextHash, indexContexts, sharedContextLength } from './byteContexts';
import type { MatchMemory } from './matchMemory';

/**
 * Bytes of context that must repeat before the match model guesses (one CJK character, a short word).
 * Short matches are often wrong, but their weight is learnt apart from long ones': on this project's own
 * sources and docs 3 gave the fewest bits per byte of 2, 3, 4, 5, 6 and 8 (2.31 against 2.51 for 6;
 * models/lm/MODEL_CARD.md says how it was measured).
 */
export const MIN_MATCH = 3;
/** How far back a match can reach; older text slides out. */
export const HISTORY_CAP = 1 << 16;
const HASH_BITS = 16;
/** Match-length buckets, each with its own learnt confidence: 3, 4-5, 6-7, 8-11, 12-15, 16+. */
const BUCKET_LIMITS = [4, 6, 8, 12, 16, Infinity];
export const BUCKETS = BUCKET_LIMITS.length;
/** Where the current match points: earlier in the document, or into the memory. */
const DOCUMENT = 0;
const MEMORY = 1;
/**
 * Prior weight per bucket, worth PRIOR_COUNT observations, so that a new document starts sensibly and
 * adapts: what the mixture learnt per bucket reading this project's own sources and docs (text the model
 * was not trained on) with a checkpoint of the base model's training. Memory matches start from the
 * same priors and learn their own weights, since another file's repeat is a weaker hint than this file's.
 */
const PRIOR_WEIGHT = [0.3, 0.49, 0.56, 0.61, 0.7, 0.8];
const PRIOR_COUNT = 8;

/** Context compared backwards when a match is found: its length picks the bucket, 16+ is the last. */
const MAX_CONTEXT = 32;

/** What MatchModel.snapshot() copies out; treat as opaque. */
export interface MatchSnapshot {
  readonly history: Uint8Array;
  readonly pointer: number;
  readonly matchLength: number;
  readonly source: number;
  readonly mass: Float32Array;
  readonly count: Float32Array;
}

function bucketOf(length: number): number {
  let b = 0;
  while (length >= BUCKET_LIMITS[b]) b++;
  return b;
}

export class MatchModel {
  private history = new Uint8Array(2 * HISTORY_CAP);
  private source = DOCUMENT;
  private length = 0;
  /** hash of the MIN_MATCH bytes ending at position p (exclusive) -> p + 1; 0 is empty. */
  private readonly table = new Int32Array(1 << HASH_BITS);
  private tableValid = true;
  /** Where the predicted byte is (in `history`, or in the memory's bytes), when matchLength > 0. */
  private pointer = 0;
  private matchLength = 0;
  /**
   * Per source and bucket (document buckets first, then memory buckets): responsibility mass credited
   * to the match and observations (online EM for the weight). Float32, as when the priors and the
   * documented figures were measured.
   */
  readonly mass = new Float32Array(2 * BUCKETS);
  readonly count = new Float32Array(2 * BUCKETS);

  constructor(private readonly memory?: MatchMemory) {
    if (memory && memory.contextLength !== MIN_MATCH) throw new Error(`a match memory needs ${MIN_MATCH}-byte contexts`);
    this.reset();
  }

  reset(): void {
    this.length = 0;
    this.matchLength = 0;
    this.pointer = 0;
    this.source = DOCUMENT;
    this.table.fill(0);
    this.tableValid = true;
    for (let b = 0; b < 2 * BUCKETS; b++) {
      this.mass[b] = PRIOR_WEIGHT[b % BUCKETS] * PRIOR_COUNT;
      this.count[b] = PRIOR_COUNT;
    }
  }

  /** The byte the match predicts, or -1 when there is no match. */
  get predicted(): number {
    if (this.matchLength === 0) return -1;
    return this.source === MEMORY ? this.memory!.bytes[this.pointer] : this.history[this.pointer];
  }

  /** Weight of the match's prediction in the mixture (0 without a match). */
  get weight(): number {
    if (this.matchLength === 0) return 0;
    const b = this.bucket();
    return this.mass[b] / this.count[b];
  }

  /** Whether the current match points into the memory rather than the document. */
  get fromMemory(): boolean {
    return this.matchLength > 0 && this.source === MEMORY;
  }

  private bucket(): number {
    return this.source * BUCKETS + bucketOf(this.matchLength);
  }

  get currentMatchLength(): number {
    return this.matchLength;
  }

  /**
   * Learns from the byte that came, given the probability the network gave it (`networkP`), then
   * reads it. The weight update is one step of online EM for a two-component mixture.
   */
  update(byte: number, networkP: number): void {
    if (this.matchLength > 0) {
      const b = this.bucket();
      const w = this.mass[b] / this.count[b];
      const hit = this.predicted === byte ? w : 0;
      const responsibility = hit / (hit + (1 - w) * networkP);
      this.mass[b] += responsibility;
      this.count[b] += 1;
    }
    this.push(byte);
  }

  /** Reads a byte without learning (generation: the byte came from the model itself). */
  push(byte: number): void {
    if (this.length === this.history.length) this.slide();
    const continues = this.matchLength > 0 && this.predicted === byte;
    this.history[this.length++] = byte;
    if (continues) {
      this.pointer++;
      this.matchLength++;
      // A memory match that reached the end of the memory has nothing left to predict.
      if (this.source === MEMORY && this.pointer >= this.memory!.bytes.length) this.matchLength = 0;
    } else {
      this.matchLength = 0;
    }
    if (this.length < MIN_MATCH) return;
    if (!this.tableValid) this.rebuildTable();
    const h = this.hashAt(this.length);
    if (this.matchLength === 0) this.findMatch(h);
    this.table[h] = this.length + 1;
  }

  /** Looks for the current context earlier in the document, then in the memory. */
  private findMatch(hash: number): void {
    const { history, length, memory } = this;
    const candidate = this.table[hash] - 1;
    if (candidate >= MIN_MATCH && sharedContextLength(history, candidate, history, length, MIN_MATCH) === MIN_MATCH) {
      this.source = DOCUMENT;
      this.pointer = candidate;
      this.matchLength = sharedContextLength(history, candidate, history, length, MAX_CONTEXT);
      return;
    }
    const at = memory?.find(history, length) ?? -1;
    if (at >= 0) {
      this.source = MEMORY;
      this.pointer = at;
      this.matchLength = sharedContextLength(memory!.bytes, at, history, length, MAX_CONTEXT);
    }
  }

  /**
   * The state as values: the text read and the learnt weights. The memory is not in it: it never changes,
   * and a snapshot is only restored into a decoder of the same model.
   */
  snapshot(): MatchSnapshot {
    return {
      history: this.history.slice(0, this.length), pointer: this.pointer, matchLength: this.matchLength,
      source: this.source, mass: this.mass.slice(), count: this.count.slice(),
    };
  }

  restore(snapshot: MatchSnapshot): void {
    if (snapshot.source === MEMORY && !this.memory) throw new Error('the snapshot has a memory match, this model has no memory');
    this.history.set(snapshot.history);
    this.length = snapshot.history.length;
    this.pointer = snapshot.pointer;
    this.matchLength = snapshot.matchLength;
    this.source = snapshot.source;
    this.mass.set(snapshot.mass);
    this.count.set(snapshot.count);
    // Rebuilt on the next lookup: a restore is often followed by another restore before any read.
    this.tableValid = false;
  }

  private hashAt(end: number): number {
    return contextHash(this.history, end, MIN_MATCH, HASH_BITS);
  }

  private rebuildTable(): void {
    this.table.fill(0);
    indexContexts(this.table, this.history, this.length, MIN_MATCH, HASH_BITS);
    this.tableValid = true;
  }

  /** Keeps the newest HISTORY_CAP bytes. */
  private slide(): void {
    const drop = this.length - HISTORY_CAP;
    this.history.copyWithin(0, drop, this.length);
    this.length -= drop;
    // A memory match points into the memory, which does not move.
    if (this.source === DOCUMENT) {
      if (this.matchLength > 0 && this.pointer - drop >= MIN_MATCH) this.pointer -= drop;
      else this.matchLength = 0;
    }
    this.tableValid = false;
  }
}
