// Trains one model in the webview with the shared trainer, and turns what it reports into curve points,
// sample generations and saved checkpoints (model folders as files, for the extension to write). The
// checkpoint kept is the one that validated best, and training stops when validation stops improving.
import * as tf from '@tensorflow/tfjs';
import { encodeLanguageModel } from '../src/model/lm/artifacts';
import type { Document } from '../src/model/lm/corpus';
import { createDecoder } from '../src/model/lm/decoder';
import { createVariables, variableList } from '../src/model/lm/graph';
import { KeepBest } from '../src/model/lm/keepBest';
import { buildLanguageModel, type LmConfig } from '../src/model/lm/model';
import type { ModelFile } from '../src/model/lm/modelCheck';
import { modelFolderFiles, panelModelMetadata } from '../src/model/lm/modelFolder';
import { generateBytes, mulberry32, READABLE_SAMPLING } from '../src/model/lm/sampler';
import { decodeComplete } from '../src/text/utf8';
import { evaluateBitsPerByte, toLayersModel, trainLanguageModel, type PauseController, type TrainProgress } from '../src/model/lm/trainer';
import type { CellResult, CurveKind, TrainingSettings } from '../src/training/protocol';
import { trainingPlan, type TrainingPlan } from '../src/training/smallData';

export interface CellRunHooks {
  progress(p: TrainProgress, fraction: number): void;
  point(kind: CurveKind, step: number, bpb: number): void;
  sample(step: number, text: string): void;
  checkpoint(step: number, files: ModelFile[]): Promise<void>;
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
  /** How to train; by default `trainingPlan` of the settings and the data (the benchmark compares others). */
  plan?: TrainingPlan;
}

const SAMPLE_BYTES = 120;
const VAL_MAX_BYTES = 1 << 15;

/** Bits per byte of given weights on the validation split (the "before" figure). */
export function measureBitsPerByte(config: LmConfig, weights: tf.Tensor[], val: Document[], steps: number): number | undefined {
  const vars = createVariables(weights, config);
  try {
    return evaluateBitsPerByte(vars, config, val, steps, VAL_MAX_BYTES);
  } finally {
    tf.dispose(variableList(vars));
  }
}

interface Snapshot { weights: readonly (tf.Tensor | Float32Array)[]; step: number; bytesSeen: number; seconds: number; valLoss?: number }

/** A model folder (model.json, weights.bin, metadata.json) holding the given weights. */
async function modelFiles(s: Snapshot, o: CellRunOptions, step: number): Promise<ModelFile[]> {
  const model = toLayersModel(o.config, [...s.weights]);
  try {
    const metadata = panelModelMetadata({
      config: o.config, source: o.source, bytesSeen: s.bytesSeen, steps: step, seconds: s.seconds, from: o.from,
      hardware: `webview ${tf.getBackend()}`, valBitsPerByte: s.valLoss,
    });
    return modelFolderFiles(await encodeLanguageModel(model, metadata));
  } finally {
    model.dispose();
  }
}

/** Continues the prompt with the live weights, using the same fast decoder as completions. */
function sampleText(config: LmConfig, weights: readonly tf.Tensor[], prompt: string, seed: number): string {
  const model = toLayersModel(config, [...weights]);
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
  const plan = o.plan ?? trainingPlan(o.source.bytes, trainBytes, settings, o.initialWeights !== undefined);
  const steps = settings.seqLength;
  // From scratch: the trainer's own seeded start, built here so "before" is measured on the same weights.
  const fresh = o.initialWeights ? undefined : buildLanguageModel(config, { seed: 1 });
  const initial = o.initialWeights ?? fresh!.getWeights();
  const beforeBpb = measureBitsPerByte(config, initial, o.docs.val, steps);
  if (beforeBpb !== undefined) hooks.point('val', o.firstStep, beforeBpb);

  const keep = new KeepBest<tf.Tensor[]>({
    baseline: beforeBpb, patience: plan.patience,
    copy: (w) => w.map((t) => t.clone()), release: (w) => tf.dispose(w),
  });
  let savedStep = -1;
  let lastPoint = -1;
  let lastVal: number | undefined;
  const stepOf = (s: number) => o.firstStep + s;
  /** The weights a checkpoint holds: the best validated so far, the current ones when none was measured. */
  const save = async (current: Snapshot) => {
    const s: Snapshot = keep.best ?? current;
    if (s.step === savedStep) return;
    savedStep = s.step;
    await hooks.checkpoint(stepOf(s.step), await modelFiles(s, o, stepOf(s.step)));
  };

  try {
    const result = await trainLanguageModel({
      config, initialWeights: initial, train: o.docs.train, val: o.docs.val, lanes: plan.lanes, steps,
      learningRate: plan.learningRate, warmupSteps: o.initialWeights ? 10 : 50,
      maxSeconds: settings.timeBudgetSec, epochs: plan.epochs, maxSteps: plan.maxSteps, evalEverySeconds: plan.evalEverySeconds, evalEverySteps: plan.evalEverySteps, valMaxBytes: VAL_MAX_BYTES,
      checkpointEverySeconds: settings.checkpointEverySec, signal: o.signal, pause: o.pause,
      anchor: plan.anchor > 0 ? { weights: initial, strength: plan.anchor } : undefined,
      onValidation: (v) => keep.offer({ weights: [...v.weights], valLoss: v.valLoss, step: v.step, bytesSeen: v.bytesSeen, seconds: v.seconds }),
      sampleEverySeconds: Math.max(2, Math.min(settings.checkpointEverySec, settings.timeBudgetSec / 6, 15)),
      onSample: settings.samplePrompt
        ? (weights, step) => hooks.sample(stepOf(step), sampleText(config, weights, settings.samplePrompt, step + 1))
        : undefined,
      onProgress: (p) => {
        const fraction = Math.max(plan.epochs !== undefined ? 0 : p.seconds / settings.timeBudgetSec,
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
      onCheckpoint: (c) => save(c),
    });
    // Whatever the checkpoint interval, the kept weights are always saved (the trainer's last call saved them
    // unless it had no callback).
    await save({ weights: result.weights, step: result.steps, bytesSeen: result.bytesSeen, seconds: result.seconds, valLoss: result.valLoss });
    tf.dispose(result.weights);
    const best = keep.best;
    return {
      cell: config.cell, beforeBpb, afterBpb: best?.valLoss ?? result.valLoss, steps: stepOf(result.steps),
      bestStep: best ? stepOf(best.step) : undefined,
      lastBpb: best && result.valLoss !== best.valLoss ? result.valLoss : undefined,
      earlyStop: result.stoppedBy === 'plateau' || undefined,
    };
  } finally {
    keep.dispose();
    fresh?.dispose();
  }
}
