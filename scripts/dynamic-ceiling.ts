// What dynamic evaluation could gain at any cost: the whole network (or a chosen part of it) adapts to
// each file as it is read, with truncated backpropagation through time over each segment and tfjs
// autograd (the training graph of src/model/lm/graph.ts), as in Krause et al. 2017. A measurement, not
// the product's adaptation (src/model/lm/dynamicEvaluation.ts adapts the output layer alone, in closed form).
//
// Each file is read in segments of --segment bytes: the segment's next-byte probabilities come from the
// weights before its step (so every byte is scored before it is learnt from), then one step on the
// segment's mean loss; the recurrent state carries over. Bits per byte are the network's mixed with the
// match model, as `eval-lm` reports them (the mixture needs only the network's probability of each byte).
//   node out/scripts/dynamic-ceiling.js [--model DIR] --set NAME=LIST [--set ...] [--params all,output,...]
//     [--rule sgd,rms] [--rate 0.001,0.003] [--decay 0.001] [--segment 64] [--step-every 1] [--backprop 64]
//     [--output-rate R] [--rank 4] [--rms-text LIST]
//     [--max-files N] [--max-bytes N] [--backend cpu|wasm]
// --params: all (embedding, input kernel, recurrent kernel, biases, output layer), output (output layer,
// every position), biases (the GRU's biases and the output bias), lowrank (a rank --rank delta A·B on the
// recurrent kernel, A from zero), static (no adaptation: the baseline). LIST names one file per line,
// relative to the list's folder or absolute. --step-every N steps on one segment in N, --backprop K on the
// last K bytes of it only (the bytes before are read without a gradient): the cheaper forms; --output-rate
// gives the output layer a step size of its own. A row per
// combination: bits per byte per set, the change against the static row, and the wall time of the steps
// per KB read (tfjs on one thread, their forward pass included: not the product's kernels).
import { readFileSync, existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendName } from '../src/model/backend';
import { createVariables, forward, type LmVariables } from '../src/model/lm/graph';
import { loadLanguageModel } from '../src/model/lm/io';
import type { MatchMemory } from '../src/model/lm/matchMemory';
import { readMatchMemory } from '../src/model/lm/memoryFile';
import { MixedDecoder } from '../src/model/lm/mixedDecoder';
import { inferLmConfig, type LmConfig } from '../src/model/lm/model';
import { mulberry32 } from '../src/model/lm/sampler';
import { RMS_EPSILON } from '../src/model/lm/dynamicEvaluation';
import { patchWasmKernels } from '../src/model/lm/tfjsWasmPatches';
import type { DecoderSnapshot, ScoringDecoder } from '../src/model/lm/types';

type Params = 'static' | 'all' | 'output' | 'biases' | 'lowrank';

interface Setting { params: Params; rule: 'sgd' | 'rms'; rate: number; decay: number; outputRate?: number }

/** The adapted weights of one setting: the variables that take steps, and how the network reads them. */
interface Adapted {
  variables: tf.Variable[];
  /** Which of them are the output layer's (they can take their own step size, --output-rate). */
  output: boolean[];
  /** Their values at the start of each file (the trained weights; zero and seeded for the low-rank delta). */
  initial: tf.Tensor[];
  /** The network's variables with the adapted ones in place (called inside the gradient's closure). */
  network: () => LmVariables;
}

function readList(path: string): string[] {
  const dir = dirname(path);
  return readFileSync(path, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '')
    .map((name) => (isAbsolute(name) ? name : join(dir, name)));
}

function adaptedFor(params: Params, vars: LmVariables, config: LmConfig, rank: number): Adapted {
  const layer = vars.layers[0];
  const plain = (list: tf.Variable[]): Adapted => ({
    variables: list, output: list.map((v) => v === vars.outKernel || v === vars.outBias), initial: list.map((v) => v.clone()), network: () => vars,
  });
  if (params === 'all') return plain([vars.embedding, layer.kernel, layer.recurrent, layer.bias, vars.outKernel, vars.outBias]);
  if (params === 'output') return plain([vars.outKernel, vars.outBias]);
  if (params === 'biases') return plain([layer.bias, vars.outBias]);
  if (params === 'static') return plain([]);
  // Low rank: recurrent = U + A·B, A [H, rank] from zero, B [rank, 3H] seeded (LoRA's start), both adapt.
  const H = config.hiddenSize, G = 3 * H;
  const random = mulberry32(7);
  const b0 = tf.tensor2d(Float32Array.from({ length: rank * G }, () => (random() * 2 - 1) / Math.sqrt(rank)), [rank, G]);
  const a = tf.variable(tf.zeros([H, rank]), true), b = tf.variable(b0.clone(), true);
  return {
    variables: [a, b], output: [false, false], initial: [tf.zeros([H, rank]), b0],
    network: () => ({ ...vars, layers: [{ ...layer, recurrent: tf.add(layer.recurrent, tf.matMul(a, b)) as tf.Variable }] }),
  };
}

/** How a file is learnt from: segments, one step in `stepEvery` of them, on the last `backprop` bytes of each. */
interface Schedule { segment: number; stepEvery: number; backprop: number }

/**
 * Reads one file with adaptation; returns the natural-log loss of every byte under the network alone
 * (probability of byte t given bytes before it) and the milliseconds spent on the stepping parts
 * (their forward pass included: it is what backpropagation reads).
 */
function readFile(
  bytes: Uint8Array, config: LmConfig, vars: LmVariables, adapted: Adapted, setting: Setting, schedule: Schedule,
  rms: { step: tf.Tensor[]; decay: tf.Tensor[] } | undefined,
): { logP: Float64Array; ms: number } {
  adapted.variables.forEach((v, i) => v.assign(adapted.initial[i]));
  const logP = new Float64Array(bytes.length);
  // Byte 0 is predicted from the zero state: logits are the output bias.
  logP[0] = tf.tidy(() => tf.logSoftmax(vars.outBias).dataSync()[bytes[0]]);
  let state = tf.zeros([1, config.hiddenSize]) as tf.Tensor2D;
  let ms = 0;
  /** Reads inputs [from, to) (scoring bytes from + 1 .. to), with a step on their mean loss when `learn`. */
  const read = (from: number, to: number, learn: boolean) => {
    const ids = tf.tensor1d(Array.from(bytes.subarray(from, to)), 'int32');
    const targets = tf.tensor1d(Array.from(bytes.subarray(from + 1, to + 1)), 'int32');
    let scored: tf.Tensor | undefined, last: tf.Tensor2D | undefined;
    // The loss, keeping each byte's log-probability and the state after the last byte.
    const loss = () => {
      const out = forward(adapted.network(), config, ids, to - from, [[state]]);
      scored = tf.keep(tf.sum(tf.mul(tf.logSoftmax(out.logits), tf.oneHot(targets, 256)), 1));
      last = tf.keep(out.state[0][0]);
      return tf.neg(tf.mean(scored)) as tf.Scalar;
    };
    if (!learn) tf.tidy(() => { loss(); });
    else {
      const t0 = performance.now();
      const { value, grads } = tf.variableGrads(loss, adapted.variables);
      tf.tidy(() => adapted.variables.forEach((v, i) => {
        const g = grads[v.name];
        const step = rms ? tf.mul(g, rms.step[i]) : g;
        const decay = tf.mul(tf.sub(v, adapted.initial[i]), rms ? rms.decay[i] : setting.decay);
        const rate = adapted.output[i] ? setting.outputRate ?? setting.rate : setting.rate;
        v.assign(tf.sub(tf.sub(v, tf.mul(step, rate)), decay));
      }));
      tf.dispose([value, grads]);
      ms += performance.now() - t0;
    }
    logP.set(scored!.dataSync(), from + 1);
    tf.dispose([ids, targets, scored!, state]);
    state = last!;
  };
  for (let start = 0, index = 0; start + 1 < bytes.length; start += schedule.segment, index++) {
    const end = Math.min(start + schedule.segment, bytes.length - 1);
    const learn = adapted.variables.length > 0 && index % schedule.stepEvery === 0;
    // Bytes before the stepping part are read with the weights as they are, without a gradient.
    const split = learn ? Math.max(start, end - schedule.backprop) : end;
    if (split > start) read(start, split, false);
    if (end > split) read(split, end, true);
  }
  state.dispose();
  return { logP, ms };
}

/**
 * The network's scores of one file, computed beforehand, replayed byte by byte: what MixedDecoder needs
 * of a network to mix it with the match model (the probability of each byte as it comes).
 */
class ReplayedNetwork implements ScoringDecoder {
  private at = 0;
  constructor(private readonly bytes: Uint8Array, private readonly logP: Float64Array) {}
  reset(): void { this.at = 0; }
  feed(byte: number): void {
    if (byte !== this.bytes[this.at]) throw new Error(`replay out of step at byte ${this.at}`);
    this.at++;
  }
  feedAll(bytes: Uint8Array): void { bytes.forEach((b) => this.feed(b)); }
  logProbability(byte: number): number {
    if (byte !== this.bytes[this.at]) throw new Error(`only the byte that comes can be scored (at ${this.at})`);
    return this.logP[this.at];
  }
  nextProbabilities(): Float32Array { throw new Error('a replay has only the scores of the bytes that came'); }
  snapshot(): DecoderSnapshot { throw new Error('a replay cannot be rewound'); }
  restore(): void { throw new Error('a replay cannot be rewound'); }
}

/** Bits of a file under the network mixed with the match model, as eval-lm scores it. */
function mixedBits(bytes: Uint8Array, logP: Float64Array, memory: MatchMemory | undefined): number {
  const mixed = new MixedDecoder(new ReplayedNetwork(bytes, logP), memory);
  let nats = 0;
  for (const b of bytes) {
    nats -= mixed.logProbability(b);
    mixed.feed(b);
  }
  return nats / Math.LN2;
}

/**
 * The RMS rule's statistics for the adapted variables: mean square of each weight's segment gradient over
 * the trained text (`texts`), read segment by segment without adaptation; then each weight's step factor
 * 1/(√MS + ε) and decay λ·min(√MS / mean √MS, 1/λ), the mean over all adapted weights.
 */
function rmsFactors(texts: Uint8Array[], config: LmConfig, adapted: Adapted, segment: number, decay: number) {
  const sums: tf.Tensor[] = adapted.variables.map((v) => tf.zeros(v.shape));
  let segments = 0;
  for (const bytes of texts) {
    let state = tf.zeros([1, config.hiddenSize]) as tf.Tensor2D;
    for (let start = 0; start + segment + 1 <= bytes.length; start += segment) {
      const ids = tf.tensor1d(Array.from(bytes.subarray(start, start + segment)), 'int32');
      const targets = tf.tensor1d(Array.from(bytes.subarray(start + 1, start + segment + 1)), 'int32');
      let last: tf.Tensor2D | undefined;
      const { value, grads } = tf.variableGrads(() => {
        const out = forward(adapted.network(), config, ids, segment, [[state]]);
        last = tf.keep(out.state[0][0]);
        return tf.losses.softmaxCrossEntropy(tf.oneHot(targets, 256), out.logits) as tf.Scalar;
      }, adapted.variables);
      adapted.variables.forEach((v, i) => {
        const next = tf.tidy(() => tf.add(sums[i], tf.square(grads[v.name])));
        sums[i].dispose();
        sums[i] = next;
      });
      tf.dispose([value, ids, targets, state]);
      tf.dispose(grads);
      state = last!;
      segments++;
    }
    state.dispose();
  }
  return tf.tidy(() => {
    const roots = sums.map((s) => tf.sqrt(tf.div(s, segments)));
    const size = roots.reduce((n, r) => n + r.size, 0);
    const mean = tf.div(roots.map((r) => tf.sum(r)).reduce((x, y) => tf.add(x, y)), size);
    const step = roots.map((r) => tf.keep(tf.div(1, tf.add(r, RMS_EPSILON))));
    const decayFactor = roots.map((r) => tf.keep(tf.mul(decay, tf.minimum(tf.div(r, mean), decay > 0 ? 1 / decay : Infinity))));
    return { step, decay: decayFactor, segments };
  });
}

async function main(): Promise<void> {
  const { values: a } = parseArgs({ strict: true, options: {
    model: { type: 'string', default: join(__dirname, '..', '..', 'models', 'lm') }, set: { type: 'string', multiple: true },
    params: { type: 'string', default: 'static,all' }, rule: { type: 'string', default: 'sgd' },
    rate: { type: 'string', default: '0.001' }, decay: { type: 'string', default: '0.001' },
    segment: { type: 'string', default: '64' }, 'step-every': { type: 'string', default: '1' }, backprop: { type: 'string' },
    'output-rate': { type: 'string' }, rank: { type: 'string', default: '4' }, 'rms-text': { type: 'string' },
    'max-files': { type: 'string' }, 'max-bytes': { type: 'string' }, backend: { type: 'string', default: 'cpu' },
  } });
  const maxFiles = a['max-files'] ? Number(a['max-files']) : Infinity;
  const maxBytes = a['max-bytes'] ? Number(a['max-bytes']) : Infinity;
  const load = (list: string) => readList(list).filter((f) => existsSync(f)).slice(0, maxFiles)
    .map((f) => new Uint8Array(readFileSync(f)).subarray(0, maxBytes));
  const sets = (a.set ?? []).map((s) => {
    const [name, list] = s.split('=');
    return { name, files: load(list) };
  });
  if (sets.length === 0) throw new Error('name at least one --set NAME=LIST');
  await initBackend({ preference: [a.backend as BackendName] });
  patchWasmKernels();
  const { model, metadata } = await loadLanguageModel(a.model!);
  const { memory } = readMatchMemory(a.model!, metadata);
  const config = inferLmConfig(model);
  if (config.cell !== 'gru' || config.layers !== 1) throw new Error('this measurement is written for one GRU layer');
  const vars = createVariables(model.getWeights(), config);
  model.dispose();
  const segment = Number(a.segment), rank = Number(a.rank);
  const schedule: Schedule = { segment, stepEvery: Number(a['step-every']), backprop: Number(a.backprop ?? segment) };
  if (!(segment >= 2 && schedule.stepEvery >= 1 && schedule.backprop >= 1 && schedule.backprop <= segment)) throw new RangeError('need segment ≥ 2, step-every ≥ 1, 1 ≤ backprop ≤ segment');
  const grid = (s: string) => s.split(',');
  const bytesOf = (files: Uint8Array[]) => files.reduce((n, f) => n + f.length, 0);
  process.stdout.write(`backend ${tf.getBackend()}; ${sets.map((s) => `${s.name}: ${s.files.length} files, ${bytesOf(s.files)} bytes`).join('; ')}\n\n`);
  process.stdout.write(`| params | rule | rate | decay | segment | one step in | backprop | ${sets.map((s) => s.name).join(' | ')} | mean change | ms/KB (tfjs) |\n`);
  process.stdout.write(`| --- | --- | --- | --- | --- | --- | --- | ${sets.map(() => '---').join(' | ')} | --- | --- |\n`);
  let baseline: number[] | undefined;
  for (const params of grid(a.params!) as Params[]) {
    const adapted = adaptedFor(params, vars, config, rank);
    for (const rule of (params === 'static' ? ['sgd'] : grid(a.rule!)) as Setting['rule'][])
      for (const decay of (params === 'static' ? [0] : grid(a.decay!).map(Number)))
        for (const rate of (params === 'static' ? [0] : grid(a.rate!).map(Number))) {
          const setting: Setting = { params, rule, rate, decay, outputRate: a['output-rate'] ? Number(a['output-rate']) : undefined };
          let rms: ReturnType<typeof rmsFactors> | undefined;
          if (rule === 'rms') {
            if (!a['rms-text']) throw new Error('the RMS rule needs --rms-text LIST');
            rms = rmsFactors(load(a['rms-text']), config, adapted, segment, decay);
          }
          let ms = 0;
          const bits = sets.map((s) => {
            let total = 0;
            for (const bytes of s.files) {
              const r = readFile(bytes, config, vars, adapted, setting, schedule, rms);
              total += mixedBits(bytes, r.logP, memory);
              ms += r.ms;
            }
            return total / bytesOf(s.files);
          });
          if (rms) tf.dispose([...rms.step, ...rms.decay]);
          if (params === 'static') baseline = bits;
          const change = (i: number) => (baseline ? bits[i] / baseline[i] - 1 : NaN);
          const percent = (x: number) => (baseline ? `${(x * 100).toFixed(1)}%` : 'no static row');
          const cells = bits.map((b, i) => `${b.toFixed(4)} (${percent(change(i))})`);
          const mean = bits.reduce((x, _, i) => x + change(i), 0) / bits.length;
          const kb = sets.reduce((n, s) => n + bytesOf(s.files), 0) / 1024;
          process.stdout.write(`| ${params} | ${rule} | ${rate}${setting.outputRate !== undefined ? ` (output ${setting.outputRate})` : ''} | ${decay} | ${segment} | ${schedule.stepEvery} | ${schedule.backprop} | ${cells.join(' | ')} | ${percent(mean)} | ${(ms / kb).toFixed(0)} |\n`);
        }
    adapted.variables.forEach((v, i) => v.assign(adapted.initial[i]));
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
