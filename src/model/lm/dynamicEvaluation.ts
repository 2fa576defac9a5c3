// Dynamic evaluation (Krause et al. 2017, "Dynamic Evaluation of Neural Sequence Models"): the model
// keeps learning on the document it reads. After each segment of text, one gradient step on that
// segment's next-byte losses, pulled back toward the trained weights so that it never drifts far:
//   W ← W − η·∇ − λ·(W − W_trained).
// Only the output layer adapts. Its gradient is closed-form — for a position with hidden vector h and
// next byte y, (softmax(W·h + b) − onehot(y))·hᵀ — so a step costs a fraction of a recurrent step, and
// the recurrent state (so every snapshot of it) does not depend on it. A step uses one position in
// `sampleEvery` of the segment (an unbiased estimate of the segment's mean gradient at a fraction of
// the cost) and, at each, only the rows whose |softmax − onehot| reaches `gradientFloor`; a row that no
// position of the step touches keeps its weights (its decay waits for a step that touches it). The step
// first takes every position's distribution, then each touched row's gradient over the segment as one
// product (SIMD when the decoder runs SIMD), and its update in the same pass as its decay.
import type { FastByteDecoder, OutputLayer } from './decoder';
import { WasmArena } from '../simd/arena';
import { softmaxInto } from './softmax';

const VOCAB = 256;

export interface AdaptationSettings {
  /** Bytes read between update steps. */
  segmentBytes: number;
  /** Step size η on the mean gradient of the positions used. */
  learningRate: number;
  /** λ: share of the distance to the trained weights removed at each step. */
  decay: number;
  /** One position in this many (at a random phase per segment) enters the gradient. */
  sampleEvery: number;
  /** At a position, rows whose |softmax − onehot| is below this are left out (0: every row). */
  gradientFloor: number;
  /**
   * 'sgd' (the default): W ← W − η·∇ − λ·(W − W_trained). 'rms', the RMS form of Krause et al.: each
   * weight's step is divided by the root mean square of its gradient on training text, and its decay
   * scaled by that root mean square over the layer's mean (at most 1/λ), W ← W − η·∇/(√MS + ε) −
   * λ·min(√MS/mean √MS, 1/λ)·(W − W_trained); needs OutputAdapter.setGradientMeanSquares.
   */
  rule?: 'sgd' | 'rms';
}

/** ε of the RMS rule: a weight whose gradient never moved on the training text still takes bounded steps. */
export const RMS_EPSILON = 1e-4;

/**
 * Chosen on the tuning sets (`node out/scripts/tune-dynamic.js`, see docs/BENCHMARKS.md): held-out
 * files of the base corpus and the training part of an unseen project, never the files reported on.
 */
export const DEFAULT_ADAPTATION: AdaptationSettings = {
  segmentBytes: 64, learningRate: 0.03, decay: 0.001, sampleEvery: 8, gradientFloor: 1e-2,
};

/**
 * Segments read ahead of the update steps that are kept (older ones are dropped unused): at the default
 * settings 2 KiB, as much as one completion request reads at most (the worker's chain of states).
 */
export const MAX_PENDING_SEGMENTS = 32;

/** Checks settings that come from outside (CLI options); throws with the setting's name. */
export function checkAdaptationSettings(s: AdaptationSettings): AdaptationSettings {
  const bad = (name: string, what: string) => { throw new RangeError(`adaptation ${name} must be ${what}`); };
  if (!(Number.isInteger(s.segmentBytes) && s.segmentBytes >= 1 && s.segmentBytes <= 65536)) bad('segmentBytes', 'an integer from 1 to 65536');
  if (!(Number.isInteger(s.sampleEvery) && s.sampleEvery >= 1 && s.sampleEvery <= s.segmentBytes)) bad('sampleEvery', 'an integer from 1 to segmentBytes');
  if (!(s.learningRate >= 0 && s.learningRate <= 100)) bad('learningRate', 'from 0 to 100');
  if (!(s.decay >= 0 && s.decay <= 1)) bad('decay', 'from 0 to 1');
  if (!(s.gradientFloor >= 0 && s.gradientFloor < 1)) bad('gradientFloor', 'from 0 to below 1');
  if (s.rule !== undefined && s.rule !== 'sgd' && s.rule !== 'rms') bad('rule', "'sgd' or 'rms'");
  return s;
}

/** One document's adapted output layer and the positions read since its last step. Size fixed at creation. */
export class DocumentAdaptation {
  /** [256][inputs], as OutputLayer.rows; while the document is in use, the decoder's copy is the current one. */
  readonly rows: Float32Array;
  readonly bias: Float32Array;
  /** Hidden vectors and next bytes of the positions recorded for the coming steps (a ring). */
  private readonly hiddens: Float32Array;
  private readonly targets: Uint8Array;
  private first = 0;
  private count = 0;
  /** Position within the current segment, and the one of it that is recorded. */
  private inSegment = 0;
  private phase: number;
  private randomState: number;
  /** Bytes read and steps taken since the document was opened (or reset). */
  bytesRead = 0;
  steps = 0;

  constructor(base: { rows: Float32Array; bias: Float32Array }, private readonly inputs: number, readonly settings: AdaptationSettings, seed = 1) {
    this.rows = Float32Array.from(base.rows);
    this.bias = Float32Array.from(base.bias);
    const capacity = this.perSegment * MAX_PENDING_SEGMENTS;
    this.hiddens = new Float32Array(capacity * inputs);
    this.targets = new Uint8Array(capacity);
    this.randomState = seed >>> 0 || 1;
    this.phase = this.nextPhase();
  }

  /** Positions recorded per segment. */
  get perSegment(): number {
    return Math.floor(this.settings.segmentBytes / this.settings.sampleEvery);
  }

  /** Whether a whole segment waits for its step. */
  get ready(): boolean {
    return this.count >= this.perSegment;
  }

  /** Segments that wait for their step. */
  get pendingSegments(): number {
    return Math.floor(this.count / this.perSegment);
  }

  /** Bytes of memory this document's adaptation holds (fixed at creation). */
  get byteSize(): number {
    return this.rows.byteLength + this.bias.byteLength + this.hiddens.byteLength + this.targets.byteLength;
  }

  /** xorshift32: which position of each segment is recorded; deterministic per document. */
  private nextPhase(): number {
    let x = this.randomState;
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    this.randomState = x;
    return x % this.settings.sampleEvery;
  }

  /** Notes that `byte` follows a position whose hidden vector is `hidden` (read it before feeding the byte). */
  record(hidden: Float32Array, byte: number): void {
    this.bytesRead++;
    const every = this.settings.sampleEvery;
    if (this.inSegment % every === this.phase) {
      const capacity = this.targets.length;
      if (this.count === capacity) { // the steps fell behind: the oldest segment goes unused
        this.first = (this.first + this.perSegment) % capacity;
        this.count -= this.perSegment;
      }
      const at = (this.first + this.count) % capacity;
      this.hiddens.set(hidden, at * this.inputs);
      this.targets[at] = byte;
      this.count++;
    }
    if (++this.inSegment % every === 0) this.phase = this.nextPhase();
    if (this.inSegment === this.settings.segmentBytes) this.inSegment = 0;
  }

  /** Takes the oldest pending segment's positions out, calling `each` with its hidden vector and next byte. */
  takeSegment(each: (hidden: Float32Array, byte: number) => void): number {
    const n = Math.min(this.perSegment, this.count);
    const capacity = this.targets.length;
    for (let k = 0; k < n; k++) {
      const at = (this.first + k) % capacity;
      each(this.hiddens.subarray(at * this.inputs, (at + 1) * this.inputs), this.targets[at]);
    }
    this.first = (this.first + n) % capacity;
    this.count -= n;
    return n;
  }
}

/**
 * Adapts a decoder's output layer per document. One adapter per decoder: it keeps the trained output
 * layer and puts the weights of the document being served (or the trained ones) into the decoder.
 */
export class OutputAdapter {
  private readonly layer: OutputLayer;
  private readonly baseRows: Float32Array;
  private readonly baseBias: Float32Array;
  private installed: DocumentAdaptation | undefined;
  /**
   * Scratch of a step, for the positions of one segment: their hidden vectors ([n][inputs]), the gradient
   * of their logits (softmax − onehot, [n][256], computed in place), one row's column of it, and one
   * row's gradient; in a SIMD arena of their own when the decoder runs SIMD, so that each row's gradient
   * is one product.
   */
  private readonly arena: WasmArena | undefined;
  private readonly segmentHiddens: Float32Array;
  private readonly logitGrads: Float32Array;
  private readonly column: Float32Array;
  private readonly rowGrad: Float32Array;
  private readonly probabilities = new Float32Array(VOCAB);
  /** The RMS rule's per-weight step and decay factors, rows then bias ([256·inputs + 256]); undefined for SGD. */
  private stepFactor: Float32Array | undefined;
  private decayFactor: Float32Array | undefined;

  constructor(private readonly decoder: FastByteDecoder, readonly settings: AdaptationSettings = DEFAULT_ADAPTATION) {
    const layer = decoder.outputLayer;
    if (!layer) throw new Error('dynamic evaluation needs the output layer right after the recurrent layers');
    checkAdaptationSettings(settings);
    this.layer = layer;
    this.baseRows = Float32Array.from(layer.rows);
    this.baseBias = Float32Array.from(layer.bias);
    const positions = Math.floor(settings.segmentBytes / settings.sampleEvery);
    const inputs = layer.inputs, columns = Math.ceil(positions / 4) * 4;
    const floats = positions * inputs + columns + inputs + 16;
    this.arena = decoder.kernelName === 'wasm-simd' && inputs % 4 === 0 ? new WasmArena(floats) : undefined;
    const alloc = (n: number) => (this.arena ? this.arena.alloc(n) : new Float32Array(n));
    this.segmentHiddens = alloc(positions * inputs);
    this.column = alloc(columns);
    this.rowGrad = alloc(inputs);
    this.logitGrads = new Float32Array(positions * VOCAB);
  }

  /**
   * The RMS rule's statistics: the mean square of each weight's gradient (rows then bias, as
   * gradientMeanSquares gives them), from which its step and decay factors are derived.
   */
  setGradientMeanSquares(meanSquares: Float32Array): void {
    const size = this.baseRows.length + VOCAB;
    if (meanSquares.length !== size) throw new RangeError(`expected ${size} mean squares, not ${meanSquares.length}`);
    const rms = meanSquares.map(Math.sqrt);
    const mean = rms.reduce((x, y) => x + y, 0) / size;
    const { decay } = this.settings;
    this.stepFactor = rms.map((r) => 1 / (r + RMS_EPSILON));
    this.decayFactor = rms.map((r) => decay * Math.min(r / mean, decay > 0 ? 1 / decay : Infinity));
  }

  /**
   * Mean square of each output weight's gradient (rows [256][inputs], then bias) over the whole segments
   * of `texts`, each segment's gradient being that of its mean next-byte loss with the trained weights:
   * the statistics of the RMS rule. Reads with the decoder (its state is reset at each text and after).
   */
  gradientMeanSquares(texts: Uint8Array[]): Float32Array {
    this.use(undefined);
    const { inputs } = this.layer;
    const { segmentBytes } = this.settings;
    const sum = new Float64Array(this.baseRows.length + VOCAB);
    const grad = new Float64Array(sum.length);
    const p = this.probabilities;
    let segments = 0;
    for (const text of texts) {
      this.decoder.reset();
      for (let start = 0; start + segmentBytes <= text.length; start += segmentBytes) {
        grad.fill(0);
        for (let t = start; t < start + segmentBytes; t++) {
          const h = this.decoder.hidden;
          this.decoder.logitsFor(h, p);
          softmaxInto(p, p);
          p[text[t]] -= 1;
          for (let j = 0; j < VOCAB; j++) {
            const g = p[j] / segmentBytes, base = j * inputs;
            for (let i = 0; i < inputs; i++) grad[base + i] += g * h[i];
            grad[this.baseRows.length + j] += g;
          }
          this.decoder.feed(text[t]);
        }
        for (let k = 0; k < sum.length; k++) sum[k] += grad[k] * grad[k];
        segments++;
      }
    }
    this.decoder.reset();
    if (segments === 0) throw new RangeError(`no text of at least ${segmentBytes} bytes to measure gradients on`);
    return Float32Array.from(sum, (x) => x / segments);
  }

  /** A document's adaptation, starting from the trained weights. */
  newDocument(seed = 1): DocumentAdaptation {
    return new DocumentAdaptation({ rows: this.baseRows, bias: this.baseBias }, this.layer.inputs, this.settings, seed);
  }

  /** Puts a document's weights (undefined: the trained ones) into the decoder, if they are not there already. */
  use(doc: DocumentAdaptation | undefined): void {
    if (this.installed === doc) return;
    // Steps change the weights in the decoder; the document keeps them while another one is served.
    this.installed?.rows.set(this.layer.rows);
    this.installed?.bias.set(this.layer.bias);
    this.layer.rows.set(doc ? doc.rows : this.baseRows);
    this.layer.bias.set(doc ? doc.bias : this.baseBias);
    this.installed = doc;
    this.decoder.outputChanged();
  }

  /** Drops a document (closed): the trained weights go back into the decoder if it was in use. */
  forget(doc: DocumentAdaptation): void {
    if (this.installed !== doc) return;
    this.layer.rows.set(this.baseRows);
    this.layer.bias.set(this.baseBias);
    this.installed = undefined;
    this.decoder.outputChanged();
  }

  /** Records the decoder's current position for `doc`, whose next byte is `byte`; call before feeding it. */
  observe(doc: DocumentAdaptation, byte: number): void {
    doc.record(this.decoder.hidden, byte);
  }

  /**
   * One update step on the oldest pending segment of `doc`; leaves `doc`'s weights in the decoder.
   * Returns false when no whole segment was pending.
   */
  step(doc: DocumentAdaptation): boolean {
    if (!doc.ready) return false;
    this.use(doc);
    const { rows, bias, inputs } = this.layer;
    const { learningRate, decay, gradientFloor } = doc.settings;
    const { segmentHiddens: hs, logitGrads: gs, column, rowGrad, arena } = this;
    // Every position's distribution comes from the weights before the step: one step on the segment.
    let t = 0;
    const n = doc.takeSegment((h, y) => {
      hs.set(h, t * inputs);
      const g = gs.subarray(t * VOCAB, (t + 1) * VOCAB);
      softmaxInto(this.decoder.logitsFor(h, g), g);
      g[y] -= 1;
      t++;
    });
    const scale = learningRate / n;
    const baseRows = this.baseRows, baseBias = this.baseBias;
    const rms = doc.settings.rule === 'rms';
    const stepFactor = this.stepFactor!, decayFactor = this.decayFactor!;
    if (rms && !stepFactor) throw new Error('the RMS rule needs the gradient statistics first (setGradientMeanSquares)');
    for (let j = 0; j < VOCAB; j++) {
      // Row j's gradient is Σ_t g_tj·h_t over the positions whose |g_tj| reaches the floor. A row that no
      // position touches is left as it is, decay included: the step costs what its gradient touches.
      let any = false, biasGrad = 0;
      for (let k = 0; k < n; k++) {
        const g = gs[k * VOCAB + j];
        biasGrad += g;
        const kept = Math.abs(g) >= gradientFloor;
        column[k] = kept ? g : 0;
        any ||= kept;
      }
      if (any) {
        if (arena) arena.matVecColumns(hs, inputs, n, inputs, column, 0, rowGrad, 0);
        else {
          rowGrad.fill(0);
          for (let k = 0; k < n; k++) {
            const g = column[k];
            if (g === 0) continue;
            for (let i = 0, at = k * inputs; i < inputs; i++) rowGrad[i] += g * hs[at + i];
          }
        }
        const start = j * inputs;
        if (rms) {
          for (let i = 0, w = start; i < inputs; i++, w++) rows[w] -= scale * rowGrad[i] * stepFactor[w] + decayFactor[w] * (rows[w] - baseRows[w]);
        } else {
          for (let i = 0, w = start; i < inputs; i++, w++) rows[w] -= scale * rowGrad[i] + decay * (rows[w] - baseRows[w]);
        }
      }
      const b = baseRows.length + j;
      bias[j] -= rms
        ? scale * biasGrad * stepFactor[b] + decayFactor[b] * (bias[j] - baseBias[j])
        : scale * biasGrad + decay * (bias[j] - baseBias[j]);
    }
    doc.steps++;
    this.decoder.outputChanged();
    return true;
  }
}
