// In-memory form of a language-model folder, usable in Node and in a browser (webview):
// encode a model to { modelJson, weightData, metadata } and decode it back.
import * as tf from '@tensorflow/tfjs';
import type { LmMetadata, WeightStorage } from './metadata';
import { checkModelDescription } from './modelCheck';
import { ModelCheckError, ModelFormatError } from './modelErrors';
import { MODEL_JSON, WEIGHTS_BIN } from './modelFiles';

export { ModelFormatError } from './modelErrors';
export { METADATA_JSON, MODEL_JSON, WEIGHTS_BIN } from './modelFiles';

/** The contents of model.json (tfjs layers format). */
export interface ModelJson {
  format: 'layers-model';
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

/** Everything in a model folder, as values: what the webview sends the extension to write. */
export interface LmArtifacts {
  modelJson: ModelJson;
  weightData: ArrayBuffer;
  metadata: LmMetadata;
}

/** A tfjs model's topology, weight specs and weights in one buffer, as `model.save` hands them over. */
export async function savedArtifacts(model: tf.LayersModel): Promise<{ modelTopology: unknown; weightSpecs: tf.io.WeightsManifestEntry[]; weightData: ArrayBuffer }> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    saved = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  if (!saved?.weightSpecs || !saved.weightData) throw new Error('model produced no weights');
  return { modelTopology: saved.modelTopology, weightSpecs: saved.weightSpecs, weightData: tf.io.CompositeArrayBuffer.join(saved.weightData) };
}

/** Serializes a model; `storage` stores weights as 16-bit floats or 8-bit affine-quantized (tfjs manifest quantization). */
export async function encodeLanguageModel(model: tf.LayersModel, metadata: LmMetadata, storage: WeightStorage = 'float32'): Promise<LmArtifacts> {
  const saved = await savedArtifacts(model);
  const { specs, data } = storeWeights(saved.weightSpecs, saved.weightData, storage);
  return {
    modelJson: {
      format: 'layers-model',
      modelTopology: saved.modelTopology as object,
      weightsManifest: [{ paths: [WEIGHTS_BIN], weights: specs }],
    },
    weightData: data,
    metadata: { ...metadata, weightStorage: storage },
  };
}

/** Builds the tfjs model from artifacts (checked first, so a corrupt folder gives a clear message). */
export async function decodeLanguageModel(artifacts: LmArtifacts): Promise<{ model: tf.LayersModel; metadata: LmMetadata }> {
  const { modelJson, weightData } = artifacts;
  const { metadata, weightBytes } = checkModelDescription(modelJson, artifacts.metadata);
  if (weightData.byteLength !== weightBytes) {
    throw new ModelCheckError('weights.bin has {0} bytes, model.json needs {1}', [weightData.byteLength, weightBytes]);
  }
  const specs = modelJson.weightsManifest.flatMap((g) => g.weights);
  try {
    const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: specs, weightData }));
    return { model, metadata };
  } catch (e) {
    throw new ModelFormatError(`cannot build the model from ${MODEL_JSON}: ${(e as Error).message}`);
  }
}

/**
 * Rewrites float32 weights into the chosen storage (one for all, or chosen per weight), adding the
 * manifest's `quantization` entries tfjs decodes on load.
 */
export function storeWeights(specs: tf.io.WeightsManifestEntry[], data: ArrayBuffer, storage: WeightStorage | ((spec: tf.io.WeightsManifestEntry) => WeightStorage)) {
  if (storage === 'float32') return { specs, data };
  const out: tf.io.WeightsManifestEntry[] = [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const spec of specs) {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    if (spec.dtype !== 'float32') throw new Error(`cannot quantize weight ${spec.name} of type ${spec.dtype}`);
    const values = new Float32Array(data.slice(offset, offset + 4 * n));
    offset += 4 * n;
    const kind = typeof storage === 'function' ? storage(spec) : storage;
    if (kind === 'float32') {
      chunks.push(new Uint8Array(values.buffer));
      out.push(spec);
    } else if (kind === 'float16') {
      const half = new Uint16Array(n);
      for (let i = 0; i < n; i++) half[i] = float32ToFloat16(values[i]);
      chunks.push(new Uint8Array(half.buffer));
      out.push({ ...spec, quantization: { dtype: 'float16' } });
    } else {
      let min = Infinity, max = -Infinity;
      for (const v of values) { if (v < min) min = v; if (v > max) max = v; }
      const scale = max > min ? (max - min) / 255 : 1;
      const q = new Uint8Array(n);
      for (let i = 0; i < n; i++) q[i] = Math.round((values[i] - min) / scale);
      chunks.push(q);
      out.push({ ...spec, quantization: { dtype: 'uint8', min, scale } });
    }
  }
  const total = chunks.reduce((s, c) => s + c.byteLength, 0);
  const joined = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) { joined.set(c, at); at += c.byteLength; }
  return { specs: out, data: joined.buffer };
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE half precision with round-to-nearest-even; overflow goes to infinity, tiny values to subnormals. */
export function float32ToFloat16(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    return sign | (half + (rest > mid || (rest === mid && (half & 1)) ? 1 : 0));
  }
  const half = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  // Rounding may carry into the exponent, which is the correct next representable value.
  return sign | (half + (rest > 0x1000 || (rest === 0x1000 && (half & 1)) ? 1 : 0));
}
