// Figures for the sentiment model card and docs/BENCHMARKS.md, all from one process:
//   node out/scripts/eval-sentiment.js [--model models/sentiment] [--data ../shared/data/sst2] [--tfjs]
// - SST-2 dev accuracy of the bundled model (binary: P >= 0.5 is positive), and of two lexicon baselines
//   on the same sentences: the AFINN-based `sentiment` package (score > 0 positive, < 0 negative) and
//   VADER (`vader-sentiment`, compound >= 0.05 positive, <= -0.05 negative). A lexicon that finds no
//   sentiment words (score 0 / |compound| < 0.05) is counted as wrong: it did not decide.
// - neutral-band coverage on dev, and classification speed (sentences/s, median of 5 passes over dev);
//   with --tfjs also tfjs `predict` (wasm backend, one sentence per call) on the same weights as the baseline.
//   Speeds are also given per CPU second of this process, since the machine is shared.
import type * as tfTypes from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { loadSentimentClassifier } from '../src/model/sentiment/folder';
import { readSst2 } from '../src/model/sentiment/sstData';
import { labelFor } from '../src/model/sentiment/classifier';

const argv = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const modelDir = resolve(opt('model', 'models/sentiment'));
const dev = readSst2(join(resolve(opt('data', '../shared/data/sst2')), 'dev.tsv'));

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

async function main() {
  const classifier = loadSentimentClassifier(modelDir);
  const labels = dev.map((d) => d.label);
  const scores = dev.map((d) => classifier.score(d.text));
  const accuracy = scores.filter((p, i) => (p >= 0.5 ? 1 : 0) === labels[i]).length / dev.length;
  const band = classifier.neutralBand;
  const decided = scores.map((p, i) => ({ label: labelFor(p, band), gold: labels[i] })).filter((x) => x.label !== 'neutral');
  const decidedRight = decided.filter((x) => (x.label === 'positive' ? 1 : 0) === x.gold).length;

  // Loaded from node_modules at run time: `sentiment` picks its language files by a computed path.
  const load = createRequire(__filename);
  const Afinn = load('sentiment') as new () => { analyze(text: string): { score: number } };
  const afinn = new Afinn();
  const vader = (load('vader-sentiment') as { SentimentIntensityAnalyzer: { polarity_scores(t: string): { compound: number } } }).SentimentIntensityAnalyzer;
  const afinnScores = dev.map((d) => afinn.analyze(d.text).score);
  const vaderScores = dev.map((d) => vader.polarity_scores(d.text).compound);
  const lexicon = (xs: number[], threshold: number) => ({
    accuracy: xs.filter((s, i) => (s > threshold && labels[i] === 1) || (s < -threshold && labels[i] === 0)).length / dev.length,
    undecided: xs.filter((s) => Math.abs(s) <= threshold).length / dev.length,
    // Ties broken towards positive, the majority class of dev, for a second reading.
    tiesPositive: xs.filter((s, i) => (s < -threshold ? 0 : 1) === labels[i]).length / dev.length,
  });
  const afinnResult = lexicon(afinnScores, 0);
  const vaderResult = lexicon(vaderScores, 0.05);

  // Speed: classify all dev sentences, 5 passes, after one warm-up pass.
  // Wall-clock rate and rate per CPU second (the machine is shared: the second says what a free core does).
  const passes: number[] = [];
  const cpuPasses: number[] = [];
  for (let p = 0; p < 6; p++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (const d of dev) classifier.score(d.text);
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    if (p > 0) {
      passes.push(dev.length / (ms / 1000));
      cpuPasses.push(dev.length / ((c.user + c.system) / 1e6));
    }
  }
  const kernelRate = median(passes);
  const kernelCpuRate = median(cpuPasses);

  let tfjsRate: number | undefined;
  if (argv.includes('--tfjs')) {
    const tf = await import('@tensorflow/tfjs');
    const { initBackend } = await import('../src/model/backend');
    const { decodeMember } = await import('../src/model/sentiment/encode');
    const { readSentimentArtifacts } = await import('../src/model/sentiment/folder');
    await initBackend({ wasmDir: resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist') });
    const artifacts = readSentimentArtifacts(modelDir);
    const models = await Promise.all(artifacts.members.map((m) => decodeMember({ modelJson: m.modelJson as never, weights: m.weights })));
    const sample = dev.slice(0, 200).map((d) => classifier.encode(d.text)).filter((ids) => ids.length > 0);
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
    tfjsRate = median(rates);
  }

  const tokens = dev.reduce((s, d) => s + classifier.encode(d.text).length, 0) / dev.length;
  const result = {
    model: modelDir,
    members: classifier.metadata.members.length,
    devSentences: dev.length,
    meanTokens: Number(tokens.toFixed(1)),
    gruAccuracy: accuracy,
    neutralBand: band,
    neutralShareOnDev: 1 - decided.length / dev.length,
    labelledAccuracyOnDev: decided.length ? decidedRight / decided.length : 0,
    afinn: afinnResult,
    vader: vaderResult,
    sentencesPerSecond: Math.round(kernelRate),
    sentencesPerCpuSecond: Math.round(kernelCpuRate),
    tfjsSentencesPerCpuSecond: tfjsRate && Math.round(tfjsRate),
    loadAverage: (await import('node:os')).loadavg().map((x) => Number(x.toFixed(1))),
  };
  if (argv.includes('--json')) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  console.log(`SST-2 dev (${dev.length} sentences, ${result.meanTokens} tokens on average)`);
  console.log(`  GRU ensemble (${result.members} members): ${pct(accuracy)}`);
  console.log(`  AFINN (sentiment 5.0.2): ${pct(afinnResult.accuracy)} (${pct(afinnResult.undecided)} undecided; ties as positive: ${pct(afinnResult.tiesPositive)})`);
  console.log(`  VADER (vader-sentiment 1.1.3): ${pct(vaderResult.accuracy)} (${pct(vaderResult.undecided)} undecided; ties as positive: ${pct(vaderResult.tiesPositive)})`);
  console.log(`  neutral band ${band.join('..')}: ${pct(result.neutralShareOnDev)} of dev neutral, ${pct(result.labelledAccuracyOnDev)} of the rest right`);
  console.log(`speed: ${result.sentencesPerSecond} sentences/s wall clock, ${result.sentencesPerCpuSecond} per CPU second (typed-array kernel, median of 5 passes)` +
    (tfjsRate ? `; tfjs predict ${Math.round(tfjsRate)} per CPU second (kernel ${(kernelCpuRate / tfjsRate).toFixed(1)}x)` : ''));
  console.log(`load average ${result.loadAverage.join(' ')}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
