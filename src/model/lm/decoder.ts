// The fast stateful decoder: one byte in, one recurrent step, no tfjs calls. It reproduces tfjs's own
// `predict` for the same weights (see test/unit/lm/decoder.test.ts); the GRU step is ../gru/cell's,
// with its gates in float64.
import type * as tf from '@tensorflow/tfjs';
import { activateInPlace, scalarActivation } from '../gru/activations';
import { createGruCell, type GruCell } from '../gru/cell';
import { createKernel, type Kernel, type KernelChoice, matVec, place, placeRows, transpose } from '../gru/kernel';
import { extractDecoderWeights, type DecoderWeights, type DenseWeights, type RecurrentWeights } from './decoderWeights';
import { logSoftmaxAt, softmaxInto } from './softmax';
import { DecoderSnapshot, type ScoringDecoder } from './types';

const VOCAB = 256;

export type { KernelChoice };

export interface DecoderOptions {
  /** 'auto' (default) uses WebAssembly SIMD where available and plain JS otherwise. */
  kernel?: KernelChoice;
  /**
   * Runs each GRU step's gates in WebAssembly SIMD too (rational sigmoid and tanh within 3.4e-7, see
   * ../gru/cell), where the kernel is SIMD. Default false: completions' figures were measured with float64 gates.
   */
  simdStep?: boolean;
}

/** Builds a decoder from a loaded byte language model (Embedding -> recurrent layer(s) -> Dense(256)). */
export function createDecoder(model: tf.LayersModel, options: DecoderOptions = {}): FastByteDecoder {
  return new FastByteDecoder(extractDecoderWeights(model), options);
}

/** Upper bound of the floats a decoder allocates: weights after the embedding, scratch, state, logits. */
function arenaFloats(weights: DecoderWeights): number {
  let n = 4 * 256 + 1024 + 2 * 64;
  for (const l of weights.layers) {
    if (l.kind === 'embedding') continue;
    n += l.kernel.length + l.bias.length + 64;
    if (l.kind === 'dense') n += 2 * l.units;
    else n += l.recurrentKernel.length + 8 * l.gates * l.units;
  }
  return n;
}

/** A step of the network after the byte table: a recurrent layer or a dense layer between recurrent ones. */
interface Stage {
  /** Runs on input[offset..]; returns where the stage's output lives. */
  run(input: Float32Array, offset: number, state: Float32Array): [Float32Array, number];
  /** The GRU cell of a GRU layer, whose gates can be read after a step. */
  gru?: GruCell;
}

/** Adds the input projection (x·W + b) to a recurrent stage, unless the byte table already holds it. */
function projector(k: Kernel, w: RecurrentWeights, precomputed: boolean) {
  if (precomputed) return (input: Float32Array, offset: number): [Float32Array, number] => [input, offset];
  const xp = k.alloc(w.gates * w.units);
  const kernel = placeRows(k, w.kernel, w.inputDim, w.gates * w.units);
  return (input: Float32Array, offset: number): [Float32Array, number] => {
    k.matVec(kernel, w.gates * w.units, w.inputDim, input, offset, xp, 0, w.bias);
    return [xp, 0];
  };
}

function gruStage(k: Kernel, w: RecurrentWeights, hOff: number, precomputed: boolean, simdStep: boolean): Stage {
  const gru = createGruCell(k, w, { projects: !precomputed, simdStep });
  return {
    gru,
    run(input, offset, state) {
      if (precomputed) gru.step(input, offset, state, hOff);
      else gru.step(gru.project(input, offset), 0, state, hOff);
      return [state, hOff];
    },
  };
}

/** LSTM state is [h, c]; gates i, f, c, o as in tfjs's LSTMCell. */
function lstmStage(k: Kernel, w: RecurrentWeights, hOff: number, precomputed: boolean): Stage {
  const H = w.units;
  const cOff = hOff + H;
  const project = projector(k, w, precomputed);
  const recurrent = placeRows(k, w.recurrentKernel, H, 4 * H);
  const gate = scalarActivation(w.recurrentActivation);
  const act = scalarActivation(w.activation);
  const z = k.alloc(4 * H);
  return {
    run(input, offset, state) {
      const [xp, xo] = project(input, offset);
      k.matVec(recurrent, 4 * H, H, state, hOff, z, 0);
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

function simpleRnnStage(k: Kernel, w: RecurrentWeights, hOff: number, precomputed: boolean): Stage {
  const H = w.units;
  const project = projector(k, w, precomputed);
  const recurrent = placeRows(k, w.recurrentKernel, H, H);
  const act = scalarActivation(w.activation);
  const u = k.alloc(H);
  return {
    run(input, offset, state) {
      const [xp, xo] = project(input, offset);
      k.matVec(recurrent, H, H, state, hOff, u, 0);
      for (let j = 0; j < H; j++) state[hOff + j] = act(u[j] + xp[xo + j]);
      return [state, hOff];
    },
  };
}

function denseStage(k: Kernel, w: DenseWeights): Stage {
  const y = k.alloc(w.units);
  const kernel = placeRows(k, w.kernel, w.inputDim, w.units);
  return {
    run(input, offset) {
      k.matVec(kernel, w.units, w.inputDim, input, offset, y, 0, w.bias);
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

/**
 * The output layer (the only Dense layer after the last recurrent one) as the decoder applies it, live:
 * `rows` is [256][inputs] in the kernel's memory and `bias` 256 values; after writing either, call
 * the decoder's outputChanged(). The recurrent state does not depend on them, so snapshots stay valid.
 */
export interface OutputLayer {
  readonly inputs: number;
  readonly rows: Float32Array;
  readonly bias: Float32Array;
}

/** The recurrent state of every layer, copied. */
class NetworkSnapshot extends DecoderSnapshot {
  constructor(readonly state: Float32Array) {
    super();
  }
}

export class FastByteDecoder implements ScoringDecoder {
  /** Per byte, the input projection of the first recurrent layer (bias included): a lookup, not a matmul. */
  private readonly byteTable: Float32Array;
  private readonly byteWidth: number;
  private readonly stages: Stage[] = [];
  /** Dense layers after the last recurrent layer; the last one gives the logits. */
  private readonly head: DenseWeights[];
  private readonly headKernels: Float32Array[];
  /** The head's biases, copied into the kernel's memory: this decoder's own, as its rows are. */
  private readonly headBiases: Float32Array[];
  private readonly headScratch: Float32Array[];
  private readonly state: Float32Array;
  /** Where the last recurrent layer's output lives in `state`. */
  private readonly outputOffset: number;
  private readonly logitsBuffer: Float32Array;
  private readonly kernel: Kernel;
  private logitsValid = false;
  /** The GRU layers' cells, in order, and whether they hold the gates of the last byte fed. */
  private readonly gruCells: GruCell[];
  private gatesValid = false;
  /** Hidden size of the last recurrent layer. */
  readonly units: number;
  /** A vector of `units` in the kernel's memory, for logitsFor. */
  private readonly hiddenScratch: Float32Array;

  constructor(weights: DecoderWeights, options: DecoderOptions = {}) {
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
      const rows = transpose(l.kernel, l.inputDim, l.units);
      table = mapRows(table, width, l.units, (row, out) => {
        matVec(rows, l.units, l.inputDim, row, 0, out, 0, l.bias);
        activateInPlace(l.activation, out);
      });
      width = l.units;
    }
    const r0 = layers[firstRec] as RecurrentWeights;
    if (r0.inputDim !== width) throw new Error(`layer sizes do not match: ${width} into ${r0.inputDim}`);
    const r0Rows = transpose(r0.kernel, width, r0.gates * r0.units);
    this.byteTable = mapRows(table, width, r0.gates * r0.units, (row, out) => matVec(r0Rows, r0.gates * r0.units, width, row, 0, out, 0, r0.bias));
    this.byteWidth = r0.gates * r0.units;

    const k = createKernel(options.kernel ?? 'auto', arenaFloats(weights));
    this.kernel = k;
    let stateSize = 0;
    let outputOffset = 0;
    for (let i = firstRec; i <= lastRec; i++) {
      const l = layers[i];
      if (l.kind === 'dense') { this.stages.push(denseStage(k, l)); continue; }
      if (l.kind === 'embedding') throw new Error('an Embedding layer can only come first');
      const precomputed = i === firstRec;
      outputOffset = stateSize;
      if (l.kind === 'gru') this.stages.push(gruStage(k, l, stateSize, precomputed, options.simdStep ?? false));
      else if (l.kind === 'lstm') this.stages.push(lstmStage(k, l, stateSize, precomputed));
      else this.stages.push(simpleRnnStage(k, l, stateSize, precomputed));
      stateSize += l.kind === 'lstm' ? 2 * l.units : l.units;
    }
    this.gruCells = this.stages.flatMap((stage) => (stage.gru ? [stage.gru] : []));
    this.state = k.alloc(stateSize);
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
    this.headKernels = this.head.map((l) => placeRows(k, l.kernel, l.inputDim, l.units));
    this.headBiases = this.head.map((l) => place(k, l.bias));
    this.headScratch = this.head.slice(0, -1).map((l) => k.alloc(l.units));
    this.logitsBuffer = k.alloc(VOCAB);
    this.hiddenScratch = k.alloc(this.units);
  }

  /** The output layer, when it directly follows the last recurrent layer (the product's models); else undefined. */
  get outputLayer(): OutputLayer | undefined {
    if (this.head.length !== 1) return undefined;
    return { inputs: this.units, rows: this.headKernels[0], bias: this.headBiases[0] };
  }

  /** Call after writing the output layer's rows or bias: the next logits are computed again. */
  outputChanged(): void {
    this.logitsValid = false;
  }

  /** The last recurrent layer's output after the last byte fed: what the output layer reads (a live view). */
  get hidden(): Float32Array {
    return this.state.subarray(this.outputOffset, this.outputOffset + this.units);
  }

  /** The output layer's logits for the hidden vector `h` (units long), with the weights in place now, into `out`. */
  logitsFor(h: Float32Array, out: Float32Array): Float32Array {
    const layer = this.outputLayer;
    if (!layer) throw new Error('the output layer does not directly follow the recurrent layers');
    this.hiddenScratch.set(h);
    this.kernel.matVec(layer.rows, VOCAB, layer.inputs, this.hiddenScratch, 0, this.logitsBuffer, 0, layer.bias);
    out.set(this.logitsBuffer);
    this.logitsValid = false;
    return out;
  }

  /** Which kernel runs the matrix products: 'wasm-simd' or 'js'. */
  get kernelName(): 'js' | 'wasm-simd' {
    return this.kernel.name;
  }

  reset(): void {
    this.state.fill(0);
    this.logitsValid = false;
    this.gatesValid = false;
  }

  feed(byte: number): void {
    if (!(byte >= 0 && byte < VOCAB) || !Number.isInteger(byte)) throw new RangeError(`not a byte: ${byte}`);
    let input: Float32Array = this.byteTable;
    let offset = byte * this.byteWidth;
    for (const stage of this.stages) [input, offset] = stage.run(input, offset, this.state);
    this.logitsValid = false;
    this.gatesValid = true;
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
      this.kernel.matVec(this.headKernels[i], l.units, l.inputDim, input, offset, y, 0, this.headBiases[i]);
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

  snapshot(): DecoderSnapshot {
    return new NetworkSnapshot(Float32Array.from(this.state));
  }

  restore(snapshot: DecoderSnapshot): void {
    if (!(snapshot instanceof NetworkSnapshot)) throw new Error('not a snapshot of a recurrent network');
    if (snapshot.state.length !== this.state.length) {
      throw new Error(`snapshot of ${snapshot.state.length} values does not fit a state of ${this.state.length}`);
    }
    this.state.set(snapshot.state);
    this.logitsValid = false;
    this.gatesValid = false;
  }

  /** The last recurrent layer's output (its hidden state h) after the last byte fed, into `out` (units values). */
  readHidden(out: Float32Array): void {
    if (out.length !== this.units) throw new RangeError(`the last recurrent layer has ${this.units} units`);
    out.set(this.state.subarray(this.outputOffset, this.outputOffset + this.units));
  }

  /** Whether every GRU layer's step runs in SIMD, gates included (see DecoderOptions.simdStep). */
  get simdStep(): boolean {
    return this.gruCells.length > 0 && this.gruCells.every((cell) => cell.simd);
  }

  /** Number of GRU layers, whose gates readGates reads. */
  get gruLayers(): number {
    return this.gruCells.length;
  }

  /**
   * The update gate z and reset gate r of GRU layer `layer` (0 is the first) at the last byte fed, into
   * `z` and `r` (that layer's units each). Nothing is computed or kept for this until it is asked for.
   */
  readGates(layer: number, z: Float32Array, r: Float32Array): void {
    const cell = this.gruCells[layer];
    if (!cell) throw new RangeError(`no GRU layer ${layer}: the model has ${this.gruCells.length}`);
    if (z.length !== cell.units || r.length !== cell.units) throw new RangeError(`GRU layer ${layer} has ${cell.units} units`);
    if (!this.gatesValid) throw new Error('no byte has been fed since the last reset or restore');
    cell.readGates(z, r);
  }
}
