// Serializes one trained member to the folder format of ./artifacts (tfjs layers JSON, float16 weights;
// optionally the embedding matrix, most of the bytes, as 8-bit affine-quantized values).
import * as tf from '@tensorflow/tfjs';
import { savedArtifacts, storeWeights } from '../lm/artifacts';
import { WEIGHTS_BIN, type SentimentModelJson, type WeightSpec } from './artifacts';

export async function encodeMember(model: tf.LayersModel, options: { uint8Embedding?: boolean } = {}): Promise<{ modelJson: SentimentModelJson; weights: ArrayBuffer }> {
  const saved = await savedArtifacts(model);
  const stored = storeWeights(saved.weightSpecs, saved.weightData, (spec) => (options.uint8Embedding && /embeddings$/.test(spec.name) ? 'uint8' : 'float16'));
  const weights = stored.specs.map((s) => ({ name: s.name, shape: s.shape, dtype: 'float32', quantization: s.quantization }) as WeightSpec);
  return {
    modelJson: { format: 'layers-model', modelTopology: saved.modelTopology as object, weightsManifest: [{ paths: [WEIGHTS_BIN], weights }] },
    weights: stored.data,
  };
}

/** The tfjs model back from encoded form (float16 weights expanded by tfjs itself). */
export function decodeMember(member: { modelJson: SentimentModelJson; weights: ArrayBuffer }): Promise<tf.LayersModel> {
  return tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: member.modelJson.modelTopology,
    weightSpecs: member.modelJson.weightsManifest.flatMap((g) => g.weights) as tf.io.WeightsManifestEntry[],
    weightData: member.weights,
  }));
}
