// Plain statements of fact are neutral, not half-positive. SST-2 is binary and knows only opinions, so a
// second head reads the same pooled sentence vectors the polarity members compute (no further recurrent
// work) and gives P(subjective); it is trained on objective against subjective sentences (Pang & Lee's
// subjectivity data) by logistic regression on the frozen features.
//
// The two combine into the one number every caller already has, the score:
//   P(positive) = s p, P(negative) = s (1 - p), P(neutral) = 1 - s   (s = P(subjective), p = polarity)
//   score = P(positive) + P(neutral) / 2 = 0.5 + s (p - 0.5)
// so a statement of fact lands near 0.5, inside the neutral band, and a confident opinion keeps its side:
// the label is still the score against the band (labelFor), in the editor and the CLI alike, and the
// side of 0.5 (the binary label) is the polarity members' alone.
import { SentimentModelError } from './artifacts';

/** The head as stored in metadata.json: one weight per feature of the members' pooled vectors, in order. */
export interface SubjectivityHead {
  weights: number[];
  bias: number;
}

export function checkSubjectivityHead(value: unknown, featureSize: number): SubjectivityHead {
  const head = value as SubjectivityHead;
  if (!head || !Array.isArray(head.weights) || !Number.isFinite(head.bias)
    || head.weights.length !== featureSize || !head.weights.every(Number.isFinite)) {
    throw new SentimentModelError(`subjectivity head must have ${featureSize} finite weights (one per pooled feature of the members) and a bias`);
  }
  return head;
}

export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** The score shown: P(positive) + P(neutral) / 2 from polarity `p` and P(subjective) `s`. */
export function combinedScore(p: number, s: number): number {
  return 0.5 + s * (p - 0.5);
}

/**
 * L2-regularised logistic regression by full-batch Adam on standardised features; the standardisation is
 * folded back, so the weights apply to the raw features. Both classes weigh the same in the loss, however
 * many examples each has. Deterministic (zero start, fixed steps).
 */
export function trainLogistic(x: Float32Array[], y: number[], options: { l2?: number; steps?: number; rate?: number } = {}): SubjectivityHead {
  const { l2 = 1e-3, steps = 300, rate = 0.05 } = options;
  const n = x.length, f = x[0].length;
  const mean = new Float64Array(f), sd = new Float64Array(f);
  for (const row of x) for (let j = 0; j < f; j++) mean[j] += row[j] / n;
  for (const row of x) for (let j = 0; j < f; j++) sd[j] += (row[j] - mean[j]) ** 2 / n;
  for (let j = 0; j < f; j++) sd[j] = Math.sqrt(sd[j]) + 1e-6;
  const z = x.map((row) => Float64Array.from(row, (v, j) => (v - mean[j]) / sd[j]));
  const w = new Float64Array(f + 1); // the last entry is the bias
  const m = new Float64Array(f + 1), v = new Float64Array(f + 1);
  const grad = new Float64Array(f + 1);
  const positives = y.filter((label) => label === 1).length;
  const classWeight = [n / (2 * Math.max(1, n - positives)), n / (2 * Math.max(1, positives))];
  for (let step = 1; step <= steps; step++) {
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      let logit = w[f];
      for (let j = 0; j < f; j++) logit += z[i][j] * w[j];
      const e = (sigmoid(logit) - y[i]) * classWeight[y[i]];
      for (let j = 0; j < f; j++) grad[j] += e * z[i][j];
      grad[f] += e;
    }
    for (let j = 0; j <= f; j++) {
      const g = grad[j] / n + (j < f ? l2 * w[j] : 0);
      m[j] = 0.9 * m[j] + 0.1 * g;
      v[j] = 0.999 * v[j] + 0.001 * g * g;
      w[j] -= rate * (m[j] / (1 - 0.9 ** step)) / (Math.sqrt(v[j] / (1 - 0.999 ** step)) + 1e-8);
    }
  }
  const weights = Array.from({ length: f }, (_, j) => w[j] / sd[j]);
  const bias = w[f] - weights.reduce((s, wj, j) => s + wj * mean[j], 0);
  return { weights, bias };
}

/** P(subjective) of one sentence from its features (all members' pooled vectors, concatenated). */
export function subjectivity(head: SubjectivityHead, features: Float32Array): number {
  let logit = head.bias;
  for (let j = 0; j < features.length; j++) logit += features[j] * head.weights[j];
  return sigmoid(logit);
}
