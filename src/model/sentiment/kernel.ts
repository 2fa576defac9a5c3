// Inference for the sentiment classifier in plain typed arrays: no tfjs, so it loads in milliseconds and
// runs in a worker thread. Must match tfjs's predict on the same weights (see the unit test): forward and
// backward GRU (../gru/cell, tfjs's GRUCell) over the words -> max and mean over time of [h_fwd ; h_bwd]
// -> sigmoid(dense). x W + b is a fixed vector per word, computed once per word and cached (up to
// MAX_PROJECTED_WORDS words), so a step costs the recurrent products and the gates: the whole step in
// WebAssembly SIMD when the runtime has it and H is a multiple of 4, else in JavaScript.
import { createGruCell, gruCellFloats, type GruCell, type Pooling } from '../gru/cell';
import { createKernel, type Kernel } from '../gru/kernel';
import { decodeWeightsKeeping, type MatrixRows, SentimentModelError, type WeightSpec } from './artifacts';

/** Inference options; `simd: false` forces the plain JavaScript loop (tests compare the two). */
export interface KernelOptions { simd?: boolean }

/** The gates of one direction at each word: z and r per step, in reading order. */
export interface DirectionGates { z: Float32Array[]; r: Float32Array[] }

/**
 * Words whose input projection one direction keeps. A table for the whole vocabulary (40,000 words x 3H
 * floats, 30.7 MB a direction, four in the English model) became resident a page at a time wherever a
 * rare word fell, so a session reading many rare words held nearly all of it. The projections now sit
 * side by side in the order words are met, at most this many (12.6 MB a direction at H = 64, more than
 * the distinct words of SST-2's training set), and when they are full the table starts again. A
 * projection is a pure function of the word, so scores do not change; a forgotten word costs one E x 3H
 * product when it comes back. Figures in docs/BENCHMARKS.md (Memory).
 */
export const MAX_PROJECTED_WORDS = 16_384;

/** One direction of the bidirectional GRU. */
class GruDirection {
  /** x W + b of the words seen, a slot each, filled on first use: the input projection costs nothing after that. */
  private readonly projected: Float32Array;
  /** The slot of each word's projection, or -1. */
  private readonly slotOf: Int32Array;
  private slots = 0;
  readonly cell: GruCell;
  /** The embedding row of the word being projected. */
  private readonly row: Float32Array;
  /** The state and its pooling over time, in the kernel's memory. */
  private readonly h: Float32Array;
  private readonly pooling: Pooling;

  constructor(
    private readonly embeddings: MatrixRows,
    embeddingSize: number,
    kernel: Float32Array, // [E, 3H]
    recurrentKernel: Float32Array, // [H, 3H]
    bias: Float32Array, // [3H]
    readonly units: number,
    vocabSize: number,
    memory: Kernel,
  ) {
    this.projected = new Float32Array(Math.min(vocabSize, MAX_PROJECTED_WORDS) * 3 * units);
    this.slotOf = new Int32Array(vocabSize).fill(-1);
    // The classifier is built with sigmoid gates and a tanh candidate (GRU_ACTIVATIONS in ./classifierModel,
    // which is not imported here: it would load tfjs).
    this.cell = createGruCell(memory, {
      units, inputDim: embeddingSize, kernel, recurrentKernel, bias, recurrentActivation: 'sigmoid', activation: 'tanh',
    }, { simdStep: true });
    this.row = new Float32Array(embeddingSize);
    this.h = memory.alloc(units);
    this.pooling = { max: memory.alloc(units), sum: memory.alloc(units) };
  }

  private projection(word: number): number {
    const g = 3 * this.units;
    if (this.slotOf[word] >= 0) return this.slotOf[word] * g;
    if (this.slots * g === this.projected.length) {
      // Full: start again. Forgetting every word at once costs nothing per step, unlike tracking use.
      this.slotOf.fill(-1);
      this.slots = 0;
    }
    const at = this.slots * g;
    this.embeddings.copyRow(word, this.row);
    this.projected.set(this.cell.project(this.row, 0), at);
    this.slotOf[word] = this.slots++;
    return at;
  }

  /**
   * Runs over `words` (backwards when `reverse`), and writes the max and the sum over time of the hidden
   * states to `maxOut` and `sumOut` at `offset`. `gates`, when given, receives each step's z and r.
   */
  run(words: Int32Array, reverse: boolean, maxOut: Float32Array, sumOut: Float32Array, offset: number, gates?: DirectionGates): void {
    const { h, pooling, cell } = this;
    h.fill(0);
    pooling.max.fill(-Infinity);
    pooling.sum.fill(0);
    for (let t = 0; t < words.length; t++) {
      cell.step(this.projected, this.projection(words[reverse ? words.length - 1 - t : t]), h, 0, pooling);
      if (gates) {
        const z = new Float32Array(this.units), r = new Float32Array(this.units);
        cell.readGates(z, r);
        gates.z.push(z);
        gates.r.push(r);
      }
    }
    maxOut.set(pooling.max, offset);
    sumOut.set(pooling.sum, offset);
  }
}

/** A float32 [rows, cols] matrix as MatrixRows. */
function float32Rows(shape: number[], values: Float32Array | undefined): MatrixRows | undefined {
  if (!values || shape.length !== 2) return undefined;
  const [rows, cols] = shape;
  return { rows, cols, copyRow: (row, out) => out.set(values.subarray(row * cols, (row + 1) * cols)) };
}

/** One trained member: embeddings -> BiGRU -> [max ; mean] -> sigmoid(dense). */
export class GruClassifierKernel {
  private readonly forward: GruDirection;
  private readonly backward: GruDirection;
  private readonly outKernel: Float32Array;
  private readonly outBias: number;
  private readonly maxPool: Float32Array;
  private readonly sumPool: Float32Array;
  readonly vocabSize: number;
  /** True when the recurrent matmul runs in WebAssembly SIMD. */
  readonly simd: boolean;

  /** `rows` may hold the embedding in its stored form (decodeWeightsKeeping); otherwise it is in `weights`. */
  constructor(weights: Map<string, Float32Array>, specs: WeightSpec[], options: KernelOptions = {}, rows = new Map<string, MatrixRows>()) {
    const find = (pattern: RegExp) => {
      const spec = specs.find((s) => pattern.test(s.name));
      const values = spec && weights.get(spec.name);
      if (!spec || !values) throw new SentimentModelError(`weights lack ${pattern.source}`);
      return { spec, values };
    };
    const embSpec = specs.find((s) => /embeddings$/.test(s.name));
    const embedding = embSpec && (rows.get(embSpec.name) ?? float32Rows(embSpec.shape, weights.get(embSpec.name)));
    if (!embSpec || !embedding) throw new SentimentModelError('weights lack embeddings$');
    const [vocabSize, E] = embSpec.shape;
    this.vocabSize = vocabSize;
    const H = find(/forward_[^/]*\/recurrent_kernel$/).spec.shape[0];
    // Both directions' cells, states and pooling live in one kernel's memory.
    const memory = createKernel(options.simd === false || H % 4 !== 0 ? 'js' : 'auto', 2 * (gruCellFloats(H, E) + 3 * H + 16));
    const direction = (name: string) => {
      const k = find(new RegExp(`${name}_[^/]*/kernel$`));
      const u = find(new RegExp(`${name}_[^/]*/recurrent_kernel$`));
      const b = find(new RegExp(`${name}_[^/]*/bias$`));
      const H = u.spec.shape[0];
      if (k.spec.shape[0] !== E || k.spec.shape[1] !== 3 * H || u.spec.shape[1] !== 3 * H) {
        throw new SentimentModelError(`${name} GRU weights have unexpected shapes`);
      }
      return new GruDirection(embedding, E, k.values, u.values, b.values, H, vocabSize, memory);
    };
    this.forward = direction('forward');
    this.backward = direction('backward');
    this.simd = this.forward.cell.simd;
    const out = find(/output\/kernel$/);
    if (out.values.length !== 4 * H) throw new SentimentModelError('output layer has an unexpected shape');
    this.outKernel = out.values;
    this.outBias = find(/output\/bias$/).values[0];
    this.maxPool = new Float32Array(2 * H);
    this.sumPool = new Float32Array(2 * H);
  }

  static fromWeightsFile(specs: WeightSpec[], data: ArrayBuffer, options: KernelOptions = {}): GruClassifierKernel {
    const { weights, rows } = decodeWeightsKeeping(specs, data, (spec) => /embeddings$/.test(spec.name));
    return new GruClassifierKernel(weights, specs, options, rows);
  }

  /** P(positive) of one sentence given as word ids; an empty sentence is 0.5 (no evidence). */
  predict(words: Int32Array): number {
    return this.run(words);
  }

  /** Width of `features`: [max ; mean] over time of both directions' states. */
  get featureSize(): number {
    return 4 * this.forward.units;
  }

  /**
   * The pooled sentence vector the output layer reads, [max (2H) ; mean (2H)], written to `out` (a new
   * array by default); zeros for an empty sentence. Further heads (subjectivity) read the same vector.
   */
  features(words: Int32Array, out: Float32Array = new Float32Array(this.featureSize)): Float32Array {
    if (words.length === 0) return out.fill(0);
    this.pool(words);
    const H2 = 2 * this.forward.units;
    const inv = 1 / words.length;
    out.set(this.maxPool, 0);
    for (let i = 0; i < H2; i++) out[H2 + i] = this.sumPool[i] * inv;
    return out;
  }

  /**
   * The update gate z and reset gate r of each direction at each word (the backward direction's in the
   * order it reads, from the last word), with the prediction.
   */
  predictWithGates(words: Int32Array): { score: number; forward: DirectionGates; backward: DirectionGates } {
    const forward: DirectionGates = { z: [], r: [] }, backward: DirectionGates = { z: [], r: [] };
    return { score: this.run(words, forward, backward), forward, backward };
  }

  /** P(positive) from a sentence's `features`: the output layer alone. */
  predictFromFeatures(features: Float32Array): number {
    let logit = this.outBias;
    for (let i = 0; i < features.length; i++) logit += features[i] * this.outKernel[i];
    return 1 / (1 + Math.exp(-logit));
  }

  /** Both directions over `words`, their pooled states left in maxPool and sumPool. */
  private pool(words: Int32Array, forwardGates?: DirectionGates, backwardGates?: DirectionGates): void {
    for (const w of words) if (w < 0 || w >= this.vocabSize) throw new RangeError(`word id ${w} outside the vocabulary`);
    this.forward.run(words, false, this.maxPool, this.sumPool, 0, forwardGates);
    this.backward.run(words, true, this.maxPool, this.sumPool, this.forward.units, backwardGates);
  }

  private run(words: Int32Array, forwardGates?: DirectionGates, backwardGates?: DirectionGates): number {
    if (words.length === 0) return 0.5;
    const H = this.forward.units;
    this.pool(words, forwardGates, backwardGates);
    // Dense over [max (2H) ; mean (2H)], the order tfjs's concatenate layer produced.
    let logit = this.outBias;
    const inv = 1 / words.length;
    for (let i = 0; i < 2 * H; i++) {
      logit += this.maxPool[i] * this.outKernel[i] + this.sumPool[i] * inv * this.outKernel[2 * H + i];
    }
    return 1 / (1 + Math.exp(-logit));
  }
}
