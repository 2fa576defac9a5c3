// The match model finds repeats and learns how far to trust them; the mixed decoder stays a proper
// distribution and its snapshots carry the whole state, text included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { createDecoder } from '../../../src/model/lm/decoder';
import { MatchMemory } from '../../../src/model/lm/matchMemory';
import { BUCKETS, HISTORY_CAP, MatchModel, MIN_MATCH } from '../../../src/model/lm/matchModel';
import { MixedDecoder } from '../../../src/model/lm/mixedDecoder';
import { mulberry32 } from '../../../src/model/lm/sampler';

const bytes = (s: string) => new TextEncoder().encode(s);

function read(m: MatchModel, text: string, networkP = 0.01): void {
  for (const b of bytes(text)) m.update(b, networkP);
}

function tinyGru(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.embedding({ inputDim: 256, outputDim: 8, inputShape: [null] as unknown as number[] }));
  model.add(tf.layers.gru({ units: 12, returnSequences: true, recurrentActivation: 'sigmoid' }));
  model.add(tf.layers.dense({ units: 256, activation: 'softmax' }));
  const rand = mulberry32(5);
  model.setWeights(model.getWeights().map((w) => tf.tensor(Float32Array.from({ length: w.size }, () => rand() * 2 - 1), w.shape)));
  return model;
}

test('setup: cpu backend', async () => {
  await tf.setBackend('cpu');
});

test('no prediction before a context repeats; then the byte that followed it', () => {
  const m = new MatchModel();
  read(m, 'const value = compute');
  assert.equal(m.predicted, -1);
  read(m, '(1);\nconst val');
  assert.equal(String.fromCharCode(m.predicted), 'u');
  read(m, 'ue = ');
  assert.equal(String.fromCharCode(m.predicted), 'c');
  assert.ok(m.currentMatchLength >= MIN_MATCH + 5);
});

test('a mismatch ends the match, and the model looks again', () => {
  const m = new MatchModel();
  read(m, 'the quick brown fox; the quick brown dog; the quick brown ');
  // The most recent occurrence wins.
  assert.equal(String.fromCharCode(m.predicted), 'd');
  read(m, 'c');
  assert.equal(m.predicted, -1);
});

test('its weight grows where it is right and shrinks where it is wrong', () => {
  const primed = () => { const m = new MatchModel(); read(m, 'abcdefgX--abcdefg'); return m; };
  const right = primed();
  const wrong = primed();
  const before = right.weight;
  assert.equal(String.fromCharCode(right.predicted), 'X');
  // The weight of the bucket that made the guess moves.
  const learnt = (m: MatchModel, byte: string) => {
    const counts = Float32Array.from(m.count);
    m.update(byte.charCodeAt(0), 0.01);
    const b = counts.findIndex((c, i) => m.count[i] !== c);
    return m.mass[b] / m.count[b];
  };
  assert.ok(learnt(right, 'X') > before);
  assert.ok(learnt(wrong, 'Y') < before);
});

test('old text slides out beyond the history cap without breaking matches', () => {
  const m = new MatchModel();
  const rand = mulberry32(3);
  const filler = Uint8Array.from({ length: HISTORY_CAP * 2 + 100 }, () => 0x61 + Math.floor(rand() * 26));
  for (const b of filler) m.push(b);
  read(m, 'unique-marker-1234 and more; unique-marker');
  assert.equal(String.fromCharCode(m.predicted), '-');
});

test('mixed distribution sums to 1 and agrees with logProbability', () => {
  const d = new MixedDecoder(createDecoder(tinyGru(), { kernel: 'js' }));
  d.feedAll(bytes('function add(a, b) { return a + b; }\nfunction add('));
  const p = d.nextProbabilities();
  const sum = p.reduce((s, x) => s + x, 0);
  assert.ok(Math.abs(sum - 1) < 1e-4, `sum ${sum}`);
  assert.ok(d.matchLength > 0);
  const a = 'a'.charCodeAt(0);
  assert.ok(Math.abs(Math.log(p[a]) - d.logProbability(a)) < 1e-4);
  assert.ok(p[a] > 0.3, 'the repeat is predicted');
});

test('a snapshot restores network, match and learnt weights exactly, even in another decoder', () => {
  const model = tinyGru();
  const a = new MixedDecoder(createDecoder(model, { kernel: 'js' }));
  a.feedAll(bytes('let 你好 = 1;\nlet 你好 = 2;\nlet 你'));
  const saved = a.snapshot();
  const expected = a.nextProbabilities();
  a.feedAll(bytes('们 = 3; something else entirely'));
  a.restore(saved);
  assert.deepEqual(a.nextProbabilities(), expected);
  const b = new MixedDecoder(createDecoder(model, { kernel: 'js' }));
  b.feedAll(bytes('other text read before'));
  b.restore(saved);
  assert.deepEqual(b.nextProbabilities(), expected);
  a.feedAll(bytes('好 = '));
  b.feedAll(bytes('好 = '));
  assert.deepEqual(b.nextProbabilities(), a.nextProbabilities());
});

test('reset forgets the text', () => {
  const d = new MixedDecoder(createDecoder(tinyGru(), { kernel: 'js' }));
  d.feedAll(bytes('repeat this, repeat th'));
  assert.ok(d.matchLength > 0);
  d.reset();
  d.feedAll(bytes('repeat th'));
  assert.equal(d.matchLength, 0);
});

test('with a memory, a context the document lacks is predicted from the memory', () => {
  const memory = new MatchMemory(bytes('export function createObservableValue(initial) {}\n'), MIN_MATCH);
  const m = new MatchModel(memory);
  read(m, 'const x = createObs');
  assert.ok(m.fromMemory);
  assert.equal(String.fromCharCode(m.predicted), 'e');
  // The match follows the memory while the document agrees with it.
  read(m, 'ervableV');
  assert.equal(String.fromCharCode(m.predicted), 'a');
  assert.ok(m.currentMatchLength >= MIN_MATCH + 8);
  // Without a memory the same text has no match.
  const plain = new MatchModel();
  read(plain, 'const x = createObs');
  assert.equal(plain.predicted, -1);
});

test('the document\'s own repeat is preferred to the memory\'s', () => {
  const m = new MatchModel(new MatchMemory(bytes('value = other;\n'), MIN_MATCH));
  read(m, 'value = mine;\nvalue = ');
  assert.equal(m.fromMemory, false);
  assert.equal(String.fromCharCode(m.predicted), 'm');
});

test('memory matches learn their own weight, and stop at the end of the memory', () => {
  const m = new MatchModel(new MatchMemory(bytes('abcdefXY'), MIN_MATCH));
  read(m, 'abcdef');
  assert.ok(m.fromMemory);
  const documentWeights = Float32Array.from(m.mass.subarray(0, BUCKETS));
  read(m, 'X');
  assert.deepEqual(Float32Array.from(m.mass.subarray(0, BUCKETS)), documentWeights);
  assert.equal(String.fromCharCode(m.predicted), 'Y');
  read(m, 'Y');
  assert.equal(m.predicted, -1, 'nothing follows the memory\'s last byte');
});

test('a snapshot with a memory match restores it exactly', () => {
  const model = tinyGru();
  const memory = new MatchMemory(bytes('import { autorun, reaction } from "mobx";\n'), MIN_MATCH);
  const a = new MixedDecoder(createDecoder(model, { kernel: 'js' }), memory);
  a.feedAll(bytes('import { autorun, rea'));
  const saved = a.snapshot();
  const expected = a.nextProbabilities();
  assert.ok(expected['c'.charCodeAt(0)] > 0.3, 'the memory\'s next byte is likely');
  a.feedAll(bytes('lly different'));
  a.restore(saved);
  assert.deepEqual(a.nextProbabilities(), expected);
  const b = new MixedDecoder(createDecoder(model, { kernel: 'js' }), memory);
  b.restore(saved);
  assert.deepEqual(b.nextProbabilities(), expected);
  // A decoder without the memory cannot take a snapshot that points into one.
  assert.throws(() => new MixedDecoder(createDecoder(model, { kernel: 'js' })).restore(saved), /memory/);
  // Nor can it take the network's snapshot alone.
  assert.throws(() => b.restore(createDecoder(model, { kernel: 'js' }).snapshot()), /not a snapshot of a network mixed with a match model/);
});
