// A scripted ByteDecoder for tests: after reading `prompt` it predicts `continuation` byte by byte
// with certainty, then predicts `fallback` (a newline unless set otherwise).
import { type ByteDecoder, DecoderSnapshot } from '../../../src/model/lm/types';

/** The state of a fake decoder, whatever it is. */
export class FakeSnapshot<T> extends DecoderSnapshot {
  constructor(readonly value: T) {
    super();
  }
}

export class ScriptedDecoder implements ByteDecoder {
  private fed: number[] = [];
  private readonly prompt: Uint8Array;
  private readonly continuation: Uint8Array;
  feeds = 0;

  /** `probability`: of each predicted byte (the rest is spread over the other bytes); 1 unless set. */
  constructor(prompt: string, continuation: string | Uint8Array, private readonly fallback = 0x0a, private readonly probability = 1) {
    this.prompt = new TextEncoder().encode(prompt);
    this.continuation = typeof continuation === 'string' ? new TextEncoder().encode(continuation) : continuation;
  }

  reset(): void { this.fed = []; }
  feed(byte: number): void { this.fed.push(byte); this.feeds++; }
  feedAll(bytes: Uint8Array): void { for (const b of bytes) this.feed(b); }

  nextProbabilities(out = new Float32Array(256)): Float32Array {
    out.fill(0);
    const p = this.prompt.length;
    const started = this.fed.length >= p && this.prompt.every((b, i) => this.fed[i] === b);
    const k = this.fed.length - p;
    const next = started && k < this.continuation.length && this.continuation.every((b, i) => i >= k || this.fed[p + i] === b)
      ? this.continuation[k] : this.fallback;
    out.fill((1 - this.probability) / 255);
    out[next] = this.probability;
    return out;
  }

  /** The bytes read since the last reset. */
  get read(): number[] { return this.fed.slice(); }

  snapshot(): DecoderSnapshot { return new FakeSnapshot(this.fed.slice()); }
  restore(snapshot: DecoderSnapshot): void { this.fed = (snapshot as FakeSnapshot<number[]>).value.slice(); }
}

/** A decoder that has read `prompt` and will continue with `continuation`. */
export function primed(prompt: string, continuation: string | Uint8Array, fallback?: number, probability?: number): ScriptedDecoder {
  const d = new ScriptedDecoder(prompt, continuation, fallback, probability);
  d.feedAll(new TextEncoder().encode(prompt));
  return d;
}
