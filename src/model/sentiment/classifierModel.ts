// The sentiment classifier as a tfjs layers model (used for training; inference runs in ./kernel):
//   word ids -> embedding -> dropout -> bidirectional GRU (all steps) -> [max-pool ; mean-pool]
//   -> dropout -> dense(1, sigmoid) = P(positive).
// Sequences are never padded: training batches hold sentences of one length, inference runs one
// sentence at a time, so no masking is needed and max/mean pooling see only real words.
import * as tf from '@tensorflow/tfjs';

export interface ClassifierShape {
  vocabSize: number;
  embedding: number;
  units: number;
}

export interface ClassifierTraining {
  embeddingDropout: number;
  poolDropout: number;
  seed: number;
}

/** Matches ./kernel: GRU with sigmoid gates (not tfjs's default hardSigmoid), reset gate before the matmul. */
export const GRU_ACTIVATIONS = { activation: 'tanh', recurrentActivation: 'sigmoid' } as const;

export function buildClassifier(shape: ClassifierShape, training: ClassifierTraining): tf.LayersModel {
  const { seed } = training;
  const input = tf.input({ shape: [null], dtype: 'int32', name: 'words' });
  let x = tf.layers.embedding({
    inputDim: shape.vocabSize, outputDim: shape.embedding, name: 'embedding',
    embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed }),
  }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.dropout({ rate: training.embeddingDropout, seed: seed + 1 }).apply(x) as tf.SymbolicTensor;
  const gru = tf.layers.gru({
    units: shape.units, returnSequences: true, ...GRU_ACTIVATIONS,
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }),
    // Orthogonal init is slow in tfjs for big matrices, but these are small (units x 3*units).
    recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 3 }),
  });
  x = tf.layers.bidirectional({ layer: gru as tf.RNN, mergeMode: 'concat', name: 'bigru' }).apply(x) as tf.SymbolicTensor;
  const maxPool = tf.layers.globalMaxPooling1d({ name: 'max_pool' }).apply(x) as tf.SymbolicTensor;
  const meanPool = tf.layers.globalAveragePooling1d({ name: 'mean_pool' }).apply(x) as tf.SymbolicTensor;
  let h = tf.layers.concatenate({ name: 'pool' }).apply([maxPool, meanPool]) as tf.SymbolicTensor;
  h = tf.layers.dropout({ rate: training.poolDropout, seed: seed + 4 }).apply(h) as tf.SymbolicTensor;
  const out = tf.layers.dense({
    units: 1, activation: 'sigmoid', name: 'output',
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 5 }),
  }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: 'sentiment_bigru' });
}
