import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVariables, crossEntropy, forward, variableList, zeroState } from '../../../src/model/lm/graph';
import { buildLanguageModel, parameterCount, type LmConfig } from '../../../src/model/lm/model';
import { measureTrainingThroughput, PauseController, toLayersModel, trainLanguageModel, type TrainerCheckpoint } from '../../../src/model/lm/trainer';
import { loadCheckpoint, saveCheckpoint } from '../../../src/model/lm/checkpointStore';
import { loadLanguageModel } from '../../../src/model/lm/io';
import { describeArchitecture, LM_FORMAT_VERSION, type LmMetadata } from '../../../src/model/lm/metadata';

const text = new TextEncoder().encode('the cat sat on the mat. the dog sat on the log. 猫坐在垫子上。\n'.repeat(40));
const docs = [{ name: 'a', bytes: text }];

/** Time-major ids for lanes x steps. */
function batchIds(lanes: number, steps: number, seed: number): number[] {
  return Array.from({ length: lanes * steps }, (_, i) => text[(i * 7 + seed) % text.length]);
}

test('the fused forward pass equals tfjs layers predict on the same weights (gru, lstm, simpleRnn, 2 layers)', async () => {
  await tf.setBackend('cpu');
  const configs: LmConfig[] = [
    { cell: 'gru', embedDim: 6, hiddenSize: 10, layers: 2 },
    { cell: 'lstm', embedDim: 6, hiddenSize: 8, layers: 1 },
    { cell: 'simpleRnn', embedDim: 6, hiddenSize: 8, layers: 1 },
  ];
  for (const config of configs) {
    const model = buildLanguageModel(config, { seed: 5 });
    const vars = createVariables(model.getWeights(), config);
    const lanes = 3, steps = 7;
    const ids = batchIds(lanes, steps, 1);
    const ours = tf.tidy(() => forward(vars, config, tf.tensor1d(ids, 'int32'), steps, zeroState(config, lanes)).logits.reshape([steps, lanes, 256]).transpose([1, 0, 2]));
    const batchMajor = Array.from({ length: lanes * steps }, (_, i) => ids[(i % steps) * lanes + Math.floor(i / steps)]);
    const theirs = model.predict(tf.tensor2d(batchMajor, [lanes, steps], 'int32')) as tf.Tensor;
    const diff = tf.tidy(() => ours.sub(theirs).abs().max().dataSync()[0]);
    assert.ok(diff < 1e-5, `${config.cell}: max logit difference ${diff}`);
    tf.dispose([ours, theirs, ...variableList(vars)]);
    model.dispose();
  }
});

test('the hand-written GRU backward pass equals tfjs autograd through the layers model', async () => {
  await tf.setBackend('cpu');
  const config: LmConfig = { cell: 'gru', embedDim: 5, hiddenSize: 7, layers: 2 };
  const model = buildLanguageModel(config, { seed: 9 });
  const vars = createVariables(model.getWeights(), config);
  const lanes = 2, steps = 6;
  const ids = batchIds(lanes, steps, 3), targets = batchIds(lanes, steps, 4);
  const ours = tf.variableGrads(() => crossEntropy(forward(vars, config, tf.tensor1d(ids, 'int32'), steps, zeroState(config, lanes)).logits, tf.tensor1d(targets, 'int32')), variableList(vars));
  const batchMajor = (a: number[]) => Array.from({ length: lanes * steps }, (_, i) => a[(i % steps) * lanes + Math.floor(i / steps)]);
  const weights = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const theirs = tf.variableGrads(() => {
    const logits = (model.apply(tf.tensor2d(batchMajor(ids), [lanes, steps], 'int32')) as tf.Tensor).reshape([-1, 256]) as tf.Tensor2D;
    return crossEntropy(logits, tf.tensor1d(batchMajor(targets), 'int32'));
  }, weights);
  assert.ok(Math.abs(ours.value.dataSync()[0] - theirs.value.dataSync()[0]) < 1e-5);
  variableList(vars).forEach((v, i) => {
    const d = tf.tidy(() => ours.grads[v.name].sub(theirs.grads[weights[i].name]).abs().max().dataSync()[0]);
    assert.ok(d < 1e-5, `gradient ${i}: max difference ${d}`);
  });
  model.dispose();
});

const small: LmConfig = { cell: 'gru', embedDim: 8, hiddenSize: 24, layers: 1 };

test('training lowers the loss on a small corpus and reports progress', async () => {
  await tf.setBackend('cpu');
  const seen: number[] = [];
  const result = await trainLanguageModel({
    config: small, train: docs, val: docs, lanes: 8, steps: 16, maxSteps: 40, learningRate: 1e-2, warmupSteps: 5, evalEverySeconds: 1e9,
    onProgress: (p) => { if (p.phase === 'train') seen.push(p.loss); },
  });
  assert.equal(result.steps, 40);
  assert.equal(seen.length, 40);
  assert.ok(seen[39] < seen[0] - 2, `loss went from ${seen[0]} to ${seen[39]} bits/byte`);
  assert.ok(result.valLoss !== undefined && result.valLoss < 5, `validation ${result.valLoss}`);
  tf.dispose(result.weights);
});

test('a run resumed from a checkpoint continues exactly like the uninterrupted run', async () => {
  await tf.setBackend('cpu');
  const common = { config: small, train: docs, lanes: 4, steps: 8, maxSteps: 12, learningRate: 1e-2, warmupSteps: 3, seed: 3 };
  const full = await trainLanguageModel(common);
  let middle: TrainerCheckpoint | undefined;
  const controller = new AbortController();
  const first = await trainLanguageModel({
    ...common, checkpointEverySeconds: 0, signal: controller.signal,
    onCheckpoint: (c) => { if (c.step === 5) { middle = c; controller.abort(); } },
  });
  assert.equal(first.stoppedBy, 'aborted');
  const resumed = await trainLanguageModel({ ...common, resume: middle });
  assert.equal(resumed.steps, 12);
  full.weights.forEach((w, i) => assert.deepEqual(Array.from(resumed.weights[i].dataSync()), Array.from(w.dataSync())));
  tf.dispose([...full.weights, ...first.weights, ...resumed.weights]);
});

test('checkpoints are written atomically, load back identically, and are loadable model folders', async () => {
  await tf.setBackend('cpu');
  const dir = mkdtempSync(join(tmpdir(), 'lm-ckpt-'));
  const result = await trainLanguageModel({ config: small, train: docs, lanes: 4, steps: 8, maxSteps: 3 });
  const c = result.checkpoint;
  const meta: LmMetadata = {
    formatVersion: LM_FORMAT_VERSION, tokenizer: 'utf8-bytes', architecture: describeArchitecture(small, parameterCount(small)), weightStorage: 'float32',
    training: { data: [], bytesSeen: c.bytesSeen, steps: c.step, seconds: c.seconds }, metrics: {}, createdAt: new Date(0).toISOString(),
  };
  await saveCheckpoint(join(dir, 'ckpt'), c, meta);
  await saveCheckpoint(join(dir, 'ckpt'), c, meta);
  assert.deepEqual(readdirSync(dir), ['ckpt']);
  const back = loadCheckpoint(join(dir, 'ckpt'))!;
  assert.deepEqual({ ...back, valLoss: c.valLoss }, c);
  const { model } = await loadLanguageModel(join(dir, 'ckpt'));
  const reference = toLayersModel(small, c.weights);
  const input = tf.tensor2d([[104, 105]], undefined, 'int32');
  assert.deepEqual(Array.from((model.predict(input) as tf.Tensor).dataSync()), Array.from((reference.predict(input) as tf.Tensor).dataSync()));
  assert.equal(loadCheckpoint(dir), undefined);
  tf.dispose(result.weights);
  rmSync(dir, { recursive: true });
});

/** A PauseController that tells when the trainer comes to wait on it, and how many steps it had taken by then. */
class WatchedPause extends PauseController {
  stepsWhenWaiting = -1;
  private arrived!: () => void;
  readonly reached = new Promise<void>((resolve) => { this.arrived = resolve; });

  constructor(private readonly steps: number[]) {
    super();
  }

  override wait(): Promise<void> {
    this.stepsWhenWaiting = this.steps.length;
    this.arrived();
    return super.wait();
  }
}

test('a paused run waits without stepping and continues after resume', async () => {
  await tf.setBackend('cpu');
  const steps: number[] = [];
  const pause = new WatchedPause(steps);
  pause.pause();
  const run = trainLanguageModel({ config: small, train: docs, lanes: 4, steps: 8, maxSteps: 3, pause, onProgress: (p) => { if (p.phase === 'train') steps.push(p.step); } });
  // However long the set-up takes, the check comes once the trainer waits; a run that never waits fails here.
  await Promise.race([pause.reached, run.then(() => assert.fail('the run ended without waiting at the pause'))]);
  assert.equal(pause.stepsWhenWaiting, 0);
  // The trainer steps in microtasks once released: a macrotask later, a wait that let it through would show a step.
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(steps, []);
  pause.resume();
  const result = await run;
  assert.deepEqual(steps, [1, 2, 3]);
  tf.dispose(result.weights);
});

test('measureTrainingThroughput reports bytes per second of a short run', async () => {
  await tf.setBackend('cpu');
  const { bytesPerSec } = await measureTrainingThroughput(small, 1.5, { lanes: 4, steps: 8 });
  assert.ok(bytesPerSec > 0 && Number.isFinite(bytesPerSec));
});

test('validation every few steps hands over the live weights, and a stop request ends the run there', async () => {
  await tf.setBackend('cpu');
  const config: LmConfig = { cell: 'gru', embedDim: 4, hiddenSize: 8, layers: 1 };
  const seen: { step: number; valLoss: number; weights: number }[] = [];
  const samples: number[] = [];
  let checkpoints = 0;
  const result = await trainLanguageModel({
    config, train: docs, val: docs, lanes: 2, steps: 8, maxSteps: 100, evalEverySteps: 3, learningRate: 0.01,
    onValidation: (v) => { seen.push({ step: v.step, valLoss: v.valLoss, weights: v.weights.length }); return seen.length === 2 ? 'stop' : undefined; },
    sampleEverySeconds: 0, onSample: (weights, step) => { assert.equal(weights.length, 4 + 2); samples.push(step); },
    onCheckpoint: () => { checkpoints++; },
  });
  assert.deepEqual(seen.map((v) => v.step), [3, 6], 'validated at steps 3 and 6, then stopped');
  assert.equal(result.stoppedBy, 'plateau');
  assert.equal(result.steps, 6);
  assert.ok(seen.every((v) => Number.isFinite(v.valLoss) && v.weights === buildLanguageModel(config).getWeights().length));
  assert.deepEqual(samples, [1, 2, 3, 4, 5], 'a sample after every step but the one that stopped');
  assert.equal(checkpoints, 1, 'the sample timer does not call the checkpoint callback; only the final checkpoint is taken');
  tf.dispose(result.weights);
});
