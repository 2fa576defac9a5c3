// A match model over the bytes read so far, as in the PAQ family of compressors: find the most recent
// earlier place where the last MIN_MATCH bytes occurred, and predict the byte that followed it there.
// A small recurrent network remembers style, not the exact identifier three screens up; this does, and
// it costs O(1) per byte. Its prediction is mixed with the network's distribution by `MixedDecoder`.

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
/**
 * Prior weight per bucket, worth PRIOR_COUNT observations, so that a new document starts sensibly and
 * adapts: what the mixture learnt per bucket reading this project's own sources and docs (text the model
 * was not trained on) with a checkpoint of the base model's training.
 */
const PRIOR_WEIGHT = [0.3, 0.49, 0.56, 0.61, 0.7, 0.8];
const PRIOR_COUNT = 8;

function bucketOf(length: number): number {
  let b = 0;
  while (length >= BUCKET_LIMITS[b]) b++;
  return b;
}

export class MatchModel {
  private history = new Uint8Array(2 * HISTORY_CAP);
  private length = 0;
  /** hash of the MIN_MATCH bytes ending at position p (exclusive) -> p + 1; 0 is empty. */
  private readonly table = new Int32Array(1 << HASH_BITS);
  private tableValid = true;
  /** Where the predicted byte is in `history`, when matchLength > 0. */
  private pointer = 0;
  private matchLength = 0;
  /**
   * Per bucket: responsibility mass credited to the match and observations (online EM for the weight).
   * Float32, so that a snapshot holds them exactly.
   */
  readonly mass = new Float32Array(BUCKETS);
  readonly count = new Float32Array(BUCKETS);

  constructor() {
    this.reset();
  }

  reset(): void {
    this.length = 0;
    this.matchLength = 0;
    this.pointer = 0;
    this.table.fill(0);
    this.tableValid = true;
    for (let b = 0; b < BUCKETS; b++) {
      this.mass[b] = PRIOR_WEIGHT[b] * PRIOR_COUNT;
      this.count[b] = PRIOR_COUNT;
    }
  }

  /** The byte the match predicts, or -1 when there is no match. */
  get predicted(): number {
    return this.matchLength > 0 ? this.history[this.pointer] : -1;
  }

  /** Weight of the match's prediction in the mixture (0 without a match). */
  get weight(): number {
    if (this.matchLength === 0) return 0;
    const b = bucketOf(this.matchLength);
    return this.mass[b] / this.count[b];
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
      const b = bucketOf(this.matchLength);
      const w = this.mass[b] / this.count[b];
      const hit = this.history[this.pointer] === byte ? w : 0;
      const responsibility = hit / (hit + (1 - w) * networkP);
      this.mass[b] += responsibility;
      this.count[b] += 1;
    }
    this.push(byte);
  }

  /** Reads a byte without learning (generation: the byte came from the model itself). */
  push(byte: number): void {
    if (this.length === this.history.length) this.slide();
    const continues = this.matchLength > 0 && this.history[this.pointer] === byte;
    this.history[this.length++] = byte;
    if (continues) {
      this.pointer++;
      this.matchLength++;
    } else {
      this.matchLength = 0;
    }
    if (this.length < MIN_MATCH) return;
    if (!this.tableValid) this.rebuildTable();
    const h = this.hashAt(this.length);
    if (this.matchLength === 0) {
      const candidate = this.table[h] - 1;
      if (candidate >= MIN_MATCH && this.sameContext(candidate, this.length)) {
        this.pointer = candidate;
        this.matchLength = this.extendBack(candidate, this.length);
      }
    }
    this.table[h] = this.length + 1;
  }

  /** Floats in a snapshot: header, bucket statistics, then the history packed 3 bytes a float. */
  snapshotLength(): number {
    return 3 + 2 * BUCKETS + Math.ceil(this.length / 3);
  }

  /** Writes the state at `out[offset..]`; exact in float32 (integers below 2^24, counts well below). */
  writeSnapshot(out: Float32Array, offset: number): void {
    out[offset] = this.length;
    out[offset + 1] = this.pointer;
    out[offset + 2] = this.matchLength;
    for (let b = 0; b < BUCKETS; b++) {
      out[offset + 3 + b] = this.mass[b];
      out[offset + 3 + BUCKETS + b] = this.count[b];
    }
    const h = this.history;
    let o = offset + 3 + 2 * BUCKETS;
    for (let i = 0; i < this.length; i += 3) out[o++] = h[i] | (h[i + 1] << 8) | (h[i + 2] << 16);
  }

  readSnapshot(state: Float32Array, offset: number): void {
    const length = state[offset];
    if (!Number.isInteger(length) || length < 0 || length > this.history.length) throw new Error('not a match-model snapshot');
    this.length = length;
    this.pointer = state[offset + 1];
    this.matchLength = state[offset + 2];
    for (let b = 0; b < BUCKETS; b++) {
      this.mass[b] = state[offset + 3 + b];
      this.count[b] = state[offset + 3 + BUCKETS + b];
    }
    let o = offset + 3 + 2 * BUCKETS;
    for (let i = 0; i < length; i += 3) {
      const v = state[o++];
      this.history[i] = v & 0xff;
      if (i + 1 < length) this.history[i + 1] = (v >> 8) & 0xff;
      if (i + 2 < length) this.history[i + 2] = (v >> 16) & 0xff;
    }
    // Rebuilt on the next lookup: a restore is often followed by another restore before any read.
    this.tableValid = false;
  }

  private hashAt(end: number): number {
    const h = this.history;
    let x = 0;
    for (let i = end - MIN_MATCH; i < end; i++) x = Math.imul(x ^ h[i], 0x9e3779b1);
    return x >>> (32 - HASH_BITS);
  }

  private sameContext(a: number, b: number): boolean {
    for (let i = 1; i <= MIN_MATCH; i++) if (this.history[a - i] !== this.history[b - i]) return false;
    return true;
  }

  /** Length of the common context ending at a and at b (at least MIN_MATCH, capped at 32). */
  private extendBack(a: number, b: number): number {
    let n = MIN_MATCH;
    while (n < 32 && a - n > 0 && this.history[a - n - 1] === this.history[b - n - 1]) n++;
    return n;
  }

  private rebuildTable(): void {
    this.table.fill(0);
    for (let end = MIN_MATCH; end < this.length; end++) this.table[this.hashAt(end)] = end + 1;
    this.tableValid = true;
  }

  /** Keeps the newest HISTORY_CAP bytes. */
  private slide(): void {
    const drop = this.length - HISTORY_CAP;
    this.history.copyWithin(0, drop, this.length);
    this.length -= drop;
    if (this.matchLength > 0 && this.pointer - drop >= MIN_MATCH) this.pointer -= drop;
    else this.matchLength = 0;
    this.tableValid = false;
  }
}
