// The language model's forward pass written directly in tf ops over trainable variables, for training.
// Same weights and equations as the tfjs layers in ./model (so they map 1:1), but shaped for speed:
//   - the embedding lookup is a gather (its gradient is a one-hot matmul: wasm has no UnsortedSegmentSum);
//   - each layer's input projection for all time steps is ONE matmul;
//   - per step, one [B,H]x[H,2H] matmul for the GRU's update and reset gates and one [B,H]x[H,H] for the candidate;
//   - logits for all steps are one matmul, the loss one fused softmax cross-entropy.
// Rows are time-major ([T*B, ...]) so each step's slice is contiguous.
import * as tf from '@tensorflow/tfjs';
import { VOCAB_SIZE, type LmConfig } from './model';

export interface RecurrentVariables {
  kernel: tf.Variable; // [in, g*H]
  recurrent: tf.Variable; // [H, g*H]
  bias: tf.Variable; // [g*H]
}

export interface LmVariables {
  embedding: tf.Variable; // [256, E]
  layers: RecurrentVariables[];
  outKernel: tf.Variable; // [H, 256]
  outBias: tf.Variable; // [256]
}

/** Per layer: [h] for GRU and simple RNN, [h, c] for LSTM; each [B, H]. */
export type RecurrentState = tf.Tensor2D[][];

/** Creates variables from weights in `model.getWeights()` order (copies them). */
export function createVariables(weights: tf.Tensor[], config: LmConfig): LmVariables {
  const v = (t: tf.Tensor, name: string) => tf.variable(t.clone(), true, `lm/${name}/${Math.random().toString(36).slice(2)}`);
  const layers: RecurrentVariables[] = [];
  for (let l = 0; l < config.layers; l++) {
    const [k, r, b] = weights.slice(1 + 3 * l, 4 + 3 * l);
    layers.push({ kernel: v(k, `l${l}k`), recurrent: v(r, `l${l}r`), bias: v(b, `l${l}b`) });
  }
  const n = weights.length;
  return { embedding: v(weights[0], 'emb'), layers, outKernel: v(weights[n - 2], 'outk'), outBias: v(weights[n - 1], 'outb') };
}

/** The variables in `model.getWeights()` order. */
export function variableList(vars: LmVariables): tf.Variable[] {
  return [vars.embedding, ...vars.layers.flatMap((l) => [l.kernel, l.recurrent, l.bias]), vars.outKernel, vars.outBias];
}

export function zeroState(config: LmConfig, batch: number): RecurrentState {
  const parts = config.cell === 'lstm' ? 2 : 1;
  return Array.from({ length: config.layers }, () => Array.from({ length: parts }, () => tf.zeros([batch, config.hiddenSize]) as tf.Tensor2D));
}

/** Embedding lookup with a gradient that works on every backend: dEmb = oneHot(ids)^T · dy. */
function embed(table: tf.Tensor2D, ids: tf.Tensor1D): tf.Tensor2D {
  const lookup = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    (inputs[1] as tf.GradSaveFunc)([ids]); // kept for the backward pass even if the caller disposes ids
    return {
      value: tf.gather(inputs[0] as tf.Tensor2D, ids) as tf.Tensor,
      gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => tf.matMul(tf.oneHot(saved as tf.Tensor1D, VOCAB_SIZE), dy as tf.Tensor2D, true, false),
    };
  });
  return lookup(table) as tf.Tensor2D;
}

/**
 * Runs the network over `ids` ([T*B] int32, time-major: row t*B+b is lane b at step t) from `state`.
 * Returns logits [T*B, 256] and the final state (caller disposes/keeps as needed).
 */
export function forward(vars: LmVariables, config: LmConfig, ids: tf.Tensor1D, steps: number, state: RecurrentState): { logits: tf.Tensor2D; state: RecurrentState } {
  const H = config.hiddenSize;
  let x: tf.Tensor2D = embed(vars.embedding as tf.Tensor2D, ids);
  const finalState: RecurrentState = [];
  vars.layers.forEach((layer, l) => {
    const projected = tf.add(tf.matMul(x, layer.kernel), layer.bias) as tf.Tensor2D; // [T*B, g*H], one matmul for all steps
    const run = config.cell === 'gru' ? gruLayer : config.cell === 'lstm' ? lstmLayer : rnnLayer;
    const { outputs, last } = run(projected, layer.recurrent as tf.Tensor2D, state[l], steps, H);
    finalState.push(last);
    x = tf.concat(outputs, 0);
  });
  const logits = tf.add(tf.matMul(x, vars.outKernel), vars.outBias) as tf.Tensor2D;
  return { logits, state: finalState };
}

type LayerRun = (projected: tf.Tensor2D, recurrent: tf.Tensor2D, state: tf.Tensor2D[], steps: number, H: number) => { outputs: tf.Tensor2D[]; last: tf.Tensor2D[] };

// tfjs GRU, resetAfter false: z = σ(x_z + h U_z), r = σ(x_r + h U_r), ĥ = tanh(x_h + (r ⊙ h) U_h), h' = z ⊙ h + (1 − z) ⊙ ĥ.
// Forward and backward are written out (backpropagation through time by hand) so that the backward
// pass does only [B,H]x[H,·] matmuls per step, and the recurrent weights' gradient is ONE big matmul
// over all steps instead of one small transposed matmul per step (slow on wasm). The incoming state
// is a constant (truncated BPTT), so it gets no gradient.
const gruLayer: LayerRun = (projected, recurrent, [h0], steps, H) => {
  const run = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [proj, rec, init] = args as tf.Tensor2D[];
    const save = args[3] as tf.GradSaveFunc;
    const [uZr, uH] = tf.split(rec, [2 * H, H], 1);
    const xZr = tf.split(tf.slice(proj, [0, 0], [-1, 2 * H]), steps, 0);
    const xH = tf.split(tf.slice(proj, [0, 2 * H], [-1, H]), steps, 0);
    const hs: tf.Tensor2D[] = [], zs: tf.Tensor2D[] = [], rs: tf.Tensor2D[] = [], cs: tf.Tensor2D[] = [];
    let h = init;
    for (let t = 0; t < steps; t++) {
      const zr = tf.sigmoid(tf.add(xZr[t], tf.matMul(h, uZr)));
      const [z, r] = tf.split(zr, 2, 1) as tf.Tensor2D[];
      const candidate = tf.tanh(tf.add(xH[t], tf.matMul(tf.mul(r, h), uH))) as tf.Tensor2D;
      h = tf.add(candidate, tf.mul(z, tf.sub(h, candidate))) as tf.Tensor2D; // = z h + (1 − z) ĥ
      hs.push(h); zs.push(z); rs.push(r); cs.push(candidate);
    }
    const outputs = tf.concat(hs, 0);
    const previous = tf.concat([init, ...hs.slice(0, -1)], 0);
    save([rec, previous, tf.concat(zs, 0), tf.concat(rs, 0), tf.concat(cs, 0)]);
    return { value: outputs, gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => gruBackward(dy as tf.Tensor2D, saved as tf.Tensor2D[], steps, H) };
  });
  const outputs = run(projected, recurrent, h0) as tf.Tensor2D;
  const B = h0.shape[0];
  return { outputs: [outputs], last: [tf.slice(outputs, [(steps - 1) * B, 0], [B, H])] };
};

function gruBackward(dy: tf.Tensor2D, [rec, previous, z, r, candidate]: tf.Tensor2D[], steps: number, H: number): tf.Tensor[] {
  const [uZr, uH] = tf.split(rec, [2 * H, H], 1);
  const uZrT = tf.transpose(uZr), uHT = tf.transpose(uH);
  // Everything that does not depend on the incoming gradient, for all steps at once.
  const split = (t: tf.Tensor) => tf.split(t, steps, 0) as tf.Tensor2D[];
  const dys = split(dy), zs = split(z), rs = split(r), hp = split(previous);
  const oneMinusZ = split(tf.sub(1, z));
  const hMinusC = split(tf.sub(previous, candidate));
  const dTanh = split(tf.sub(1, tf.square(candidate)));
  const dSigZ = split(tf.mul(z, tf.sub(1, z)));
  const dSigR = split(tf.mul(r, tf.sub(1, r)));
  const dZr: tf.Tensor2D[] = new Array(steps), dH: tf.Tensor2D[] = new Array(steps);
  let dh: tf.Tensor2D | undefined;
  for (let t = steps - 1; t >= 0; t--) {
    const g = dh ? tf.add(dys[t], dh) : dys[t];
    const dPreH = tf.mul(tf.mul(g, oneMinusZ[t]), dTanh[t]) as tf.Tensor2D;
    const dRh = tf.matMul(dPreH, uHT);
    const dPreZr = tf.concat([tf.mul(tf.mul(g, hMinusC[t]), dSigZ[t]), tf.mul(tf.mul(dRh, hp[t]), dSigR[t])], 1) as tf.Tensor2D;
    dh = tf.add(tf.add(tf.mul(g, zs[t]), tf.mul(dRh, rs[t])), tf.matMul(dPreZr, uZrT)) as tf.Tensor2D;
    dZr[t] = dPreZr;
    dH[t] = dPreH;
  }
  const dZrAll = tf.concat(dZr, 0), dHAll = tf.concat(dH, 0);
  const dRecurrent = tf.concat([
    tf.matMul(tf.transpose(previous), dZrAll),
    tf.matMul(tf.transpose(tf.mul(r, previous)), dHAll),
  ], 1);
  return [tf.concat([dZrAll, dHAll], 1), dRecurrent, tf.zerosLike(dys[0])];
}

// tfjs LSTM: gates in order i, f, c, o; c' = f ⊙ c + i ⊙ tanh(x_c + h U_c), h' = o ⊙ tanh(c').
const lstmLayer: LayerRun = (projected, recurrent, [h0, c0], steps, H) => {
  const xs = tf.split(projected, steps, 0);
  const outputs: tf.Tensor2D[] = [];
  let h = h0, c = c0;
  for (let t = 0; t < steps; t++) {
    const z = tf.add(xs[t], tf.matMul(h, recurrent));
    const [ifo3, g] = [tf.sigmoid(z), tf.tanh(tf.slice(z, [0, 2 * H], [-1, H]))];
    const [i, f, , o] = tf.split(ifo3, 4, 1);
    c = tf.add(tf.mul(f, c), tf.mul(i, g)) as tf.Tensor2D;
    h = tf.mul(o, tf.tanh(c)) as tf.Tensor2D;
    outputs.push(h);
  }
  return { outputs, last: [h, c] };
};

const rnnLayer: LayerRun = (projected, recurrent, [h0], steps) => {
  const xs = tf.split(projected, steps, 0);
  const outputs: tf.Tensor2D[] = [];
  let h = h0;
  for (let t = 0; t < steps; t++) {
    h = tf.tanh(tf.add(xs[t], tf.matMul(h, recurrent))) as tf.Tensor2D;
    outputs.push(h);
  }
  return { outputs, last: [h] };
};

/** Mean cross-entropy in nats of `targets` ([N] int32) under `logits` ([N, 256]). */
export function crossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Scalar {
  return tf.losses.softmaxCrossEntropy(tf.oneHot(targets, VOCAB_SIZE), logits) as tf.Scalar;
}
