// A small random sentiment member for the kernel and classifier tests: the encoded form the product
// loads, and the tfjs model it decodes to (the reference).
import * as tf from '@tensorflow/tfjs';
import { buildClassifier } from '../../../src/model/sentiment/classifierModel';
import { decodeMember, encodeMember } from '../../../src/model/sentiment/encode';

/** A 40-word member whose biases are non-zero, so every weight matters. */
export async function randomMember(seed: number, units = 6) {
  const model = buildClassifier({ vocabSize: 40, embedding: 8, units }, { embeddingDropout: 0.3, poolDropout: 0.3, seed });
  model.setWeights(model.getWeights().map((w, i) => tf.randomUniform(w.shape, -0.6, 0.6, 'float32', seed * 31 + i)));
  const encoded = await encodeMember(model);
  return { encoded, reference: await decodeMember(encoded) };
}

/** The vocabulary of randomMember's 40 ids: padding, OOV, then w0..w37. */
export const RANDOM_MEMBER_WORDS = ['<pad>', '<oov>', ...Array.from({ length: 38 }, (_, i) => `w${i}`)];
