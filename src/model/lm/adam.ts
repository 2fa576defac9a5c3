// Adam with global-norm gradient clipping, written out so its state can be checkpointed and restored exactly.
import * as tf from '@tensorflow/tfjs';

export interface AdamState {
  step: number;
  m: Float32Array[];
  v: Float32Array[];
}

export class ClippedAdam {
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  step = 0;

  constructor(private readonly vars: tf.Variable[], private readonly beta1 = 0.9, private readonly beta2 = 0.999, private readonly epsilon = 1e-8) {
    this.m = vars.map((x) => tf.variable(tf.zerosLike(x), false));
    this.v = vars.map((x) => tf.variable(tf.zerosLike(x), false));
  }

  /** Applies one update; returns the gradients' global norm before clipping. */
  apply(grads: tf.Tensor[], learningRate: number, clipNorm: number): number {
    this.step++;
    const { beta1, beta2, epsilon, step } = this;
    return tf.tidy(() => {
      const norm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g)))));
      const normValue = norm.dataSync()[0];
      const scale = Number.isFinite(normValue) && normValue > clipNorm ? clipNorm / normValue : 1;
      // Bias correction folded into the step size.
      const alpha = learningRate * Math.sqrt(1 - beta2 ** step) / (1 - beta1 ** step);
      this.vars.forEach((x, i) => {
        const g = scale === 1 ? grads[i] : tf.mul(grads[i], scale);
        const m = tf.add(tf.mul(this.m[i], beta1), tf.mul(g, 1 - beta1));
        const v = tf.add(tf.mul(this.v[i], beta2), tf.mul(tf.square(g), 1 - beta2));
        this.m[i].assign(m);
        this.v[i].assign(v);
        x.assign(tf.sub(x, tf.mul(tf.div(m, tf.add(tf.sqrt(v), epsilon)), alpha)));
      });
      return normValue;
    });
  }

  getState(): AdamState {
    const copy = (t: tf.Variable) => Float32Array.from(t.dataSync() as Float32Array);
    return { step: this.step, m: this.m.map(copy), v: this.v.map(copy) };
  }

  setState(state: AdamState): void {
    this.step = state.step;
    state.m.forEach((a, i) => this.m[i].assign(tf.tensor(a, this.m[i].shape)));
    state.v.forEach((a, i) => this.v[i].assign(tf.tensor(a, this.v[i].shape)));
  }

  dispose(): void {
    tf.dispose([...this.m, ...this.v]);
  }
}
