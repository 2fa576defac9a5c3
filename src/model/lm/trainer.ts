// The one language-model trainer, shared by the CLI, the build scripts and the training panel (webview).
// No Node-only imports: data comes in as byte arrays, checkpoints go out through a callback.
import * as tf from '@tensorflow/tfjs';
import { ClippedAdam, type AdamState } from './adam';
import { BatchStream, totalBytes, type Document, type StreamPosition } from './corpus';
import { createVariables, crossEntropy, forward, variableList, zeroState, type LmVariables, type RecurrentState } from './graph';
import { buildLanguageModel, type LmConfig } from './model';
import { mulberry32 } from './sampler';
import { patchWasmKernels } from './tfjsWasmPatches';

export interface TrainProgress {
  phase: 'train' | 'eval' | 'done';
  step: number;
  epoch: number;
  /** Training loss in bits per byte, smoothed over recent steps. */
  loss: number;
  /** Latest held-out loss in bits per byte, once measured. */
  valLoss?: number;
  learningRate: number;
  bytesSeen: number;
  bytesPerSec: number;
  /** Active training seconds (pauses excluded), including earlier runs this one resumed. */
  seconds: number;
  etaSeconds?: number;
}

/** Everything needed to continue a run exactly where it stopped. */
export interface TrainerCheckpoint {
  config: LmConfig;
  /** In `model.getWeights()` order. */
  weights: Float32Array[];
  adam: AdamState;
  position: StreamPosition;
  /** Recurrent state carried into the next batch, one [lanes*H] array per layer part. */
  state: Float32Array[];
  step: number;
  bytesSeen: number;
  seconds: number;
  lanes: number;
  steps: number;
  seed: number;
  valLoss?: number;
}

export interface TrainerOptions {
  config: LmConfig;
  /** Starting weights in `model.getWeights()` order (fine-tuning); fresh seeded weights when absent. */
  initialWeights?: tf.Tensor[];
  train: Document[];
  val?: Document[];
  /** Parallel streams per batch and time steps per batch (truncated BPTT length). */
  lanes?: number;
  steps?: number;
  learningRate?: number;
  warmupSteps?: number;
  /** The cosine schedule ends at learningRate * this. */
  finalLearningRateFraction?: number;
  clipNorm?: number;
  /** Stop after any of these; the learning-rate schedule spans whichever comes first. Default: 1 epoch. */
  maxSeconds?: number;
  epochs?: number;
  maxSteps?: number;
  evalEverySeconds?: number;
  /** Validate every this many steps instead (load-independent; for small data, where a step is a good part of an epoch). */
  evalEverySteps?: number;
  valMaxBytes?: number;
  checkpointEverySeconds?: number;
  onCheckpoint?: (checkpoint: TrainerCheckpoint) => Promise<void> | void;
  onProgress?: (progress: TrainProgress) => void;
  /**
   * Called after each validation with the live weights (valid during the call only; clone what you keep).
   * Returning 'stop' ends training (see ./keepBest for the rule the panel uses).
   */
  onValidation?: (v: Validation) => 'stop' | void;
  /** Seconds between calls of onSample; a sample reads the live weights and copies nothing else off the device. */
  sampleEverySeconds?: number;
  onSample?: (weights: readonly tf.Tensor[], step: number) => void;
  signal?: AbortSignal;
  pause?: PauseController;
  resume?: TrainerCheckpoint;
  seed?: number;
  /** Share of lanes whose state is zeroed at each batch, so the model also learns to start from nothing. */
  resetShare?: number;
  /**
   * Pulls the weights toward these (in `list` order, usually the starting weights): `strength` times the summed
   * squared distance is added to the loss (L2-SP), so a fine-tune on little text moves less far from its base.
   */
  anchor?: { weights: readonly tf.Tensor[]; strength: number };
}

/** One validation during training: the weights it measured and where the run was. */
export interface Validation {
  valLoss: number;
  weights: readonly tf.Tensor[];
  step: number;
  bytesSeen: number;
  seconds: number;
}

export interface TrainResult {
  /** Final weights in `model.getWeights()` order; the caller owns them. */
  weights: tf.Tensor[];
  checkpoint: TrainerCheckpoint;
  steps: number;
  bytesSeen: number;
  seconds: number;
  valLoss?: number;
  /** 'plateau': onValidation asked to stop. */
  stoppedBy: 'time' | 'epochs' | 'steps' | 'aborted' | 'plateau';
}

/** Pauses a running trainer between steps (the webview's pause button). */
export class PauseController {
  private waiting?: { promise: Promise<void>; release: () => void };
  get paused(): boolean {
    return this.waiting !== undefined;
  }
  pause(): void {
    if (this.waiting) return;
    let release!: () => void;
    const promise = new Promise<void>((r) => { release = r; });
    this.waiting = { promise, release };
  }
  resume(): void {
    this.waiting?.release();
    this.waiting = undefined;
  }
  wait(): Promise<void> {
    return this.waiting?.promise ?? Promise.resolve();
  }
}

const LN2 = Math.log(2);
const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now()) / 1000;
const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function trainLanguageModel(options: TrainerOptions): Promise<TrainResult> {
  const resume = options.resume;
  const config = resume?.config ?? options.config;
  const lanes = resume?.lanes ?? options.lanes ?? 64;
  const steps = resume?.steps ?? options.steps ?? 64;
  const seed = resume?.seed ?? options.seed ?? 1;
  const lr = options.learningRate ?? 3e-3;
  const warmup = options.warmupSteps ?? 50;
  const finalFraction = options.finalLearningRateFraction ?? 0.1;
  const clipNorm = options.clipNorm ?? 1;
  const resetShare = options.resetShare ?? 1 / 32;
  const epochs = options.maxSeconds === undefined && options.maxSteps === undefined ? options.epochs ?? 1 : options.epochs;
  if (totalBytes(options.train) === 0) throw new Error('no training text');
  patchWasmKernels();

  const stream = new BatchStream(options.train, lanes, steps, seed);
  const totalSteps = Math.min(epochs === undefined ? Infinity : epochs * stream.batchesPerEpoch, options.maxSteps ?? Infinity);

  const vars = initialVariables(config, options.initialWeights, resume, seed);
  const list = variableList(vars);
  const adam = new ClippedAdam(list);
  let state: RecurrentState = zeroState(config, lanes);
  let step = 0, bytesSeen = 0, priorSeconds = 0;
  let valLoss: number | undefined;
  if (resume) {
    adam.setState(resume.adam);
    stream.position = { ...resume.position };
    tf.dispose(state);
    state = unflattenState(resume.state, config, lanes);
    ({ step, bytesSeen, valLoss } = resume);
    priorSeconds = resume.seconds;
  }

  let active = 0; // seconds of active training in this run
  let smoothed: number | undefined;
  let lastEval = 0, lastCheckpoint = 0, lastSample = 0;
  let validatedStep = -1;
  let runBytes = 0;
  const seconds = () => priorSeconds + active;
  const fraction = () => Math.max(step / totalSteps, options.maxSeconds ? seconds() / options.maxSeconds : 0);
  const learningRate = () => {
    if (step < warmup) return lr * (step + 1) / warmup;
    const f = Math.min(1, fraction());
    return lr * (finalFraction + (1 - finalFraction) * 0.5 * (1 + Math.cos(Math.PI * f)));
  };
  const progress = (phase: TrainProgress['phase']): TrainProgress => {
    const rate = active > 0 ? runBytes / active : 0;
    const f = fraction();
    const etaSeconds = f > 0 && active > 0 ? Math.max(0, (seconds() * (1 - f)) / f) : undefined;
    return {
      phase, step, epoch: stream.position.epoch, loss: smoothed ?? NaN, valLoss, learningRate: learningRate(),
      bytesSeen, bytesPerSec: rate, seconds: seconds(), etaSeconds,
    };
  };
  const checkpoint = (): TrainerCheckpoint => ({
    config, weights: list.map((v) => Float32Array.from(v.dataSync() as Float32Array)), adam: adam.getState(),
    position: { ...stream.position }, state: state.flat().map((t) => Float32Array.from(t.dataSync() as Float32Array)),
    step, bytesSeen, seconds: seconds(), lanes, steps, seed, valLoss,
  });
  /** Measures validation loss; true when onValidation asks to stop. */
  const validate = (): boolean => {
    if (!options.val?.length || validatedStep === step) return false;
    options.onProgress?.(progress('eval'));
    const measured = evaluateBitsPerByte(vars, config, options.val, steps, options.valMaxBytes ?? 1 << 16);
    validatedStep = step;
    if (measured === undefined) return false;
    valLoss = measured;
    return options.onValidation?.({ valLoss, weights: list, step, bytesSeen, seconds: seconds() }) === 'stop';
  };

  let stoppedBy: TrainResult['stoppedBy'] = 'steps';
  try {
    for (;;) {
      if (options.signal?.aborted) { stoppedBy = 'aborted'; break; }
      if (step >= totalSteps) { stoppedBy = epochs !== undefined && step >= epochs * stream.batchesPerEpoch ? 'epochs' : 'steps'; break; }
      if (options.maxSeconds !== undefined && seconds() >= options.maxSeconds) { stoppedBy = 'time'; break; }
      if (options.pause?.paused) await options.pause.wait();

      const started = now();
      const batch = stream.next();
      const rate = learningRate();
      const lossNats = trainStep(vars, list, adam, config, batch.inputs, batch.targets, steps, rate, clipNorm, options.anchor, () => {
        // The carried state enters the step as a constant (truncated BPTT); some lanes restart from zero.
        const random = mulberry32(seed * 7919 + step);
        const mask = tf.tensor2d(Array.from({ length: lanes }, () => (batch.epochStart || random() < resetShare ? 0 : 1)), [lanes, 1]);
        return state.map((parts) => parts.map((t) => tf.mul(t, mask) as tf.Tensor2D));
      }, (next) => { tf.dispose(state); state = next; });
      step++;
      bytesSeen += stream.batchBytes;
      runBytes += stream.batchBytes;
      const bits = lossNats / LN2;
      smoothed = smoothed === undefined || !Number.isFinite(smoothed) ? bits : 0.95 * smoothed + 0.05 * bits;
      active += now() - started;

      const due = options.evalEverySteps ? step % options.evalEverySteps === 0 : active - lastEval >= (options.evalEverySeconds ?? 60);
      if (options.val?.length && due) {
        const t0 = now();
        const stop = validate();
        active += now() - t0;
        lastEval = active;
        if (stop) { stoppedBy = 'plateau'; options.onProgress?.(progress('train')); break; }
      }
      options.onProgress?.(progress('train'));
      if (options.onSample && active - lastSample >= (options.sampleEverySeconds ?? 15)) {
        options.onSample(list, step);
        lastSample = active;
      }
      if (options.onCheckpoint && active - lastCheckpoint >= (options.checkpointEverySeconds ?? 300)) {
        await options.onCheckpoint(checkpoint());
        lastCheckpoint = active;
      }
      await breathe();
    }
    validate();
    const final = checkpoint();
    if (options.onCheckpoint) await options.onCheckpoint(final);
    options.onProgress?.(progress('done'));
    return {
      weights: list.map((v) => v.clone()), checkpoint: final, steps: step, bytesSeen, seconds: seconds(), valLoss, stoppedBy,
    };
  } finally {
    tf.dispose(state);
    adam.dispose();
    tf.dispose(list);
  }
}

/** One optimizer step on one batch; returns the mean loss in nats. */
function trainStep(
  vars: LmVariables, list: tf.Variable[], adam: ClippedAdam, config: LmConfig, inputs: Int32Array, targets: Int32Array,
  steps: number, learningRate: number, clipNorm: number, anchor: TrainerOptions['anchor'],
  initialState: () => RecurrentState, setState: (s: RecurrentState) => void,
): number {
  return tf.tidy(() => {
    const ids = tf.tensor1d(inputs, 'int32');
    const ys = tf.tensor1d(targets, 'int32');
    const start = initialState();
    let finalState: RecurrentState = [];
    let crossEntropyLoss: tf.Scalar | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const out = forward(vars, config, ids, steps, start);
      finalState = out.state.map((parts) => parts.map((t) => tf.keep(t)));
      const ce = crossEntropy(out.logits, ys);
      if (!anchor) return ce;
      crossEntropyLoss = tf.keep(ce);
      const distance = tf.addN(list.map((v, i) => tf.sum(tf.squaredDifference(v, anchor.weights[i]))));
      return tf.add(ce, tf.mul(distance, anchor.strength)) as tf.Scalar;
    }, list);
    // The reported loss is the data's alone, so curves compare across settings.
    const loss = (crossEntropyLoss ?? value).dataSync()[0];
    adam.apply(list.map((v) => grads[v.name]), learningRate, clipNorm);
    setState(finalState);
    return loss;
  });
}

/** Mean bits per byte over up to `maxBytes` of the documents, state carried along and starting from zero. */
export function evaluateBitsPerByte(vars: LmVariables, config: LmConfig, docs: Document[], steps: number, maxBytes: number): number | undefined {
  const total = totalBytes(docs);
  const lanes = Math.max(1, Math.min(32, Math.floor(total / (steps * 8))));
  let stream: BatchStream;
  try {
    stream = new BatchStream(docs, lanes, steps, 12345);
  } catch {
    return undefined; // too little held-out text for one batch
  }
  const batches = Math.max(1, Math.min(stream.batchesPerEpoch, Math.floor(maxBytes / stream.batchBytes)));
  let state = zeroState(config, lanes);
  let sum = 0;
  for (let i = 0; i < batches; i++) {
    const batch = stream.next();
    const next = tf.tidy(() => {
      const out = forward(vars, config, tf.tensor1d(batch.inputs, 'int32'), steps, state);
      sum += crossEntropy(out.logits, tf.tensor1d(batch.targets, 'int32')).dataSync()[0];
      return out.state.flat();
    });
    tf.dispose(state);
    state = regroup(next, config);
  }
  tf.dispose(state);
  return sum / batches / LN2;
}

function initialVariables(config: LmConfig, initial: tf.Tensor[] | undefined, resume: TrainerCheckpoint | undefined, seed: number): LmVariables {
  if (resume) {
    const shapes = buildShapes(config);
    const tensors = resume.weights.map((w, i) => tf.tensor(w, shapes[i]));
    const vars = createVariables(tensors, config);
    tf.dispose(tensors);
    return vars;
  }
  if (initial) return createVariables(initial, config);
  const model = buildLanguageModel(config, { seed });
  const vars = createVariables(model.getWeights(), config);
  model.dispose();
  return vars;
}

function buildShapes(config: LmConfig): number[][] {
  const model = buildLanguageModel(config);
  const shapes = model.getWeights().map((w) => w.shape);
  model.dispose();
  return shapes;
}

function regroup(flat: tf.Tensor[], config: LmConfig): RecurrentState {
  const parts = config.cell === 'lstm' ? 2 : 1;
  return Array.from({ length: config.layers }, (_, l) => flat.slice(l * parts, (l + 1) * parts) as tf.Tensor2D[]);
}

function unflattenState(arrays: Float32Array[], config: LmConfig, lanes: number): RecurrentState {
  return regroup(arrays.map((a) => tf.tensor2d(a, [lanes, config.hiddenSize])), config);
}

/** A tfjs layers model holding the given weights (for saving, decoding or `predict`). */
export function toLayersModel(config: LmConfig, weights: (tf.Tensor | Float32Array)[]): tf.LayersModel {
  const model = buildLanguageModel(config);
  const shapes = model.getWeights().map((w) => w.shape);
  const tensors = weights.map((w, i) => (w instanceof Float32Array ? tf.tensor(w, shapes[i]) : w));
  model.setWeights(tensors);
  tf.dispose(tensors.filter((t, i) => t !== weights[i]));
  return model;
}

/**
 * Training bytes per second on `config` for a short fixed run on seeded pseudo-text
 * (the `bench` command's training figure). Excludes the first steps (graph warm-up).
 */
export async function measureTrainingThroughput(config: LmConfig, seconds = 10, options: { lanes?: number; steps?: number } = {}): Promise<{ bytesPerSec: number; lanes: number; steps: number }> {
  const random = mulberry32(42);
  const words = ['the ', 'model ', 'function ', 'return ', '(x) ', '{ ', '}\n', 'const ', '= ', 'of ', '红楼梦', 'and ', ';\n'];
  const text = Array.from({ length: 40000 }, () => words[Math.floor(random() * words.length)]).join('');
  const bytes = new TextEncoder().encode(text);
  let warm: { bytes: number; seconds: number } | undefined;
  let last: TrainProgress | undefined;
  const lanes = options.lanes ?? 64, steps = options.steps ?? 64;
  const result = await trainLanguageModel({
    config, train: [{ name: 'bench', bytes }], lanes, steps, maxSeconds: seconds, epochs: 1000,
    onProgress: (p) => {
      if (p.phase !== 'train') return;
      if (p.step === 2) warm = { bytes: p.bytesSeen, seconds: p.seconds };
      last = p;
    },
  });
  tf.dispose(result.weights);
  if (!warm || !last || last.seconds <= warm.seconds) return { bytesPerSec: last?.bytesPerSec ?? 0, lanes, steps };
  return { bytesPerSec: (last.bytesSeen - warm.bytes) / (last.seconds - warm.seconds), lanes, steps };
}
