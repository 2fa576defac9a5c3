// The likeliest next characters (not bytes): a byte that starts a multi-byte UTF-8 character is followed
// through its likeliest continuation bytes, so that a Chinese character is shown as one, with its probability.
import type { ByteDecoder } from '../lm/types';
import { sequenceLength } from '../../text/utf8';

export interface CharacterGuess {
  text: string;
  probability: number;
}

/** Candidates followed at each byte of a character. */
const BRANCH = 4;

const fatal = new TextDecoder('utf-8', { fatal: true });

/** The character `bytes` encode, or a byte's hex code for what is not one (a stray continuation byte). */
function characterText(bytes: number[]): string | undefined {
  try {
    return fatal.decode(Uint8Array.from(bytes));
  } catch {
    return bytes.length === 1 ? `\\x${bytes[0].toString(16).padStart(2, '0')}` : undefined;
  }
}

function likeliestBytes(p: Float32Array, n: number): number[] {
  return [...p.keys()].sort((a, b) => p[b] - p[a] || a - b).slice(0, n);
}

/**
 * The `k` likeliest next characters from the decoder's current state, likeliest first. The decoder is
 * left in the state it was found in.
 */
export function likeliestCharacters(decoder: ByteDecoder, k: number): CharacterGuess[] {
  const start = decoder.snapshot();
  const found: CharacterGuess[] = [];
  const follow = (prefix: number[], probability: number, need: number) => {
    const p = decoder.nextProbabilities(new Float32Array(256));
    const state = prefix.length ? decoder.snapshot() : start;
    // Every first byte, likeliest first, until k characters beat the rest; a character's next bytes are
    // followed BRANCH ways.
    for (const b of likeliestBytes(p, prefix.length ? BRANCH : 256)) {
      const q = probability * p[b];
      if (found.length >= k && q <= found[k - 1].probability) break;
      const bytes = [...prefix, b];
      const length = prefix.length ? need : sequenceLength(b);
      if (bytes.length >= length) {
        const text = characterText(bytes);
        if (text !== undefined) {
          found.push({ text, probability: q });
          found.sort((x, y) => y.probability - x.probability);
        }
        continue;
      }
      decoder.restore(state);
      decoder.feed(b);
      follow(bytes, q, length);
    }
  };
  try {
    follow([], 1, 1);
  } finally {
    decoder.restore(start);
  }
  return found.slice(0, k);
}
