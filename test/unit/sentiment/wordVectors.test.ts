// Vocabulary from pretrained vectors, and 8-bit embedding storage that both loaders read alike.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { decodeWeights } from '../../../src/model/sentiment/artifacts';
import { buildClassifier } from '../../../src/model/sentiment/classifierModel';
import { decodeMember, encodeMember } from '../../../src/model/sentiment/encode';
import { OOV_INDEX } from '../../../src/model/sentiment/vocabulary';
import { buildVectorVocabulary, type WordVectorFile } from '../../../src/model/sentiment/wordVectors';

before(async () => {
  await tf.setBackend('cpu');
});

const file: WordVectorFile = {
  dimensions: 2,
  words: ['the', 'good', 'not', 'bad', 'superb', 'dreadful'],
  vectors: { the: [0, 1, 9, 0], good: [1, 0, 9, 1], not: [-1, 0, 9, 2], bad: [0, -1, 9, 3], superb: [2, 0, 9, 4], dreadful: [0, -2, 9, 5] },
};

test('vector vocabulary: training words first, clitics through aliases, then frequent words up to the cap', () => {
  const counts = new Map([['good', 5], ["n't", 4], ['zzz', 3], ['qqq', 1], ['bad', 2]]);
  const built = buildVectorVocabulary(file, counts, 3, 8, 1);
  // zzz (no vector, seen 3 times) is kept with a random row; qqq (once, no vector) is not.
  assert.deepEqual(built.vocabulary.words, ['<pad>', '<oov>', 'good', "n't", 'zzz', 'bad', 'the', 'not']);
  const row = (w: string) => [...built.table.slice(built.vocabulary.encode([w])[0] * 2, built.vocabulary.encode([w])[0] * 2 + 2)];
  assert.deepEqual(row("n't"), [-1, 0], "n't reads as not");
  assert.deepEqual(row('the'), [0, 1], 'only the first `dimensions` values are the vector');
  assert.deepEqual([...built.table.slice(OOV_INDEX * 2, OOV_INDEX * 2 + 2)], [0, 0]);
  assert.notDeepEqual(row('zzz'), [0, 0]);
  assert.equal(built.covered, 3);
  assert.equal(built.randomRows, 1);
  assert.equal(built.vocabulary.encode(['superb'])[0], OOV_INDEX, 'beyond the cap');
});

test('uint8 embedding storage: a quarter of the float32 bytes, decoded alike by tfjs and the kernel loader', async () => {
  const model = buildClassifier({ vocabSize: 50, embedding: 8, units: 4 }, { embeddingDropout: 0, poolDropout: 0, seed: 2 });
  const plain = await encodeMember(model);
  const small = await encodeMember(model, { uint8Embedding: true });
  assert.equal(plain.weights.byteLength - small.weights.byteLength, 50 * 8);
  const specs = small.modelJson.weightsManifest[0].weights;
  const ours = decodeWeights(specs, small.weights);
  const embeddingName = specs.find((s) => /embeddings$/.test(s.name))!.name;
  const theirs = (await decodeMember(small)).getLayer('embedding').getWeights()[0].dataSync();
  const original = model.getLayer('embedding').getWeights()[0].dataSync();
  const q = specs.find((s) => s.name === embeddingName)!.quantization as { scale: number };
  ours.get(embeddingName)!.forEach((v, i) => {
    assert.ok(Math.abs(v - theirs[i]) < 1e-6);
    assert.ok(Math.abs(v - original[i]) <= q.scale / 2 + 1e-6);
  });
});
