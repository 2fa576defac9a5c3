// The sentiment classifier as a tfjs layers model (used for training; inference runs in ./kernel):
//   word ids -> embedding -> dropout -> bidirectional GRU (all steps) -> [max-pool ; mean-pool]
//   -> dropout -> dense(1, sigmoid) = P(positive).
// With pretrained vectors, training uses frozen vectors -> linear projection in place of the embedding
// (buildProjectedClassifier); the two fold into one embedding matrix for export (foldProjection).
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
  /** Every weight is set right after building (export): skip the slow orthogonal initialisation. */
  weightsFollow?: boolean;
}

/** Matches ./kernel: GRU with sigmoid gates (not tfjs's default hardSigmoid), reset gate before the matmul. */
export const GRU_ACTIVATIONS = { activation: 'tanh', recurrentActivation: 'sigmoid' } as const;

export function buildClassifier(shape: ClassifierShape, training: ClassifierTraining): tf.LayersModel {
  const { seed } = training;
  const input = tf.input({ shape: [null], dtype: 'int32', name: 'words' });
  const x = tf.layers.embedding({
    inputDim: shape.vocabSize, outputDim: shape.embedding, name: 'embedding',
    embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed }),
  }).apply(input) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: head(x, shape.units, training), name: 'sentiment_bigru' });
}

export interface ProjectedShape {
  /** Frozen pretrained vectors, [vocabSize, dimensions]. */
  vectors: Float32Array;
  vocabSize: number;
  dimensions: number;
  /** Width of the trainable linear projection = the embedding size of the exported model. */
  projection: number;
  units: number;
}

/**
 * The training form with pretrained vectors: frozen vectors -> trainable dense projection -> the same
 * head as buildClassifier. foldProjection turns it into the buildClassifier form for export.
 */
export function buildProjectedClassifier(shape: ProjectedShape, training: ClassifierTraining): tf.LayersModel {
  const { seed } = training;
  const input = tf.input({ shape: [null], dtype: 'int32', name: 'words' });
  const vectors = tf.layers.embedding({
    inputDim: shape.vocabSize, outputDim: shape.dimensions, name: 'vectors', trainable: false,
    weights: [tf.tensor2d(shape.vectors, [shape.vocabSize, shape.dimensions])],
  }).apply(input) as tf.SymbolicTensor;
  const x = tf.layers.dense({
    units: shape.projection, name: 'projection',
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 6 }),
  }).apply(vectors) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: head(x, shape.units, training), name: 'sentiment_bigru_projected' });
}

/**
 * The projection is linear, so vectors x W + b is one fixed row per word: the exported model is a plain
 * buildClassifier model whose embedding matrix is that product (same predictions, no 100-wide table).
 */
export function foldProjection(trained: tf.LayersModel): tf.LayersModel {
  const [table] = trained.getLayer('vectors').getWeights();
  const [kernel, bias] = trained.getLayer('projection').getWeights();
  const [vocabSize, embedding] = [table.shape[0], kernel.shape[1]] as number[];
  const units = trained.getLayer('bigru').getWeights()[1].shape[0] as number;
  const folded = buildClassifier(
    { vocabSize, embedding, units },
    { embeddingDropout: 0, poolDropout: 0, seed: 0, weightsFollow: true },
  );
  folded.getLayer('embedding').setWeights([tf.tidy(() => tf.add(tf.matMul(table, kernel), bias))]);
  for (const name of ['bigru', 'output']) folded.getLayer(name).setWeights(trained.getLayer(name).getWeights());
  return folded;
}

/** dropout -> bidirectional GRU (all steps) -> [max-pool ; mean-pool] -> dropout -> dense(1, sigmoid). */
function head(embedded: tf.SymbolicTensor, units: number, training: ClassifierTraining): tf.SymbolicTensor {
  const { seed } = training;
  let x = tf.layers.dropout({ rate: training.embeddingDropout, seed: seed + 1 }).apply(embedded) as tf.SymbolicTensor;
  const gru = tf.layers.gru({
    units, returnSequences: true, ...GRU_ACTIVATIONS,
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }),
    // Orthogonal init is slow in tfjs for big matrices, but these are small (units x 3*units).
    recurrentInitializer: training.weightsFollow ? 'zeros' : tf.initializers.orthogonal({ seed: seed + 3 }),
  });
  x = tf.layers.bidirectional({ layer: gru as tf.RNN, mergeMode: 'concat', name: 'bigru' }).apply(x) as tf.SymbolicTensor;
  const maxPool = tf.layers.globalMaxPooling1d({ name: 'max_pool' }).apply(x) as tf.SymbolicTensor;
  const meanPool = tf.layers.globalAveragePooling1d({ name: 'mean_pool' }).apply(x) as tf.SymbolicTensor;
  let h = tf.layers.concatenate({ name: 'pool' }).apply([maxPool, meanPool]) as tf.SymbolicTensor;
  h = tf.layers.dropout({ rate: training.poolDropout, seed: seed + 4 }).apply(h) as tf.SymbolicTensor;
  return tf.layers.dense({
    units: 1, activation: 'sigmoid', name: 'output',
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 5 }),
  }).apply(h) as tf.SymbolicTensor;
}
