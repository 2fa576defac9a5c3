// The fast stateful decoder: one byte in, one recurrent step, no tfjs calls. It reproduces tfjs's own
// `predict` for the same weights (see test/unit/lm/decoder.test.ts), including tfjs's GRU variant: gates
// z, r, h; the reset gate multiplies h_prev before the recurrent matmul; h = z*h_prev + (1-z)*candidate.
import type * as tf from '@tensorflow/tfjs';
import { activateInPlace, logSoftmaxAt, matVec, scalarActivation, softmaxInto } from './decoderKernels';
import { extractDecoderWeights, type DecoderWeights, type DenseWeights, type RecurrentWeights } from './decoderWeights';
import type { ByteDecoder } from './types';

const VOCAB = 256;

/** Builds a decoder from a loaded byte language model (Embedding -> recurrent layer(s) -> Dense(256)). */
export function createDecoder(model: tf.LayersModel): FastByteDecoder {
  return new FastByteDecoder(extractDecoderWeights(model));
}

/** A step of the network after the byte table: a recurrent layer or a dense layer between recurrent ones. */
interface Stage {
  /** Runs on input[offset..]; returns where the stage's output lives. */
  run(input: Float32Array, offset: number, state: Float32Array): [Float32Array, number];
}

/** Adds the input projection (x·W + b) to a recurrent stage, unless the byte table already holds it. */
function projector(w: RecurrentWeights, precomputed: boolean) {
  if (precomputed) return (input: Float32Array, offset: number): [Float32Array, number] => [input, offset];
  const xp = new Float32Array(w.gates * w.units);
  return (input: Float32Array, offset: number): [Float32Array, number] => {
    matVec(w.kernel, w.gates * w.units, w.inputDim, input, offset, xp, 0, w.bias);
    return [xp, 0];
  };
}

function gruStage(w: RecurrentWeights, hOff: number, precomputed: boolean): Stage {
  const H = w.units;
  const project = projector(w, precomputed);
  const uzr = w.recurrentKernel.subarray(0, 2 * H * H);
  const uh = w.recurrentKernel.subarray(2 * H * H);
  const gate = scalarActivation(w.recurrentActivation);
  const act = scalarActivation(w.activation);
  const zr = new Float32Array(2 * H);
  const rh = new Float32Array(H);
  const hh = new Float32Array(H);
  return {
    run(input, offset, state) {
      const [xp, xo] = project(input, offset);
      matVec(uzr, 2 * H, H, state, hOff, zr, 0);
      for (let j = 0; j < 2 * H; j++) zr[j] = gate(zr[j] + xp[xo + j]);
      for (let i = 0; i < H; i++) rh[i] = zr[H + i] * state[hOff + i];
      matVec(uh, H, H, rh, 0, hh, 0);
      for (let j = 0; j < H; j++) {
        const z = zr[j];
        const candidate = act(hh[j] + xp[xo + 2 * H + j]);
        state[hOff + j] = z * state[hOff + j] + (1 - z) * candidate;
      }
      return [state, hOff];
    },
  };
}

/** LSTM state is [h, c]; gates i, f, c, o as in tfjs's LSTMCell. */
function lstmStage(w: RecurrentWeights, hOff: number, precomputed: boolean): Stage {
  const H = w.units;
  const cOff = hOff + H;
  const project = projector(w, precomputed);
  const gate = scalarActivation(w.recurrentActivation);
  const act = scalarActivation(w.activation);
  const z = new Float32Array(4 * H);
  return {
    run(input, offset, state) {
      const [xp, xo] = project(input, offset);
      matVec(w.recurrentKernel, 4 * H, H, state, hOff, z, 0);
      for (let j = 0; j < H; j++) {
        const i = gate(z[j] + xp[xo + j]);
        const f = gate(z[H + j] + xp[xo + H + j]);
        const c = f * state[cOff + j] + i * act(z[2 * H + j] + xp[xo + 2 * H + j]);
        const o = gate(z[3 * H + j] + xp[xo + 3 * H + j]);
        state[cOff + j] = c;
        state[hOff + j] = o * act(c);
      }
      return [state, hOff];
    },
  };
}

function simpleRnnStage(w: RecurrentWeights, hOff: number, precomputed: boolean): Stage {
  const H = w.units;
  const project = projector(w, precomputed);
  const act = scalarActivation(w.activation);
  const u = new Float32Array(H);
  return {
    run(input, offset, state) {
      const [xp, xo] = project(input, offset);
      matVec(w.recurrentKernel, H, H, state, hOff, u, 0);
      for (let j = 0; j < H; j++) state[hOff + j] = act(u[j] + xp[xo + j]);
      return [state, hOff];
    },
  };
}

function denseStage(w: DenseWeights): Stage {
  const y = new Float32Array(w.units);
  return {
    run(input, offset) {
      matVec(w.kernel, w.units, w.inputDim, input, offset, y, 0, w.bias);
      activateInPlace(w.activation, y);
      return [y, 0];
    },
  };
}

/** Runs each byte's row of `table` ([VOCAB][inDim]) through a stage, giving a [VOCAB][outDim] table. */
function mapRows(table: Float32Array, inDim: number, outDim: number, f: (row: Float32Array, out: Float32Array) => void): Float32Array {
  const next = new Float32Array(VOCAB * outDim);
  for (let b = 0; b < VOCAB; b++) f(table.subarray(b * inDim, (b + 1) * inDim), next.subarray(b * outDim, (b + 1) * outDim));
  return next;
}

export class FastByteDecoder implements ByteDecoder {
  /** Per byte, the input projection of the first recurrent layer (bias included): a lookup, not a matmul. */
  private readonly byteTable: Float32Array;
  private readonly byteWidth: number;
  private readonly stages: Stage[] = [];
  /** Dense layers after the last recurrent layer; the last one gives the logits. */
  private readonly head: DenseWeights[];
  private readonly headScratch: Float32Array[];
  private readonly state: Float32Array;
  /** Where the last recurrent layer's output lives in `state`. */
  private readonly outputOffset: number;
  private readonly logitsBuffer = new Float32Array(VOCAB);
  private logitsValid = false;
  /** Hidden size of the last recurrent layer. */
  readonly units: number;

  constructor(weights: DecoderWeights) {
    const layers = weights.layers;
    const first = layers[0];
    if (first?.kind !== 'embedding' || first.vocab !== VOCAB) {
      throw new Error(`a byte language model starts with an Embedding of ${VOCAB} inputs`);
    }
    const recurrentIdx = layers.map((l, i) => (l.kind === 'embedding' ? -1 : l.kind === 'dense' ? -1 : i)).filter((i) => i >= 0);
    if (recurrentIdx.length === 0) throw new Error('the model has no recurrent layer');
    const firstRec = recurrentIdx[0];
    const lastRec = recurrentIdx[recurrentIdx.length - 1];

    // Everything before the first recurrent layer depends on the byte alone: fold it into one table.
    let table = first.table;
    let width = first.dim;
    for (const l of layers.slice(1, firstRec)) {
      if (l.kind !== 'dense') throw new Error(`unexpected ${l.kind} layer before the first recurrent layer`);
      table = mapRows(table, width, l.units, (row, out) => {
        matVec(l.kernel, l.units, l.inputDim, row, 0, out, 0, l.bias);
        activateInPlace(l.activation, out);
      });
      width = l.units;
    }
    const r0 = layers[firstRec] as RecurrentWeights;
    if (r0.inputDim !== width) throw new Error(`layer sizes do not match: ${width} into ${r0.inputDim}`);
    this.byteTable = mapRows(table, width, r0.gates * r0.units, (row, out) => matVec(r0.kernel, r0.gates * r0.units, width, row, 0, out, 0, r0.bias));
    this.byteWidth = r0.gates * r0.units;

    let stateSize = 0;
    let outputOffset = 0;
    for (let i = firstRec; i <= lastRec; i++) {
      const l = layers[i];
      if (l.kind === 'dense') { this.stages.push(denseStage(l)); continue; }
      if (l.kind === 'embedding') throw new Error('an Embedding layer can only come first');
      const precomputed = i === firstRec;
      outputOffset = stateSize;
      if (l.kind === 'gru') this.stages.push(gruStage(l, stateSize, precomputed));
      else if (l.kind === 'lstm') this.stages.push(lstmStage(l, stateSize, precomputed));
      else this.stages.push(simpleRnnStage(l, stateSize, precomputed));
      stateSize += l.kind === 'lstm' ? 2 * l.units : l.units;
    }
    this.state = new Float32Array(stateSize);
    this.outputOffset = outputOffset;
    this.units = (layers[lastRec] as RecurrentWeights).units;

    this.head = layers.slice(lastRec + 1).map((l) => {
      if (l.kind !== 'dense') throw new Error(`unexpected ${l.kind} layer after the last recurrent layer`);
      return l;
    });
    const out = this.head[this.head.length - 1];
    if (!out || out.units !== VOCAB) throw new Error(`a byte language model ends with a Dense layer of ${VOCAB} units`);
    if (out.activation !== 'softmax' && out.activation !== 'linear') {
      throw new Error(`the output layer's activation must be softmax or linear, not ${out.activation}`);
    }
    this.headScratch = this.head.slice(0, -1).map((l) => new Float32Array(l.units));
  }

  /** Length of a snapshot. */
  get stateSize(): number {
    return this.state.length;
  }

  reset(): void {
    this.state.fill(0);
    this.logitsValid = false;
  }

  feed(byte: number): void {
    if (!(byte >= 0 && byte < VOCAB) || !Number.isInteger(byte)) throw new RangeError(`not a byte: ${byte}`);
    let input: Float32Array = this.byteTable;
    let offset = byte * this.byteWidth;
    for (const stage of this.stages) [input, offset] = stage.run(input, offset, this.state);
    this.logitsValid = false;
  }

  feedAll(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) this.feed(bytes[i]);
  }

  /** The next byte's logits (pre-softmax); a view that the next feed/restore overwrites. */
  logits(): Float32Array {
    if (this.logitsValid) return this.logitsBuffer;
    let input = this.state;
    let offset = this.outputOffset;
    for (let i = 0; i < this.head.length; i++) {
      const l = this.head[i];
      const last = i === this.head.length - 1;
      const y = last ? this.logitsBuffer : this.headScratch[i];
      matVec(l.kernel, l.units, l.inputDim, input, offset, y, 0, l.bias);
      if (!last) activateInPlace(l.activation, y);
      input = y;
      offset = 0;
    }
    this.logitsValid = true;
    return this.logitsBuffer;
  }

  nextProbabilities(out: Float32Array = new Float32Array(VOCAB)): Float32Array {
    return softmaxInto(this.logits(), out);
  }

  /** Natural log of the probability that the next byte is `byte`. */
  logProbability(byte: number): number {
    return logSoftmaxAt(this.logits(), byte);
  }

  snapshot(): Float32Array {
    return Float32Array.from(this.state);
  }

  restore(state: Float32Array): void {
    if (state.length !== this.state.length) {
      throw new Error(`snapshot of ${state.length} values does not fit a state of ${this.state.length}`);
    }
    this.state.set(state);
    this.logitsValid = false;
  }
}
