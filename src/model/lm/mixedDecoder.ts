// The decoder the product uses: the recurrent network's next-byte distribution mixed with the match
// model's prediction, p = w·[byte = match] + (1 − w)·p_network, where w is learnt per match length as
// the document is read. Text that repeats (identifiers, imports, names in a story) gets predicted from
// where it occurred before; everything else is the network's.
import type { MatchMemory } from './matchMemory';
import { MatchModel, type MatchSnapshot } from './matchModel';
import { DecoderSnapshot, type ScoringDecoder } from './types';

const VOCAB = 256;

class MixedSnapshot extends DecoderSnapshot {
  constructor(readonly network: DecoderSnapshot, readonly match: MatchSnapshot) {
    super();
  }
}

export class MixedDecoder implements ScoringDecoder {
  private readonly match: MatchModel;

  /** `memory`: a fine-tuned model's training text, searched when the document has no match. */
  constructor(readonly network: ScoringDecoder, memory?: MatchMemory) {
    this.match = new MatchModel(memory);
  }

  reset(): void {
    this.network.reset();
    this.match.reset();
  }

  feed(byte: number): void {
    const predicted = this.match.predicted;
    // The network's probability of the byte is only needed to credit the match model.
    const networkP = predicted >= 0 ? Math.exp(this.network.logProbability(byte)) : 0;
    this.network.feed(byte);
    this.match.update(byte, networkP);
  }

  /** Earlier text for the match model alone: costs a hash per byte instead of a recurrent step. */
  remember(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) this.match.push(bytes[i]);
  }

  feedAll(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) this.feed(bytes[i]);
  }

  nextProbabilities(out: Float32Array = new Float32Array(VOCAB)): Float32Array {
    this.network.nextProbabilities(out);
    const predicted = this.match.predicted;
    if (predicted < 0) return out;
    const w = this.match.weight;
    for (let b = 0; b < VOCAB; b++) out[b] *= 1 - w;
    out[predicted] += w;
    return out;
  }

  logProbability(byte: number): number {
    const predicted = this.match.predicted;
    const logP = this.network.logProbability(byte);
    if (predicted < 0) return logP;
    const w = this.match.weight;
    // Floored so that a byte the network all but ruled out still costs a finite number of bits.
    return Math.log(Math.max((1 - w) * Math.exp(logP) + (predicted === byte ? w : 0), 1e-30));
  }

  /** Length of the match behind the current prediction (0: none). */
  get matchLength(): number {
    return this.match.currentMatchLength;
  }

  snapshot(): DecoderSnapshot {
    return new MixedSnapshot(this.network.snapshot(), this.match.snapshot());
  }

  restore(snapshot: DecoderSnapshot): void {
    if (!(snapshot instanceof MixedSnapshot)) throw new Error('not a snapshot of a network mixed with a match model');
    this.network.restore(snapshot.network);
    this.match.restore(snapshot.match);
  }
}
