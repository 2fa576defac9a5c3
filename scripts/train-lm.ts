// Trains the bundled base language model, resumably, in the background:
//   npm run train:lm                        (= node out/scripts/train-lm.js --run ../train-runs/base)
//   node out/scripts/train-lm.js --run DIR [--hours 8] [--hidden 256] [--embed 64] [--layers 1]
//        [--lanes 64] [--steps 64] [--lr 0.004] [--warmup 20] [--checkpoint-minutes 5]
//   node out/scripts/train-lm.js --run DIR --export models/lm [--storage float16]
// The same command continues from DIR/checkpoint after a stop. Held-out files for the model card are
// written to DIR/heldout/ (English and Chinese: the last 5% of each text; code: whole held-out packages).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { toSlashes } from '../src/fs/paths';
import { initBackend } from '../src/model/backend';
import { loadCheckpoint, saveCheckpoint } from '../src/model/lm/checkpointStore';
import { splitDocuments, totalBytes, type Document } from '../src/model/lm/corpus';
import { readTextFiles } from '../src/cli/textFiles';
import { findFiles } from '../src/model/lm/corpusFiles';
import { saveLanguageModel } from '../src/model/lm/io';
import { describeArchitecture, LM_FORMAT_VERSION, type DataSource, type LmMetadata, type WeightStorage } from '../src/model/lm/metadata';
import { parameterCount, type LmConfig } from '../src/model/lm/model';
import { toLayersModel, trainLanguageModel, type TrainerCheckpoint } from '../src/model/lm/trainer';

const root = resolve(__dirname, '../..');
const DATA = resolve(root, '../shared/data/text');
const TEXT_HELD_OUT = 0.05;

/** Code and Markdown from the project's pinned dependencies: package, globs, and whether it is held out. */
const PACKAGES: { name: string; globs: string[]; exclude?: string[]; heldOut?: boolean }[] = [
  { name: 'ajv', globs: ['lib/**/*.ts'] },
  { name: '@types/vscode', globs: ['index.d.ts'] },
  { name: '@types/node', globs: ['*.d.ts'] },
  { name: 'typescript', globs: ['lib/lib.es20*.d.ts', 'lib/lib.es5.d.ts'] },
  { name: '@tensorflow/tfjs-layers', globs: ['dist/layers/*.js', 'dist/engine/*.js'], exclude: ['**/*.map'] },
  { name: 'mocha', globs: ['lib/**/*.js'] },
  { name: 'lit', globs: ['*.d.ts', 'README.md'] },
  { name: '@vscode-elements/elements', globs: ['dist/**/*.d.ts', 'README.md'] },
  { name: 'uplot', globs: ['dist/uPlot.d.ts', 'README.md'] },
  { name: '@vscode/vsce', globs: ['README.md'] },
  { name: 'esbuild', globs: ['lib/main.d.ts', 'README.md'] },
  { name: 'yargs', globs: ['README.md', 'docs/*.md'] },
  { name: 'ignore', globs: ['README.md', 'index.d.ts'] },
  // Held out entirely: the code figures in the model card are measured on these.
  { name: 'cheerio', globs: ['src/**/*.ts'], heldOut: true },
  { name: 'commander', globs: ['lib/*.js', 'typings/index.d.ts'], heldOut: true },
];

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const num = (name: string, fallback: number) => Number(arg(name, String(fallback)));
const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);

function packageDocuments(): { train: Document[]; heldOut: Document[]; sources: DataSource[] } {
  const train: Document[] = [], heldOut: Document[] = [], sources: DataSource[] = [];
  for (const pkg of PACKAGES) {
    const dir = join(root, 'node_modules', pkg.name);
    const version = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
    const files = findFiles(dir, pkg.globs, pkg.exclude);
    const docs = readTextFiles(files.map((f) => join(dir, f)), log)
      .map((d) => ({ ...d, name: `${pkg.name}@${version}/${toSlashes(relative(dir, d.name))}` }));
    (pkg.heldOut ? heldOut : train).push(...docs);
    sources.push({ source: `${pkg.name}@${version}${pkg.heldOut ? ' (held out)' : ''}`, globs: pkg.globs, files: docs.length, bytes: totalBytes(docs) });
  }
  return { train, heldOut, sources };
}

function corpus(run: string) {
  const texts = readTextFiles(['tinyshakespeare.txt', 'hongloumeng.txt'].map((f) => join(DATA, f)), log);
  const textSplit = splitDocuments(texts, TEXT_HELD_OUT);
  const code = packageDocuments();
  // Held-out files on disk, so eval-lm, xz and 7z measure exactly the same bytes.
  const held = join(run, 'heldout');
  const write = (name: string, bytes: Uint8Array) => { mkdirSync(dirname(join(held, name)), { recursive: true }); writeFileSync(join(held, name), bytes); };
  write('english.txt', textSplit.val[0].bytes);
  write('chinese.txt', textSplit.val[1].bytes);
  for (const d of code.heldOut) write(join('code', d.name.replace(/@([^/]*)\//, '@$1__').replace(/\//g, '__')), d.bytes);
  const sources: DataSource[] = [
    { source: '../shared/data/text/tinyshakespeare.txt (first 95%)', files: 1, bytes: textSplit.train[0].bytes.length },
    { source: '../shared/data/text/hongloumeng.txt (first 95%)', files: 1, bytes: textSplit.train[1].bytes.length },
    ...code.sources,
  ];
  // Validation while training: the text tails plus a slice of the held-out code.
  return { train: [...textSplit.train, ...code.train], val: [...textSplit.val, ...code.heldOut], sources };
}

function metadataFor(checkpoint: TrainerCheckpoint, sources: DataSource[], storage: WeightStorage): LmMetadata {
  const c = checkpoint.config;
  return {
    formatVersion: LM_FORMAT_VERSION, tokenizer: 'utf8-bytes', architecture: describeArchitecture(c, parameterCount(c)), weightStorage: storage,
    training: {
      data: sources, bytesSeen: checkpoint.bytesSeen, steps: checkpoint.step, seconds: Math.round(checkpoint.seconds),
      hardware: `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, tfjs-backend-wasm (shared machine)`,
      command: 'npm run train:lm',
    },
    metrics: { valBitsPerByte: checkpoint.valLoss },
    createdAt: new Date().toISOString(),
  };
}

async function main() {
  const run = resolve(arg('run', join(root, '../train-runs/base'))!);
  mkdirSync(run, { recursive: true });
  await initBackend({ preference: ['wasm', 'cpu'] });
  const ckptDir = join(run, 'checkpoint');
  const exportTo = arg('export');
  const { train, val, sources } = corpus(run);
  if (exportTo) {
    const checkpoint = loadCheckpoint(ckptDir);
    if (!checkpoint) throw new Error(`no checkpoint in ${ckptDir}`);
    const storage = (arg('storage', 'float16') as WeightStorage);
    const model = toLayersModel(checkpoint.config, checkpoint.weights);
    await saveLanguageModel(model, metadataFor(checkpoint, sources, storage), resolve(exportTo), storage);
    log(`exported step ${checkpoint.step} (${checkpoint.bytesSeen} bytes seen, val ${checkpoint.valLoss?.toFixed(3)} bits/byte) to ${exportTo} as ${storage}`);
    return;
  }
  const resume = loadCheckpoint(ckptDir);
  const config: LmConfig = { cell: 'gru', embedDim: num('embed', 64), hiddenSize: num('hidden', 256), layers: num('layers', 1) };
  log(`${resume ? `resuming at step ${resume.step}` : 'starting'}: train ${totalBytes(train)} bytes in ${train.length} files, validation ${totalBytes(val)} bytes`);
  const hours = num('hours', 8);
  let last = 0;
  const result = await trainLanguageModel({
    config, train, val, resume, lanes: num('lanes', 64), steps: num('steps', 64), learningRate: num('lr', 4e-3), warmupSteps: num('warmup', 20),
    maxSeconds: hours * 3600, evalEverySeconds: 600, valMaxBytes: 1 << 17, checkpointEverySeconds: num('checkpoint-minutes', 5) * 60, seed: 1,
    onCheckpoint: async (c) => { await saveCheckpoint(ckptDir, c, metadataFor(c, sources, 'float32')); log(`checkpoint step ${c.step}`); },
    onProgress: (p) => {
      if (p.phase === 'eval') { log(`step ${p.step}: measuring validation loss`); return; }
      if (p.phase === 'done' || p.seconds - last >= 60) {
        last = p.seconds;
        log(`step ${p.step} epoch ${p.epoch} loss ${p.loss.toFixed(3)} val ${p.valLoss?.toFixed(3) ?? '-'} bits/byte, lr ${p.learningRate.toExponential(2)}, ${Math.round(p.bytesPerSec)} bytes/s, ${(p.bytesSeen / 1e6).toFixed(2)} MB seen, ${(p.seconds / 60).toFixed(1)} min, eta ${p.etaSeconds !== undefined ? (p.etaSeconds / 60).toFixed(0) + ' min' : '-'}`);
      }
    },
  });
  tf.dispose(result.weights);
  log(`finished (${result.stoppedBy}) at step ${result.steps}, val ${result.valLoss?.toFixed(3)} bits/byte`);
}

main().catch((e) => { process.stderr.write(`train-lm: ${(e as Error).stack ?? e}\n`); process.exit(1); });
