// Fine-tuning on small folders: how each way of training in the training panel's small-data regime changes
// the bits per byte of held-out text from the same source, with the panel's own run (webview/cellRunner.ts)
// on the bundled model. The folders are made from the base-model corpus's held-out files (never trained on).
// Runs have a fixed number of steps and validate every few steps, so that machine load changes only how long
// they take, not what they measure.
//   npm run build && node out/scripts/bench-small-finetune.js [--corpus DIR] [--sizes 4096,16384] [--steps 48]
//        [--eval-every 4] [--strategies lr-1e-3,lr-3e-4,anchor-0.01] [--only NAME]
// Prints one JSON line per run and a Markdown table.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend } from '../src/model/backend';
import { fileDocuments, splitDocuments, type Document } from '../src/model/lm/corpus';
import { decodeLanguageModel, loadLanguageModel } from '../src/model/lm/io';
import type { LmConfig } from '../src/model/lm/model';
import type { ModelFile } from '../src/model/lm/modelCheck';
import { artifactsFromFiles } from '../src/model/lm/modelFolder';
import { PauseController } from '../src/model/lm/trainer';
import type { TrainingSettings } from '../src/training/protocol';
import { trainingPlan, type TrainingPlan } from '../src/training/smallData';
import { measureBitsPerByte, runCell } from '../webview/cellRunner';

const root = join(__dirname, '..', '..');
const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: join(homedir(), '.cache', 'gru-scribe', 'corpus', '82966f70f044', 'heldout') },
    sizes: { type: 'string', default: '4096,16384' },
    steps: { type: 'string', default: '48' },
    'eval-every': { type: 'string', default: '4' },
    strategies: { type: 'string', default: 'lr-1e-3,lr-3e-4,anchor-0.01' },
    only: { type: 'string' },
  },
});

/** Held-out sources: prose, code and Chinese, each a folder of files from one package. */
const SOURCES = [
  { kind: 'English prose', dir: join('english', 'deb_git-doc@1_2.39.5-0+deb12u3') },
  { kind: 'code', dir: join('code', 'npm_commander@14.0.1') },
  { kind: 'Chinese', dir: join('chinese', 'deb_manpages-zh@1.6.4.0-1') },
];
const TEST_BYTES = 24 * 1024;
const TEST_FILE_BYTES = 8 * 1024;

const settings = (overrides: Partial<TrainingSettings>): TrainingSettings => ({
  timeBudgetSec: 7 * 24 * 3600, epochs: 0, learningRate: 0.001, seqLength: 64, batchSize: 32,
  validationShare: 0.1, checkpointEverySec: 30, samplePrompt: '', ...overrides,
});

/** What each strategy changes from the panel's default run. */
const STRATEGIES: Record<string, { settings: Partial<TrainingSettings>; plan: Partial<TrainingPlan> }> = {
  'lr-1e-3': { settings: {}, plan: {} },
  'lr-3e-4': { settings: { learningRate: 3e-4 }, plan: {} },
  'lr-1e-4': { settings: { learningRate: 1e-4 }, plan: {} },
  'anchor-0.01': { settings: {}, plan: { anchor: 0.01 } },
  'anchor-0.1': { settings: {}, plan: { anchor: 0.1 } },
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String).map((f) => join(dir, f)).filter((f) => statSync(f).isFile()).sort();
}

/** Every third file (cut to 8 KB) is test text, up to 24 KB; the others, in order, fill the folder up to `size`. */
function makeFolder(dir: string, size: number): { train: Uint8Array[]; test: Document[] } {
  const files = filesUnder(dir).map((f) => ({ name: relative(dir, f), bytes: new Uint8Array(readFileSync(f)) }));
  const test: Document[] = [];
  const train: Uint8Array[] = [];
  let testBytes = 0, trainBytes = 0;
  files.forEach((f, i) => {
    if (i % 3 === 2 && testBytes < TEST_BYTES) {
      const bytes = f.bytes.subarray(0, Math.min(TEST_FILE_BYTES, TEST_BYTES - testBytes));
      test.push({ name: f.name, bytes });
      testBytes += bytes.length;
    } else if (trainBytes < size) {
      const bytes = f.bytes.subarray(0, Math.min(f.bytes.length, size - trainBytes, Math.ceil(size / 2)));
      train.push(bytes);
      trainBytes += bytes.length;
    }
  });
  if (test.length === 0) throw new Error(`${dir}: too few files for a test set`);
  return { train, test };
}

async function main() {
  await initBackend({ preference: ['wasm', 'cpu'] });
  const { model: baseModel, metadata } = await loadLanguageModel(join(root, 'models', 'lm'));
  const a = metadata.architecture;
  const config: LmConfig = { cell: a.cell, embedDim: a.embedDim, hiddenSize: a.hiddenSize, layers: a.layers };
  const baseWeights = baseModel.getWeights();

  const cases: { name: string; kind: string; train: Uint8Array[]; test?: Document[] }[] = [];
  const samples = join(root, 'samples');
  cases.push({ name: 'samples/', kind: 'mixed', train: filesUnder(samples).map((f) => new Uint8Array(readFileSync(f))) });
  for (const size of String(values.sizes).split(',').map(Number)) {
    for (const s of SOURCES) cases.push({ name: `${s.dir} ${size / 1024} KB`, kind: s.kind, ...makeFolder(join(String(values.corpus), s.dir), size) });
  }

  const rows: string[] = [];
  for (const c of cases) {
    if (values.only && !c.name.includes(values.only)) continue;
    const docs = splitDocuments(fileDocuments(c.train), 0.1);
    // samples/ has no other files from its source: its own validation split is its test text.
    const test = c.test ?? docs.val;
    const bytes = c.train.reduce((n, f) => n + f.length, 0);
    const testBefore = measureBitsPerByte(config, baseWeights, test, 64);
    for (const name of String(values.strategies).split(',')) {
      const strategy = STRATEGIES[name];
      const s = settings(strategy.settings);
      const trainBytes = docs.train.reduce((n, d) => n + d.bytes.length, 0);
      // The regular plan (Infinity: not the small-data one), with the strategy's changes. Every strategy runs the same steps, validating at the same steps; the patience rule may stop it earlier.
      const plan = { ...trainingPlan(Infinity, trainBytes, s, true), maxSteps: Number(values.steps), evalEverySteps: Number(values['eval-every']), ...strategy.plan };
      let kept: ModelFile[] | undefined;
      const started = Date.now();
      const result = await runCell({
        config, initialWeights: baseWeights, firstStep: 0, from: 'bundled', docs, settings: s, source: { files: c.train.length, bytes },
        signal: new AbortController().signal, pause: new PauseController(), plan,
        hooks: { progress: () => undefined, point: () => undefined, sample: () => undefined, checkpoint: async (_step, files) => { kept = files; } },
      });
      const { model } = await decodeLanguageModel(artifactsFromFiles(kept!));
      const testAfter = measureBitsPerByte(config, model.getWeights(), test, 64);
      model.dispose();
      const switched = result.afterBpb !== undefined && result.beforeBpb !== undefined && result.afterBpb < result.beforeBpb;
      const used = switched ? testAfter : testBefore;
      const line = {
        case: c.name, kind: c.kind, bytes, strategy: name, seconds: Math.round((Date.now() - started) / 1000), steps: result.steps,
        bestStep: result.bestStep, earlyStop: !!result.earlyStop, valBefore: result.beforeBpb, valKept: result.afterBpb, valLast: result.lastBpb,
        testBefore, testKept: testAfter, switched, testInUse: used,
      };
      console.log(JSON.stringify(line));
      const f = (v?: number) => (v === undefined ? '–' : v.toFixed(3));
      rows.push(`| ${c.name} | ${bytes} | ${name} | ${result.steps} (kept ${result.bestStep ?? '–'}) | ${f(result.beforeBpb)} → ${f(result.afterBpb)} | ${f(testBefore)} → ${f(testAfter)} | ${switched ? 'yes' : 'no'} | ${f(used)} |`);
    }
  }
  console.log('\n| folder | bytes | strategy | steps | validation: before → kept | test: before → kept | switched | test, model in use after |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(r);
  baseModel.dispose();
}

void main().catch((e) => { console.error(e); process.exit(1); });
