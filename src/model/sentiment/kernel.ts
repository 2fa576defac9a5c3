// Inference for the sentiment classifier in plain typed arrays: no tfjs, so it loads in milliseconds and
// runs in a worker thread. Must match tfjs's predict on the same weights (see the unit test):
//   GRU step (tfjs GRUCell, reset gate applied before the recurrent matmul, sigmoid gates):
//     z = sigmoid(x Wz + h Uz + bz);  r = sigmoid(x Wr + h Ur + br)
//     c = tanh(x Wc + (r * h) Uc + bc);  h' = z * h + (1 - z) * c      (tanh(x) = 2 sigmoid(2x) - 1)
//   forward and backward GRU over the words -> max and mean over time of [h_fwd ; h_bwd] -> sigmoid(dense).
// x W + b is a fixed vector per word, computed once per word and cached, so a step costs the recurrent
// matmul h U and the gates: both in WebAssembly SIMD when the runtime has it and H is a multiple of 4
// (../simd), else in the plain loops below.
import { WasmArena, wasmSimdAvailable } from '../simd/arena';
import { decodeWeightsKeeping, type MatrixRows, SentimentModelError, type WeightSpec } from './artifacts';

/** Inference options; `simd: false` forces the plain JavaScript loop (tests compare the two). */
export interface KernelOptions { simd?: boolean }

/** Where the recurrent matmul runs: a SIMD arena holding U and the step vectors, or plain arrays. */
interface Recurrence {
  /** Plain loops: the recurrent kernel transposed to [3H, H], so each gate unit's weights are contiguous.
   *  SIMD: the kernel as stored, [H, 3H], read a column range at a time. */
  weights: Float32Array;
  /** h U for the z and r units (2H), then (r * h) U for the candidate units (H). */
  hu: Float32Array;
  /** The current word's x W + b, copied next to the other step vectors for the SIMD kernels. */
  xp?: Float32Array;
  arena?: WasmArena;
}

/** One direction of the bidirectional GRU. */
class GruDirection {
  /** x W + b for each word, filled on first use: the input projection costs nothing after that. */
  private readonly projected: Float32Array;
  private readonly done: Uint8Array;
  private readonly rec: Recurrence;
  /** SIMD only: the input kernel in the arena, for the projection of a new word. */
  private readonly simdKernel?: Float32Array;
  /** The embedding row of the word being projected (in the arena with SIMD). */
  private readonly row: Float32Array;

  constructor(
    private readonly embeddings: MatrixRows,
    private readonly embeddingSize: number,
    private readonly kernel: Float32Array, // [E, 3H]
    /** Recurrent kernel [H, 3H] as tfjs stores it (row i: h_i's weight in every gate). */
    recurrent: Float32Array,
    private readonly bias: Float32Array, // [3H]
    readonly units: number,
    vocabSize: number,
    arena: WasmArena | undefined,
  ) {
    this.projected = new Float32Array(vocabSize * 3 * units);
    this.done = new Uint8Array(vocabSize);
    const size = 3 * units * units;
    let weights: Float32Array;
    if (arena) {
      weights = arena.alloc(size);
      weights.set(recurrent);
      this.simdKernel = arena.alloc(kernel.length);
      this.simdKernel.set(kernel);
    } else {
      weights = new Float32Array(size);
      for (let i = 0; i < units; i++) for (let j = 0; j < 3 * units; j++) weights[j * units + i] = recurrent[i * 3 * units + j];
    }
    this.rec = { weights, hu: arena ? arena.alloc(3 * units) : new Float32Array(3 * units), xp: arena?.alloc(3 * units), arena };
    this.row = arena ? arena.alloc(embeddingSize) : new Float32Array(embeddingSize);
  }

  private projection(word: number): number {
    const g = 3 * this.units;
    const at = word * g;
    if (this.done[word]) return at;
    const p = this.projected;
    const E = this.embeddingSize;
    const row = this.row;
    this.embeddings.copyRow(word, row);
    if (this.simdKernel) {
      const { xp, arena } = this.rec as Required<Recurrence>;
      arena.matVecColumns(this.simdKernel, g, E, g, row, 0, xp, 0);
      for (let j = 0; j < g; j++) p[at + j] = xp[j] + this.bias[j];
      this.done[word] = 1;
      return at;
    }
    for (let j = 0; j < g; j++) p[at + j] = this.bias[j];
    for (let e = 0; e < E; e++) {
      const v = row[e];
      for (let j = 0; j < g; j++) p[at + j] += v * this.kernel[e * g + j];
    }
    this.done[word] = 1;
    return at;
  }

  /**
   * Runs over `words` (backwards when `reverse`), folding every hidden state into the running
   * max (`maxOut`) and sum (`sumOut`) at `offset`. Scratch buffers are passed in to avoid allocation.
   */
  run(words: Int32Array, reverse: boolean, maxOut: Float32Array, sumOut: Float32Array, offset: number, s: Scratch): void {
    if (this.rec.arena) this.runSimd(words, reverse, maxOut, sumOut, offset, s);
    else this.runPlain(words, reverse, maxOut, sumOut, offset, s);
  }

  /** The whole step in WebAssembly: recurrent matVecs and gates; the pooling lands in arena arrays. */
  private runSimd(words: Int32Array, reverse: boolean, maxOut: Float32Array, sumOut: Float32Array, offset: number, s: Scratch): void {
    const H = this.units;
    const { weights: U, hu, xp, arena } = this.rec as Required<Recurrence>;
    const candidateColumns = U.subarray(2 * H);
    const { h, gates, rh, max, sum } = s as Required<Scratch>;
    h.fill(0);
    max.fill(-Infinity);
    sum.fill(0);
    for (let t = 0; t < words.length; t++) {
      const at = this.projection(words[reverse ? words.length - 1 - t : t]);
      xp.set(this.projected.subarray(at, at + 3 * H));
      arena.matVecColumns(U, 2 * H, H, 3 * H, h, 0, hu, 0);
      arena.gruResetUpdate(xp, hu, h, gates, rh);
      arena.matVecColumns(candidateColumns, H, H, 3 * H, rh, 0, hu, 2 * H);
      arena.gruNewState(xp, hu, gates, h, max, sum);
    }
    maxOut.set(max, offset);
    sumOut.set(sum, offset);
  }

  private runPlain(words: Int32Array, reverse: boolean, maxOut: Float32Array, sumOut: Float32Array, offset: number, s: Scratch): void {
    const H = this.units;
    const { weights: UT, hu } = this.rec;
    const P = this.projected;
    const { h, gates, rh } = s;
    h.fill(0);
    for (let t = 0; t < words.length; t++) {
      const at = this.projection(words[reverse ? words.length - 1 - t : t]);
      // z and r: one contiguous dot product per gate unit (row j of U transposed).
      for (let j = 0; j < 2 * H; j++) hu[j] = dot(h, UT, j * H, H);
      // z kept for the update; r only ever multiplies h.
      for (let j = 0; j < H; j++) gates[j] = sigmoid(P[at + j] + hu[j]);
      for (let i = 0; i < H; i++) rh[i] = sigmoid(P[at + H + i] + hu[H + i]) * h[i];
      for (let j = 0; j < H; j++) hu[2 * H + j] = dot(rh, UT, (2 * H + j) * H, H);
      // h is updated in place: every read of the old h (r * h, and U's input) happened above.
      for (let j = 0; j < H; j++) {
        const c = 2 * sigmoid(2 * (P[at + 2 * H + j] + hu[2 * H + j])) - 1;
        const z = gates[j];
        const next = z * h[j] + (1 - z) * c;
        h[j] = next;
        const k = offset + j;
        if (t === 0 || next > maxOut[k]) maxOut[k] = next;
        sumOut[k] += next;
      }
    }
  }
}

// sigmoid from a table with linear interpolation: the GRU evaluates 3H of them per word and direction,
// and Math.exp cost more than the matmul. Step 1/256 on [-16, 16]: error below 1e-6; outside, exact.
const SIGMOID_RANGE = 16, SIGMOID_STEPS = 256;
const SIGMOID_TABLE = Float64Array.from({ length: 2 * SIGMOID_RANGE * SIGMOID_STEPS + 2 }, (_, i) => 1 / (1 + Math.exp(-(i / SIGMOID_STEPS - SIGMOID_RANGE))));

export function sigmoid(x: number): number {
  if (!(x > -SIGMOID_RANGE && x < SIGMOID_RANGE)) return 1 / (1 + Math.exp(-x));
  const u = (x + SIGMOID_RANGE) * SIGMOID_STEPS;
  const i = u | 0;
  const a = SIGMOID_TABLE[i];
  return a + (u - i) * (SIGMOID_TABLE[i + 1] - a);
}

/** x[0..n) . w[from..from+n) with four independent accumulators. */
function dot(x: Float32Array, w: Float32Array, from: number, n: number): number {
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    a0 += x[i] * w[from + i];
    a1 += x[i + 1] * w[from + i + 1];
    a2 += x[i + 2] * w[from + i + 2];
    a3 += x[i + 3] * w[from + i + 3];
  }
  for (; i < n; i++) a0 += x[i] * w[from + i];
  return a0 + a1 + a2 + a3;
}

/** Step vectors shared by the directions; with SIMD all are arena arrays, with the pooling of one direction. */
interface Scratch { h: Float32Array; gates: Float32Array; rh: Float32Array; max?: Float32Array; sum?: Float32Array }

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
  private readonly scratch: Scratch;
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
    // Both directions' kernels, x W + b, embedding row and matmul output, and the shared step vectors, live in one arena.
    const arena = (options.simd ?? true) && H % 4 === 0 && wasmSimdAvailable() ? new WasmArena(2 * (3 * H * H + 3 * H * E + E + 6 * H) + 5 * H + 64) : undefined;
    const direction = (name: string) => {
      const k = find(new RegExp(`${name}_[^/]*/kernel$`));
      const u = find(new RegExp(`${name}_[^/]*/recurrent_kernel$`));
      const b = find(new RegExp(`${name}_[^/]*/bias$`));
      const H = u.spec.shape[0];
      if (k.spec.shape[0] !== E || k.spec.shape[1] !== 3 * H || u.spec.shape[1] !== 3 * H) {
        throw new SentimentModelError(`${name} GRU weights have unexpected shapes`);
      }
      return new GruDirection(embedding, E, k.values, u.values, b.values, H, vocabSize, arena);
    };
    this.simd = arena !== undefined;
    this.forward = direction('forward');
    this.backward = direction('backward');
    const out = find(/output\/kernel$/);
    if (out.values.length !== 4 * H) throw new SentimentModelError('output layer has an unexpected shape');
    this.outKernel = out.values;
    this.outBias = find(/output\/bias$/).values[0];
    this.scratch = {
      h: arena ? arena.alloc(H) : new Float32Array(H),
      gates: arena ? arena.alloc(H) : new Float32Array(H),
      rh: arena ? arena.alloc(H) : new Float32Array(H),
      max: arena?.alloc(H),
      sum: arena?.alloc(H),
    };
    this.maxPool = new Float32Array(2 * H);
    this.sumPool = new Float32Array(2 * H);
  }

  static fromWeightsFile(specs: WeightSpec[], data: ArrayBuffer, options: KernelOptions = {}): GruClassifierKernel {
    const { weights, rows } = decodeWeightsKeeping(specs, data, (spec) => /embeddings$/.test(spec.name));
    return new GruClassifierKernel(weights, specs, options, rows);
  }

  /** P(positive) of one sentence given as word ids; an empty sentence is 0.5 (no evidence). */
  predict(words: Int32Array): number {
    if (words.length === 0) return 0.5;
    for (const w of words) if (w < 0 || w >= this.vocabSize) throw new RangeError(`word id ${w} outside the vocabulary`);
    const H = this.forward.units;
    this.sumPool.fill(0);
    this.forward.run(words, false, this.maxPool, this.sumPool, 0, this.scratch);
    this.backward.run(words, true, this.maxPool, this.sumPool, H, this.scratch);
    // Dense over [max (2H) ; mean (2H)], the order tfjs's concatenate layer produced.
    let logit = this.outBias;
    const inv = 1 / words.length;
    for (let i = 0; i < 2 * H; i++) {
      logit += this.maxPool[i] * this.outKernel[i] + this.sumPool[i] * inv * this.outKernel[2 * H + i];
    }
    return 1 / (1 + Math.exp(-logit));
  }
}
