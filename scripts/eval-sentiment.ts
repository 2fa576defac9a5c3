// Figures for the sentiment model cards and docs/BENCHMARKS.md, all from one process:
//   node out/scripts/eval-sentiment.js [--model models/sentiment] [--data DATA] [--check-set FILE] [--tfjs] [--json]
// An English model (models/sentiment):
// - SST-2 dev accuracy of the bundled model (binary: P >= 0.5 is positive), and of two lexicon baselines
//   on the same sentences: the AFINN-based `sentiment` package (score > 0 positive, < 0 negative) and
//   VADER (`vader-sentiment`, compound >= 0.05 positive, <= -0.05 negative). A lexicon that finds no
//   sentiment words (score 0 / |compound| < 0.05) is counted as wrong: it did not decide.
// - the everyday check set (test/fixtures/everyday-sentiment.tsv): three-class accuracy with the model's
//   neutral band and the share of positive <-> negative swaps; VADER and AFINN (0 / |compound| < 0.05 as
//   neutral, their own three classes) beside it.
// - with a subjectivity head: its held-out split of the subjectivity data (made again from the seed and
//   shares in metadata.json): objective / subjective accuracy, and the share of each shown neutral.
// A Chinese model (models/sentiment-zh): its held-out split, made again from the seed and shares in its
// metadata.json, as whole reviews and as the sentences cut from them (binary accuracy; neutral share).
// Both: neutral-band coverage, and classification speed (sentences/s, median of 5 passes, tokenization
// included) through SentimentClassifier.score, the path the editor's worker takes; with --tfjs also tfjs
// `predict` (wasm backend, one sentence per call) on the same weights as the baseline. Speeds are also
// given per CPU second of this process, since the machine is shared.
import type * as tfTypes from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { readChineseReviews, reviewSentences, splitReviews } from '../src/model/sentiment/chineseData';
import { readCheckSet, scoreCheckSet, type CheckSetScore } from '../src/model/sentiment/checkSet';
import { labelFor, type SentimentClassifier, type SentimentLabel } from '../src/model/sentiment/classifier';
import { loadSentimentClassifier } from '../src/model/sentiment/folder';
import { readSst2 } from '../src/model/sentiment/sstData';
import { subjectivitySplits } from '../src/model/sentiment/subjectivityData';

const argv = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const modelDir = resolve(opt('model', join('models', 'sentiment')));

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

interface Labelled { text: string; label: 0 | 1 }

/** Binary accuracy, and with the neutral band: share neutral, accuracy of the rest. */
function binaryFigures(classifier: SentimentClassifier, rows: Labelled[]) {
  const scores = rows.map((d) => classifier.score(d.text));
  const accuracy = scores.filter((p, i) => (p >= 0.5 ? 1 : 0) === rows[i].label).length / rows.length;
  const decided = scores.map((p, i) => ({ label: labelFor(p, classifier.neutralBand), gold: rows[i].label })).filter((x) => x.label !== 'neutral');
  const decidedRight = decided.filter((x) => (x.label === 'positive' ? 1 : 0) === x.gold).length;
  const positive = rows.filter((r) => r.label === 1).length / rows.length;
  return {
    texts: rows.length,
    accuracy,
    majorityClass: Math.max(positive, 1 - positive),
    neutralShare: 1 - decided.length / rows.length,
    labelledAccuracy: decided.length ? decidedRight / decided.length : 0,
    meanTokens: Number((rows.reduce((s, d) => s + classifier.encode(d.text).length, 0) / rows.length).toFixed(1)),
  };
}

/** Sentences per second (wall clock and per CPU second): all `texts`, 5 passes after a warm-up pass. */
function speed(classifier: SentimentClassifier, texts: string[]) {
  const passes: number[] = [];
  const cpuPasses: number[] = [];
  for (let p = 0; p < 6; p++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (const t of texts) classifier.score(t);
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    if (p > 0) {
      passes.push(texts.length / (ms / 1000));
      cpuPasses.push(texts.length / ((c.user + c.system) / 1e6));
    }
  }
  return { sentencesPerSecond: Math.round(median(passes)), sentencesPerCpuSecond: Math.round(median(cpuPasses)) };
}

/** tfjs predict on the same weights, one sentence per call, per CPU second (median of 3 passes). */
async function tfjsSpeed(classifier: SentimentClassifier, texts: string[]): Promise<number> {
  const tf = await import('@tensorflow/tfjs');
  const { initBackend } = await import('../src/model/backend');
  const { decodeMember } = await import('../src/model/sentiment/encode');
  const { readSentimentArtifacts } = await import('../src/model/sentiment/folder');
  await initBackend({ wasmDir: resolve('node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist') });
  const artifacts = readSentimentArtifacts(modelDir);
  const models = await Promise.all(artifacts.members.map((m) => decodeMember({ modelJson: m.modelJson as never, weights: m.weights })));
  const sample = texts.slice(0, 200).map((t) => classifier.encode(t)).filter((ids) => ids.length > 0);
  const run = () => {
    for (const ids of sample) {
      tf.tidy(() => {
        const x = tf.tensor2d(ids, [1, ids.length], 'int32');
        return models.map((m) => (m.predict(x) as tfTypes.Tensor).dataSync()[0]);
      });
    }
  };
  run();
  const rates: number[] = [];
  for (let p = 0; p < 3; p++) {
    const c0 = process.cpuUsage();
    run();
    const c = process.cpuUsage(c0);
    rates.push(sample.length / ((c.user + c.system) / 1e6));
  }
  return median(rates);
}

/** A lexicon's three classes: above `threshold` positive, below -threshold negative, else neutral. */
const lexiconLabel = (score: number, threshold: number): SentimentLabel => (score > threshold ? 'positive' : score < -threshold ? 'negative' : 'neutral');

function lexicons() {
  // Loaded from node_modules at run time: `sentiment` picks its language files by a computed path.
  const load = createRequire(__filename);
  const Afinn = load('sentiment') as new () => { analyze(text: string): { score: number } };
  const afinn = new Afinn();
  const vader = (load('vader-sentiment') as { SentimentIntensityAnalyzer: { polarity_scores(t: string): { compound: number } } }).SentimentIntensityAnalyzer;
  return { afinn: (t: string) => afinn.analyze(t).score, vader: (t: string) => vader.polarity_scores(t).compound };
}

function describeCheckSet(name: string, s: CheckSetScore): string {
  const c = s.confusion;
  return `${name}: ${pct(s.accuracy)} three-class, ${pct(s.swaps)} positive<->negative swaps ` +
    `(positive -> ${c.positive.positive}/${c.positive.neutral}/${c.positive.negative}, ` +
    `neutral -> ${c.neutral.positive}/${c.neutral.neutral}/${c.neutral.negative}, ` +
    `negative -> ${c.negative.positive}/${c.negative.neutral}/${c.negative.negative} as positive/neutral/negative)`;
}

/** The subjectivity head on its held-out sentences; undefined for a model without one. */
function subjectivityFigures(classifier: SentimentClassifier) {
  if (!classifier.metadata.subjectivity) return undefined;
  const config = (classifier.metadata.training as { config?: { seed: number; subjectivityHeldOut: number; subjectivityTuning: number } }).config;
  if (!config) throw new Error(`${modelDir}: metadata.json does not record the subjectivity split (training.config)`);
  const { heldOut } = subjectivitySplits(resolve(opt('subjectivity-data', join('..', 'shared', 'data', 'subj'))),
    { seed: config.seed, heldOutShare: config.subjectivityHeldOut, tuningShare: config.subjectivityTuning });
  const parts = heldOut.map((r) => ({ label: r.label, ...classifier.scoreParts(classifier.encode(r.text)) }));
  const neutralShare = (label: 0 | 1) => {
    const of = parts.filter((p) => p.label === label);
    return of.filter((p) => labelFor(p.score, classifier.neutralBand) === 'neutral').length / of.length;
  };
  return {
    sentences: parts.length,
    accuracy: parts.filter((p) => (p.subjectivity >= 0.5 ? 1 : 0) === p.label).length / parts.length,
    objectiveNeutral: neutralShare(0),
    subjectiveNeutral: neutralShare(1),
  };
}

async function english(classifier: SentimentClassifier) {
  const dev = readSst2(join(resolve(opt('data', join('..', 'shared', 'data', 'sst2'))), 'dev.tsv'));
  const labels = dev.map((d) => d.label);
  const lex = lexicons();
  const afinnScores = dev.map((d) => lex.afinn(d.text));
  const vaderScores = dev.map((d) => lex.vader(d.text));
  const lexicon = (xs: number[], threshold: number) => ({
    accuracy: xs.filter((s, i) => (s > threshold && labels[i] === 1) || (s < -threshold && labels[i] === 0)).length / dev.length,
    undecided: xs.filter((s) => Math.abs(s) <= threshold).length / dev.length,
    // Ties broken towards positive, the majority class of dev, for a second reading.
    tiesPositive: xs.filter((s, i) => (s < -threshold ? 0 : 1) === labels[i]).length / dev.length,
  });
  const checkSet = readCheckSet(resolve(opt('check-set', join('test', 'fixtures', 'everyday-sentiment.tsv'))));
  const gold = checkSet.map((s) => s.label);
  const result = {
    devSentences: dev.length,
    dev: binaryFigures(classifier, dev),
    afinn: lexicon(afinnScores, 0),
    vader: lexicon(vaderScores, 0.05),
    subjectivity: subjectivityFigures(classifier),
    everyday: {
      gru: scoreCheckSet(gold, checkSet.map((s) => classifier.classify(s.text).label)),
      vader: scoreCheckSet(gold, checkSet.map((s) => lexiconLabel(lex.vader(s.text), 0.05))),
      afinn: scoreCheckSet(gold, checkSet.map((s) => lexiconLabel(lex.afinn(s.text), 0))),
    },
    ...speed(classifier, dev.map((d) => d.text)),
    tfjsSentencesPerCpuSecond: argv.includes('--tfjs') ? Math.round(await tfjsSpeed(classifier, dev.map((d) => d.text))) : undefined,
  };
  const lines = [
    `SST-2 dev (${dev.length} sentences, ${result.dev.meanTokens} tokens on average)`,
    `  GRU ensemble (${classifier.metadata.members.length} members): ${pct(result.dev.accuracy)}`,
    `  AFINN (sentiment 5.0.2): ${pct(result.afinn.accuracy)} (${pct(result.afinn.undecided)} undecided; ties as positive: ${pct(result.afinn.tiesPositive)})`,
    `  VADER (vader-sentiment 1.1.3): ${pct(result.vader.accuracy)} (${pct(result.vader.undecided)} undecided; ties as positive: ${pct(result.vader.tiesPositive)})`,
    `  neutral band ${classifier.neutralBand.join('..')}: ${pct(result.dev.neutralShare)} of dev neutral, ${pct(result.dev.labelledAccuracy)} of the rest right`,
    ...(result.subjectivity ? [
      `subjectivity head, held-out sentences of the subjectivity data (${result.subjectivity.sentences}): ${pct(result.subjectivity.accuracy)} objective/subjective right; ` +
      `shown neutral: ${pct(result.subjectivity.objectiveNeutral)} of the objective ones, ${pct(result.subjectivity.subjectiveNeutral)} of the subjective ones`,
    ] : []),
    `everyday check set (${checkSet.length} sentences)`,
    `  ${describeCheckSet('GRU ensemble', result.everyday.gru)}`,
    `  ${describeCheckSet('VADER', result.everyday.vader)}`,
    `  ${describeCheckSet('AFINN', result.everyday.afinn)}`,
  ];
  return { result, lines, tfjs: result.tfjsSentencesPerCpuSecond };
}

async function chinese(classifier: SentimentClassifier) {
  const config = (classifier.metadata.training as { config?: { seed: number; heldOutShare: number; tuningShare: number; heldOutCategory?: string } }).config;
  if (!config) throw new Error(`${modelDir}: metadata.json does not record its split (training.config)`);
  const reviews = readChineseReviews(resolve(opt('data', join('..', 'shared', 'data', 'sentiment-zh', 'online_shopping_9_cats.tsv'))));
  const { heldOut } = splitReviews(reviews, { ...config, heldOutCategory: config.heldOutCategory || undefined });
  const sentences = reviewSentences(heldOut);
  const result = {
    heldOutReviews: binaryFigures(classifier, heldOut),
    heldOutSentences: binaryFigures(classifier, sentences),
    ...speed(classifier, sentences.map((s) => s.text)),
    tfjsSentencesPerCpuSecond: argv.includes('--tfjs') ? Math.round(await tfjsSpeed(classifier, sentences.map((s) => s.text))) : undefined,
  };
  const line = (name: string, f: ReturnType<typeof binaryFigures>) =>
    `${name} (${f.texts}, ${f.meanTokens} tokens on average): ${pct(f.accuracy)} (majority class ${pct(f.majorityClass)}); ` +
    `neutral band ${classifier.neutralBand.join('..')}: ${pct(f.neutralShare)} neutral, ${pct(f.labelledAccuracy)} of the rest right`;
  return {
    result,
    lines: [line('held-out reviews', result.heldOutReviews), line('sentences of the held-out reviews', result.heldOutSentences)],
    tfjs: result.tfjsSentencesPerCpuSecond,
  };
}

async function main() {
  const classifier = loadSentimentClassifier(modelDir);
  const report = classifier.language === 'zh' ? await chinese(classifier) : await english(classifier);
  const loadAverage = (await import('node:os')).loadavg().map((x) => Number(x.toFixed(1)));
  const { sentencesPerSecond, sentencesPerCpuSecond } = report.result;
  if (argv.includes('--json')) {
    console.log(JSON.stringify({ model: modelDir, language: classifier.language, members: classifier.metadata.members.length, neutralBand: classifier.neutralBand, ...report.result, loadAverage }, null, 2));
    return;
  }
  for (const line of report.lines) console.log(line);
  console.log(`speed: ${sentencesPerSecond} sentences/s wall clock, ${sentencesPerCpuSecond} per CPU second (typed-array kernel, median of 5 passes)` +
    (report.tfjs ? `; tfjs predict ${report.tfjs} per CPU second (kernel ${(sentencesPerCpuSecond / report.tfjs).toFixed(1)}x)` : ''));
  console.log(`load average ${loadAverage.join(' ')}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
