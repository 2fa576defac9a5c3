// Trains the bundled base language model on the corpus of `npm run corpus`, resumably, across machines:
//   npm run train:lm     (= build, corpus if missing, then node out/scripts/train-lm.js)
//   node out/scripts/train-lm.js [--run models/checkpoints/lm-base] [--hours H] [--corpus DIR]
//        [--hidden 256 --embed 64 --layers 1 --lanes 64 --steps 64 --lr 0.004 --warmup 200 --total-mb 150]
//   node out/scripts/train-lm.js --run DIR --export models/lm [--storage float16]
// The run folder (committed in the repository, left out of the .vsix) holds run.json (architecture, schedule,
// corpus id: fixed when the run starts), checkpoint/ (weights, Adam moments, carried state, data position) and
// curve.tsv (validation bits per byte at each checkpoint).
// The same command continues from there on any machine; SIGINT/SIGTERM or --hours end it with a checkpoint.
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/model/backend';
import { loadCheckpoint, saveCheckpoint } from '../src/model/lm/checkpointStore';
import { totalBytes, type Document } from '../src/model/lm/corpus';
import { saveLanguageModel } from '../src/model/lm/io';
import { describeArchitecture, LM_FORMAT_VERSION, type DataSource, type LmMetadata, type WeightStorage } from '../src/model/lm/metadata';
import { parameterCount, type LmConfig } from '../src/model/lm/model';
import { toLayersModel, trainLanguageModel, type TrainerCheckpoint } from '../src/model/lm/trainer';
import { corpusFilePath, defaultCorpusDir, readManifest, type CorpusManifest } from './corpus/manifest';

const root = resolve(__dirname, '..', '..');
/** Validation while training: this many bytes of held-out text per kind, a slice of every held-out file in turn. */
const VAL_BYTES_PER_KIND = 16 << 10;
const VAL_SLICE = 2048;

/** Fixed when a run starts; a resumed run reads it back and ignores the command line's values. */
interface RunSettings {
  config: LmConfig;
  lanes: number;
  steps: number;
  learningRate: number;
  warmupSteps: number;
  /** The cosine schedule spans this many steps (bytes seen = steps * lanes * steps per batch). */
  scheduleSteps: number;
  corpusId: string;
  /** Other corpus ids the run continued on (same sources, bytes that differed). */
  corpusHistory?: string[];
  seed: number;
}

const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);

function readCorpus(dir: string): { manifest: CorpusManifest; train: Document[]; val: Document[] } {
  const manifest = readManifest(dir);
  const read = (path: string) => new Uint8Array(readFileSync(corpusFilePath(dir, { path })));
  const train = manifest.files.filter((f) => f.split === 'train').map((f) => ({ name: f.path, bytes: read(f.path) }));
  const val: Document[] = [];
  for (const kind of Object.keys(manifest.shares)) {
    const held = manifest.files.filter((f) => f.split === 'heldout' && f.kind === kind).map((f) => read(f.path));
    const parts: Uint8Array[] = [];
    let taken = 0;
    for (let offset = 0; taken < VAL_BYTES_PER_KIND && held.some((b) => b.length > offset); offset += VAL_SLICE) {
      for (const b of held) {
        if (taken >= VAL_BYTES_PER_KIND || b.length <= offset) continue;
        const slice = b.subarray(offset, Math.min(b.length, offset + VAL_SLICE, offset + VAL_BYTES_PER_KIND - taken));
        parts.push(slice);
        taken += slice.length;
      }
    }
    const bytes = new Uint8Array(taken);
    parts.reduce((at, p) => (bytes.set(p, at), at + p.length), 0);
    val.push({ name: `heldout/${kind}`, bytes });
  }
  return { manifest, train, val };
}

function sourcesOf(manifest: CorpusManifest): DataSource[] {
  return manifest.sources.map((s) => ({ source: `${s.source} [${s.kind}]`, globs: s.globs, files: s.train.files, bytes: s.train.bytes }));
}

function metadataFor(checkpoint: TrainerCheckpoint, manifest: CorpusManifest, storage: WeightStorage): LmMetadata {
  const c = checkpoint.config;
  return {
    formatVersion: LM_FORMAT_VERSION, tokenizer: 'utf8-bytes', architecture: describeArchitecture(c, parameterCount(c)), weightStorage: storage,
    training: {
      data: sourcesOf(manifest), corpusId: manifest.id, bytesSeen: checkpoint.bytesSeen, steps: checkpoint.step, seconds: Math.round(checkpoint.seconds),
      hardware: `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, tfjs-backend-wasm (shared machine)`,
      command: 'npm run train:lm',
    },
    metrics: { valBitsPerByte: checkpoint.valLoss },
    createdAt: new Date().toISOString(),
  };
}

async function main() {
  const { values: a } = parseArgs({
    strict: true,
    options: {
      run: { type: 'string', default: join(root, 'models', 'checkpoints', 'lm-base') },
      corpus: { type: 'string' }, export: { type: 'string' }, storage: { type: 'string', default: 'float16' },
      hours: { type: 'string' }, 'checkpoint-minutes': { type: 'string', default: '20' },
      hidden: { type: 'string', default: '256' }, embed: { type: 'string', default: '64' }, layers: { type: 'string', default: '1' },
      lanes: { type: 'string', default: '64' }, steps: { type: 'string', default: '64' }, lr: { type: 'string', default: '0.004' },
      warmup: { type: 'string', default: '200' }, 'total-mb': { type: 'string', default: '150' },
    },
  });
  const num = (name: keyof typeof a) => {
    const v = Number(a[name]);
    if (!/^\d+(\.\d+)?$/.test(String(a[name])) || !(v > 0)) throw new Error(`--${name} must be a positive decimal number, not "${a[name]}"`);
    return v;
  };
  const run = resolve(a.run!);
  const ckptDir = join(run, 'checkpoint');
  const settingsPath = join(run, 'run.json');
  const curvePath = join(run, 'curve.tsv');
  const { manifest, train, val } = readCorpus(resolve(a.corpus ?? defaultCorpusDir()));
  await initBackend({ preference: ['wasm', 'cpu'] });

  if (a.export) {
    const checkpoint = loadCheckpoint(ckptDir);
    if (!checkpoint) throw new Error(`no checkpoint in ${ckptDir}`);
    const storage = a.storage as WeightStorage;
    const model = toLayersModel(checkpoint.config, checkpoint.weights);
    await saveLanguageModel(model, metadataFor(checkpoint, manifest, storage), resolve(a.export), storage);
    log(`exported step ${checkpoint.step} (${checkpoint.bytesSeen} bytes seen, val ${checkpoint.valLoss?.toFixed(3)} bits/byte) to ${a.export} as ${storage}`);
    return;
  }

  let settings: RunSettings;
  if (existsSync(settingsPath)) {
    settings = JSON.parse(readFileSync(settingsPath, 'utf8')) as RunSettings;
    if (settings.corpusId !== manifest.id) {
      // Same source list, different bytes (e.g. another groff or html-to-text version): the data position is
      // then approximate. Say so, and keep the ids in the run's history.
      log(`warning: the run started on corpus ${settings.corpusId}, this one is ${manifest.id}; continuing at the same position`);
      settings.corpusHistory = [...(settings.corpusHistory ?? []), manifest.id];
      writeFileSync(settingsPath, JSON.stringify(settings, null, 2) + '\n');
    }
  } else {
    const lanes = num('lanes'), steps = num('steps');
    settings = {
      config: { cell: 'gru', embedDim: num('embed'), hiddenSize: num('hidden'), layers: num('layers') },
      lanes, steps, learningRate: num('lr'), warmupSteps: num('warmup'),
      scheduleSteps: Math.round((num('total-mb') * 1e6) / (lanes * steps)), corpusId: manifest.id, seed: 1,
    };
    mkdirSync(run, { recursive: true });
    writeFileSync(settingsPath, JSON.stringify(settings, null, 2) + '\n');
  }
  const resume = loadCheckpoint(ckptDir);
  log(`${resume ? `resuming at step ${resume.step} (${(resume.bytesSeen / 1e6).toFixed(1)} MB seen)` : 'starting'}: ` +
    `GRU ${settings.config.hiddenSize}, corpus ${manifest.id} (${(totalBytes(train) / 1e6).toFixed(1)} MB in ${train.length} files), ` +
    `validation ${totalBytes(val)} bytes, schedule ${settings.scheduleSteps} steps`);

  // Stop cleanly (with a checkpoint) on a signal or when this session's hours are spent.
  const stop = new AbortController();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => { log(`${sig}: saving a checkpoint and stopping`); stop.abort(); });
  if (a.hours) setTimeout(() => stop.abort(), num('hours') * 3600e3).unref();

  let last = 0;
  const result = await trainLanguageModel({
    config: settings.config, train, val, resume, lanes: settings.lanes, steps: settings.steps, learningRate: settings.learningRate,
    warmupSteps: settings.warmupSteps, maxSteps: settings.scheduleSteps, seed: settings.seed, signal: stop.signal,
    evalEverySeconds: 1200, valMaxBytes: totalBytes(val), checkpointEverySeconds: num('checkpoint-minutes') * 60,
    onCheckpoint: async (c) => {
      await saveCheckpoint(ckptDir, c, metadataFor(c, manifest, 'float32'));
      // The learning curve, one line per checkpoint, kept with the run so it survives machines too.
      if (!existsSync(curvePath)) writeFileSync(curvePath, 'step\tbytesSeen\thours\tvalBitsPerByte\n');
      appendFileSync(curvePath, `${c.step}\t${c.bytesSeen}\t${(c.seconds / 3600).toFixed(3)}\t${c.valLoss?.toFixed(4) ?? ''}\n`);
      log(`checkpoint step ${c.step}`);
    },
    onProgress: (p) => {
      if (p.phase === 'eval') { log(`step ${p.step}: measuring validation loss`); return; }
      if (p.phase === 'done' || p.seconds - last >= 60) {
        last = p.seconds;
        log(`step ${p.step}/${settings.scheduleSteps} epoch ${p.epoch} loss ${p.loss.toFixed(3)} val ${p.valLoss?.toFixed(3) ?? '-'} bits/byte, ` +
          `lr ${p.learningRate.toExponential(2)}, ${Math.round(p.bytesPerSec)} bytes/s, ${(p.bytesSeen / 1e6).toFixed(2)} MB seen, ${(p.seconds / 3600).toFixed(2)} h`);
      }
    },
  });
  tf.dispose(result.weights);
  log(`stopped (${result.stoppedBy}) at step ${result.steps}, val ${result.valLoss?.toFixed(3)} bits/byte`);
}

main().catch((e) => { process.stderr.write(`train-lm: ${(e as Error).message}\n`); process.exit(1); });
