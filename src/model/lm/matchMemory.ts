// Text a fine-tuned model keeps from its training files, for the match model to search when the
// document itself has no match: a name defined in another file of the project, an import line, a call
// the user writes everywhere. The network learns the project's style; this copies its exact strings, as
// a compressor does when given the other files (xz's conditional cost in docs/BENCHMARKS.md).
// Read-only once built, so decoder snapshots never copy it.
import { contextHash, indexContexts, sharedContextLength } from './byteContexts';

/** Bytes kept at most: the first MEMORY_CAP bytes of the training text, in file order. */
export const MEMORY_CAP = 4 << 20;

export class MatchMemory {
  readonly bytes: Uint8Array;
  private readonly bits: number;
  /** hash of the `contextLength` bytes ending at p (exclusive) -> p + 1 for the last such p; 0 is empty. */
  private readonly table: Int32Array;

  constructor(text: Uint8Array, readonly contextLength: number) {
    this.bytes = text.length > MEMORY_CAP ? text.slice(0, MEMORY_CAP) : text;
    // About one slot per byte: collisions only cost a missed match, and a small memory stays small.
    this.bits = Math.min(22, Math.max(10, Math.ceil(Math.log2(this.bytes.length + 1))));
    this.table = new Int32Array(1 << this.bits);
    // Ends before the last byte only: a match must have a byte to predict.
    indexContexts(this.table, this.bytes, this.bytes.length, contextLength, this.bits);
  }

  /**
   * Where the last `contextLength` bytes of `history[..end]` occur in the memory, as the index of the byte
   * that followed them there, or -1.
   */
  find(history: Uint8Array, end: number): number {
    const n = this.contextLength;
    const at = this.table[contextHash(history, end, n, this.bits)] - 1;
    return at >= n && sharedContextLength(this.bytes, at, history, end, n) === n ? at : -1;
  }
}
