// Contracts between the language-model core and its users (completions, CLI, training panel).

/** The recurrent cell of a language model. GRU is the product's model; the others exist for comparison. */
export type CellType = 'gru' | 'lstm' | 'simpleRnn';

/**
 * A decoder's state as its snapshot() took it, to be handed back to restore() of a decoder of the same
 * model. Opaque: what it holds is each decoder's own business (a subclass per kind of decoder).
 */
export abstract class DecoderSnapshot {
  /** Makes the type nominal: an arbitrary object is not a snapshot. */
  private declare readonly nominal: never;
}

/**
 * A stateful next-byte predictor over UTF-8 bytes (vocabulary of 256).
 * Feeding one byte costs one recurrent step; the state can be copied out and restored,
 * so a caller can rewind to an earlier position without re-reading the text.
 */
export interface ByteDecoder {
  /** Back to the state before any byte was read. */
  reset(): void;
  /** Reads one byte (0..255) and advances the state by one step. */
  feed(byte: number): void;
  /** Reads several bytes in order. */
  feedAll(bytes: Uint8Array): void;
  /**
   * The distribution of the next byte given everything fed since the last reset,
   * as 256 probabilities summing to 1. Writes into `out` when given.
   */
  nextProbabilities(out?: Float32Array): Float32Array;
  /** A copy of the recurrent state (and whatever is needed to compute the next distribution). */
  snapshot(): DecoderSnapshot;
  /** Returns to a state taken with snapshot() from a decoder of the same model. */
  restore(snapshot: DecoderSnapshot): void;
  /**
   * Right after reset(): text that comes before what will be fed, kept only where it is cheap to keep
   * (the match model searches it; the network does not read it). Optional.
   */
  remember?(bytes: Uint8Array): void;
}

/** A decoder that also scores the next byte in log space (the network, and the network mixed with a match model). */
export interface ScoringDecoder extends ByteDecoder {
  /** Natural log of the probability that the next byte is `byte`. */
  logProbability(byte: number): number;
}
