// The running mean of a model's weights over the checkpoints of a training run (stochastic weight
// averaging): the mean of points along the end of a run often generalizes better than any one of them.
import * as tf from '@tensorflow/tfjs';

export class WeightAverage {
  private sums: tf.Tensor[] | undefined;
  /** How many weight sets were added. */
  count = 0;

  /** Adds one set of weights (a model's `getWeights()`); the tensors stay the caller's. */
  add(weights: tf.Tensor[]): void {
    if (this.sums && (weights.length !== this.sums.length || weights.some((w, i) => !tf.util.arraysEqual(w.shape, this.sums![i].shape)))) {
      throw new RangeError('weights of another shape than the ones averaged so far');
    }
    this.sums = this.sums
      ? this.sums.map((s, i) => { const sum = tf.add(s, weights[i]); s.dispose(); return sum; })
      : weights.map((w) => w.clone());
    this.count++;
  }

  /** The mean of the weights added, as new tensors (the caller disposes them). */
  mean(): tf.Tensor[] {
    if (!this.sums) throw new RangeError('no weights were added');
    return this.sums.map((s) => tf.div(s, this.count));
  }

  dispose(): void {
    if (this.sums) tf.dispose(this.sums);
    this.sums = undefined;
    this.count = 0;
  }
}
