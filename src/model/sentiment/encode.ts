// Serializes one trained member to the folder format of ./artifacts (tfjs layers JSON, float16 weights).
import * as tf from '@tensorflow/tfjs';
import { float32ToFloat16 } from '../lm/artifacts';
import { WEIGHTS_BIN, type SentimentModelJson, type WeightSpec } from './artifacts';

export async function encodeMember(model: tf.LayersModel): Promise<{ modelJson: SentimentModelJson; weights: ArrayBuffer }> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    saved = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  if (!saved?.weightSpecs || !saved.weightData) throw new Error('model produced no weights');
  const floats = new Float32Array(tf.io.CompositeArrayBuffer.join(saved.weightData));
  const half = new Uint16Array(floats.length);
  for (let i = 0; i < floats.length; i++) half[i] = float32ToFloat16(floats[i]);
  const weights: WeightSpec[] = saved.weightSpecs.map((s) => ({ name: s.name, shape: s.shape, dtype: 'float32', quantization: { dtype: 'float16' } }));
  return {
    modelJson: { format: 'layers-model', modelTopology: saved.modelTopology as object, weightsManifest: [{ paths: [WEIGHTS_BIN], weights }] },
    weights: half.buffer,
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
