// What the language model does at each byte of a window of text: the bits it spent on the byte, the mean
// of its update and reset gates and its hidden state. The window is read from a fresh state at its start.
// Snapshots every SNAPSHOT_EVERY bytes let a changed window be read again only from its first changed byte
// (an edit, or text added at the end), and give what only the character under the pointer needs (its next
// characters, one unit's gates) by reading at most SNAPSHOT_EVERY bytes again (`stateAfter`).
import { softmaxAt } from '../lm/softmax';
import type { ByteDecoder, DecoderSnapshot } from '../lm/types';

/** The decoder calls a trace needs (FastByteDecoder has them). */
export interface InspectableDecoder extends ByteDecoder {
  /** Hidden size of the last recurrent layer. */
  readonly units: number;
  readonly gruLayers: number;
  readGates(layer: number, z: Float32Array, r: Float32Array): void;
  readHidden(out: Float32Array): void;
  /** The last recurrent layer's output after the last byte fed (a live view the next step overwrites). */
  readonly hidden: Float32Array;
  /** The next byte's logits (a view the next feed or restore overwrites). */
  logits(): Float32Array;
}

export const SNAPSHOT_EVERY = 64;

/** Bits of a probability, floored so that a byte the model ruled out still costs a finite number. */
export function bitsOf(p: number): number {
  return -Math.log2(Math.max(p, 1e-30));
}

export class InsideTrace {
  readonly units: number;
  private readonly layer: number;
  private capacity = 0;
  private text = new Uint8Array(0);
  /** Bytes read (the window's length in bytes). */
  length = 0;
  /** Per byte: bits the model spent on it, given the bytes before it in the window. */
  bits = new Float32Array(0);
  /** Per byte, `units` each: the hidden state h after reading it. */
  hidden = new Float32Array(0);
  /** Per byte: means of z and r over the units. */
  zMean = new Float32Array(0);
  rMean = new Float32Array(0);
  /** States after bytes [0, k · SNAPSHOT_EVERY). */
  private readonly snapshots: DecoderSnapshot[] = [];

  constructor(private readonly decoder: InspectableDecoder) {
    if (decoder.gruLayers === 0) throw new Error('looking inside a model needs a GRU language model');
    this.units = decoder.units;
    this.layer = decoder.gruLayers - 1;
  }

  /** The window's bytes as read. */
  get bytes(): Uint8Array {
    return this.text.subarray(0, this.length);
  }

  /**
   * Reads `bytes` as the new window: what is unchanged at its start is kept, the rest is read again from
   * the last snapshot before the first difference. Returns the first byte read again (bytes.length: none).
   */
  update(bytes: Uint8Array): number {
    let same = 0;
    const n = Math.min(this.length, bytes.length);
    while (same < n && this.text[same] === bytes[same]) same++;
    if (same === bytes.length && same === this.length) return same;
    const k = Math.min(Math.floor(same / SNAPSHOT_EVERY), this.snapshots.length - 1);
    const from = k < 0 ? 0 : k * SNAPSHOT_EVERY;
    this.snapshots.length = Math.max(k + 1, 0);
    this.grow(bytes.length);
    this.text.set(bytes);
    this.length = bytes.length;
    try {
      this.read(from);
    } catch (e) {
      // A read that failed part way leaves nothing that counts as read: the next update reads from the start.
      this.length = 0;
      this.snapshots.length = 0;
      throw e;
    }
    return from;
  }

  private read(from: number): void {
    const d = this.decoder, H = this.units;
    if (from === 0) {
      d.reset();
      this.snapshots.length = 0;
      this.snapshots.push(d.snapshot());
    } else {
      d.restore(this.snapshots[from / SNAPSHOT_EVERY]);
    }
    // Only the probability of the byte that came is needed: softmaxAt gives it as nextProbabilities would.
    const z = new Float32Array(H), r = new Float32Array(H), h = d.hidden;
    for (let i = from; i < this.length; i++) {
      const b = this.text[i];
      this.bits[i] = bitsOf(softmaxAt(d.logits(), b));
      d.feed(b);
      d.readGates(this.layer, z, r);
      let zs = 0, rs = 0;
      for (let j = 0; j < H; j++) { zs += z[j]; rs += r[j]; }
      this.zMean[i] = zs / H;
      this.rMean[i] = rs / H;
      this.hidden.set(h, i * H);
      if ((i + 1) % SNAPSHOT_EVERY === 0) this.snapshots.push(d.snapshot());
    }
  }

  /**
   * Leaves the decoder in the state after reading bytes [0, end) of the window (0 < end ≤ length), its
   * last byte fed, so that its gates can be read too.
   */
  stateAfter(end: number): void {
    if (!(end > 0 && end <= this.length)) throw new RangeError(`no byte ${end - 1} in the window`);
    const k = Math.min(Math.floor((end - 1) / SNAPSHOT_EVERY), this.snapshots.length - 1);
    this.decoder.restore(this.snapshots[k]);
    for (let i = k * SNAPSHOT_EVERY; i < end; i++) this.decoder.feed(this.text[i]);
  }

  private grow(n: number): void {
    if (n <= this.capacity) return;
    const cap = Math.max(n, 2 * this.capacity, 1024);
    const H = this.units;
    const grown = <T extends Float32Array | Uint8Array>(old: T, size: number, make: (s: number) => T): T => {
      const a = make(size);
      a.set(old);
      return a;
    };
    const f32 = (s: number) => new Float32Array(s);
    this.text = grown(this.text, cap, (s) => new Uint8Array(s));
    this.bits = grown(this.bits, cap, f32);
    this.hidden = grown(this.hidden, cap * H, f32);
    this.zMean = grown(this.zMean, cap, f32);
    this.rMean = grown(this.rMean, cap, f32);
    this.capacity = cap;
  }
}
