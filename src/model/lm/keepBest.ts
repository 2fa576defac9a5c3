// Which weights a fine-tune keeps, and when it stops: the weights that validated best since training began
// (not the last ones), and a stop once validation has not improved for `patience` measurements in a row.
// Generic over what "weights" are, so the rule is tested without tensors.

export interface Kept<W> {
  weights: W;
  valLoss: number;
  step: number;
  bytesSeen: number;
  seconds: number;
}

export interface KeepBestOptions<W> {
  /** Validation loss of the starting weights: a measurement must beat it (or the best since) to count as progress. */
  baseline?: number;
  /** Measurements in a row without progress before training stops. */
  patience: number;
  /** Copies live weights (which change after the call) into ones that are kept. */
  copy(weights: W): W;
  /** Frees kept weights that are replaced. */
  release(weights: W): void;
}

export class KeepBest<W> {
  private kept: Kept<W> | undefined;
  private stale = 0;

  constructor(private readonly options: KeepBestOptions<W>) {}

  /** The best weights measured since training began, if any were measured. */
  get best(): Kept<W> | undefined { return this.kept; }

  /** The lowest validation loss so far, the starting weights' included. */
  get bar(): number { return Math.min(this.options.baseline ?? Infinity, this.kept?.valLoss ?? Infinity); }

  /** Takes a measurement; returns 'stop' when validation has stopped improving. */
  offer(m: Kept<W>): 'stop' | undefined {
    const progress = m.valLoss < this.bar;
    if (!this.kept || m.valLoss < this.kept.valLoss) {
      if (this.kept) this.options.release(this.kept.weights);
      this.kept = { ...m, weights: this.options.copy(m.weights) };
    }
    this.stale = progress ? 0 : this.stale + 1;
    return this.stale >= this.options.patience ? 'stop' : undefined;
  }

  dispose(): void {
    if (this.kept) this.options.release(this.kept.weights);
    this.kept = undefined;
  }
}
