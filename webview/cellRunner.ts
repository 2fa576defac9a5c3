// Trains one model in the webview with the shared trainer, and turns what it reports into curve points,
// sample generations and saved checkpoints (model folders as files, for the extension to write).
import * as tf from '@tensorflow/tfjs';
import { encodeLanguageModel, METADATA_JSON, MODEL_JSON, WEIGHTS_BIN } from '../src/model/lm/artifacts';
import type { Document } from '../src/model/lm/corpus';
import { createDecoder } from '../src/model/lm/decoder';
import { createVariables, variableList } from '../src/model/lm/graph';
import { describeArchitecture, LM_FORMAT_VERSION, type LmMetadata } from '../src/model/lm/metadata';
import { buildLanguageModel, parameterCount, type LmConfig } from '../src/model/lm/model';
import { generateBytes, mulberry32, READABLE_SAMPLING } from '../src/model/lm/sampler';
import { decodeComplete } from '../src/text/utf8';
import { evaluateBitsPerByte, toLayersModel, trainLanguageModel, type PauseController, type TrainerCheckpoint, type TrainProgress } from '../src/model/lm/trainer';
import type { CellResult, CurveKind, FilePayload, TrainingSettings } from '../src/training/protocol';

export interface CellRunHooks {
  progress(p: TrainProgress, fraction: number): void;
  point(kind: CurveKind, step: number, bpb: number): void;
  sample(step: number, text: string): void;
  checkpoint(step: number, files: FilePayload[]): Promise<void>;
}

export interface CellRunOptions {
  config: LmConfig;
  /** Weights to fine-tune from (model.getWeights() order); fresh weights when absent. */
  initialWeights?: tf.Tensor[];
  /** Step number of the first step (a continued run counts on from its checkpoint). */
  firstStep: number;
  from: string;
  docs: { train: Document[]; val: Document[] };
  settings: TrainingSettings;
  source: { files: number; bytes: number };
  signal: AbortSignal;
  pause: PauseController;
  hooks: CellRunHooks;
}

const SAMPLE_BYTES = 120;
const VAL_MAX_BYTES = 1 << 15;

/** Parallel lanes: the requested batch size, fewer when the text is too short to fill them. */
export function lanesFor(trainBytes: number, settings: TrainingSettings): number {
  return Math.max(1, Math.min(settings.batchSize, Math.floor(trainBytes / (settings.seqLength + 1) / 2)));
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Bits per byte of given weights on the validation split (the "before" figure). */
export function measureBitsPerByte(config: LmConfig, weights: tf.Tensor[], val: Document[], steps: number): number | undefined {
  const vars = createVariables(weights, config);
  try {
    return evaluateBitsPerByte(vars, config, val, steps, VAL_MAX_BYTES);
  } finally {
    tf.dispose(variableList(vars));
  }
}

/** A model folder (model.json, weights.bin, metadata.json) for the given trainer checkpoint. */
async function modelFiles(c: TrainerCheckpoint, o: CellRunOptions, trainedSteps: number): Promise<FilePayload[]> {
  const model = toLayersModel(c.config, c.weights);
  try {
    const metadata: LmMetadata = {
      formatVersion: LM_FORMAT_VERSION,
      tokenizer: 'utf8-bytes',
      architecture: describeArchitecture(c.config, parameterCount(c.config)),
      weightStorage: 'float32',
      training: {
        data: [{ source: 'workspace', files: o.source.files, bytes: o.source.bytes }],
        bytesSeen: c.bytesSeen, steps: trainedSteps, seconds: c.seconds, from: o.from, hardware: `webview ${tf.getBackend()}`,
      },
      metrics: { valBitsPerByte: c.valLoss },
      createdAt: new Date().toISOString(),
    };
    const a = await encodeLanguageModel(model, metadata);
    const enc = new TextEncoder();
    return [
      { name: MODEL_JSON, base64: toBase64(enc.encode(JSON.stringify(a.modelJson))) },
      { name: WEIGHTS_BIN, base64: toBase64(new Uint8Array(a.weightData)) },
      { name: METADATA_JSON, base64: toBase64(enc.encode(JSON.stringify(a.metadata, null, 2) + '\n')) },
    ];
  } finally {
    model.dispose();
  }
}

/** Continues the prompt with the checkpoint's weights, using the same fast decoder as completions. */
function sampleText(c: TrainerCheckpoint, prompt: string, seed: number): string {
  const model = toLayersModel(c.config, c.weights);
  try {
    const decoder = createDecoder(model);
    decoder.feedAll(new TextEncoder().encode(prompt));
    const bytes = generateBytes(decoder, SAMPLE_BYTES, READABLE_SAMPLING, mulberry32(seed));
    return decodeComplete(bytes);
  } finally {
    model.dispose();
  }
}

export async function runCell(o: CellRunOptions): Promise<CellResult> {
  const { settings, hooks, config } = o;
  const trainBytes = o.docs.train.reduce((s, d) => s + d.bytes.length, 0);
  const lanes = lanesFor(trainBytes, settings);
  const steps = settings.seqLength;
  // From scratch: the trainer's own seeded start, built here so "before" is measured on the same weights.
  const fresh = o.initialWeights ? undefined : buildLanguageModel(config, { seed: 1 });
  const initial = o.initialWeights ?? fresh!.getWeights();
  const beforeBpb = measureBitsPerByte(config, initial, o.docs.val, steps);
  if (beforeBpb !== undefined) hooks.point('val', o.firstStep, beforeBpb);

  // The trainer calls back at this interval; samples are drawn every time, checkpoints saved less often.
  const sampleEvery = Math.max(2, Math.min(settings.checkpointEverySec, settings.timeBudgetSec / 6, 15));
  let lastSaved = 0;
  let savedStep = -1;
  let lastPoint = -1;
  let lastVal: number | undefined;
  const stepOf = (s: number) => o.firstStep + s;

  const result = await trainLanguageModel({
    config, initialWeights: initial, train: o.docs.train, val: o.docs.val, lanes, steps,
    learningRate: settings.learningRate, warmupSteps: o.initialWeights ? 10 : 50,
    maxSeconds: settings.timeBudgetSec, epochs: settings.epochs > 0 ? settings.epochs : undefined,
    evalEverySeconds: Math.max(2, Math.min(30, settings.timeBudgetSec / 8)), valMaxBytes: VAL_MAX_BYTES,
    checkpointEverySeconds: sampleEvery, signal: o.signal, pause: o.pause,
    onProgress: (p) => {
      const fraction = Math.max(settings.epochs > 0 ? 0 : p.seconds / settings.timeBudgetSec,
        p.etaSeconds !== undefined && p.seconds > 0 ? p.seconds / (p.seconds + p.etaSeconds) : 0);
      hooks.progress(p, Math.min(1, fraction));
      if (p.phase === 'train' && Number.isFinite(p.loss) && p.step !== lastPoint) {
        lastPoint = p.step;
        hooks.point('train', stepOf(p.step), p.loss);
      }
      if (p.valLoss !== undefined && p.valLoss !== lastVal) {
        lastVal = p.valLoss;
        hooks.point('val', stepOf(p.step), p.valLoss);
      }
    },
    onCheckpoint: async (c) => {
      if (settings.samplePrompt) hooks.sample(stepOf(c.step), sampleText(c, settings.samplePrompt, c.step + 1));
      if (c.seconds - lastSaved >= settings.checkpointEverySec) {
        lastSaved = c.seconds;
        savedStep = c.step;
        await hooks.checkpoint(stepOf(c.step), await modelFiles(c, o, stepOf(c.step)));
      }
    },
  });
  // The final weights are always saved, whatever the checkpoint interval.
  if (savedStep !== result.checkpoint.step) {
    await hooks.checkpoint(stepOf(result.steps), await modelFiles(result.checkpoint, o, stepOf(result.steps)));
  }
  tf.dispose(result.weights);
  fresh?.dispose();
  return { cell: config.cell, beforeBpb, afterBpb: result.valLoss, steps: stepOf(result.steps) };
}
