// Word vocabulary of the sentiment classifier: index 0 is padding, 1 is any word not in the list.

export const PAD_INDEX = 0;
export const OOV_INDEX = 1;
const RESERVED = ['<pad>', '<oov>'];

export class Vocabulary {
  private readonly index = new Map<string, number>();

  /** `words` in index order, starting with the reserved entries. */
  constructor(readonly words: readonly string[]) {
    if (words[PAD_INDEX] !== RESERVED[PAD_INDEX] || words[OOV_INDEX] !== RESERVED[OOV_INDEX]) {
      throw new Error('vocabulary must start with <pad> and <oov>');
    }
    words.forEach((w, i) => this.index.set(w, i));
  }

  get size(): number {
    return this.words.length;
  }

  /** Word ids of tokens; unknown words map to OOV_INDEX. */
  encode(tokens: readonly string[]): Int32Array {
    const ids = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) ids[i] = this.index.get(tokens[i]) ?? OOV_INDEX;
    return ids;
  }

  /** Words seen at least `minCount` times, most frequent first (ties alphabetical, for reproducibility). */
  static fromCounts(counts: Map<string, number>, minCount: number): Vocabulary {
    const kept = [...counts].filter(([, n]) => n >= minCount)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([w]) => w);
    return new Vocabulary([...RESERVED, ...kept]);
  }
}

/** Whether two word lists give every word id the same word: a model's ids mean nothing under another list. */
export function sameWords(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((w, i) => w === b[i]);
}
