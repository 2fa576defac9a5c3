// Checks that a language model's files describe one consistent model, without building it (the extension
// host does not load tfjs for this): metadata.json is sound, model.json's weights are stored in a way that
// is read back, their shapes are those of the cell and sizes metadata.json describes, and weights.bin holds
// exactly the bytes they need. Shared by loading (CLI --model, the completions worker, the webview) and
// importing; ./folder applies it to a folder on disk, size caps first.
import { validateLmConfig, weightShapes, type LmConfig } from './architecture';
import { checkMetadata, type LmMetadata } from './metadata';
import { ModelCheckError } from './modelErrors';
import { FILE_CAPS, METADATA_JSON, MODEL_JSON, WEIGHTS_BIN, type ModelFileName } from './modelFiles';
import { storedBytes, type StoredWeightSpec } from './weightBytes';

/** One file of a model folder, in memory. */
export interface ModelFile { name: string; data: Uint8Array }

export interface CheckedModel { metadata: LmMetadata; files: ModelFile[] }

/** "GRU 256×1" — how a model is named in the panel, the status bar and messages. */
export function describeModel(m: { architecture: LmConfig }): string {
  const names = { gru: 'GRU', lstm: 'LSTM', simpleRnn: 'SimpleRNN' } as const;
  const a = m.architecture;
  return `${names[a.cell] ?? String(a.cell)} ${a.hiddenSize}${a.layers > 1 ? `×${a.layers}` : ''}`;
}

const CELL_LAYER: Record<LmConfig['cell'], string> = { gru: 'GRU', lstm: 'LSTM', simpleRnn: 'SimpleRNN' };

interface ManifestGroup { paths?: unknown; weights?: unknown }
type WeightEntry = StoredWeightSpec & { name?: unknown; quantization?: { dtype: string; min?: unknown; scale?: unknown } };

/**
 * Checks model.json against metadata.json (both parsed JSON); returns the metadata and the number of
 * bytes weights.bin must have.
 */
export function checkModelDescription(modelJson: unknown, metadataJson: unknown): { metadata: LmMetadata; weightBytes: number } {
  const metadata = checkMetadata(metadataJson);
  try {
    validateLmConfig(metadata.architecture);
  } catch (e) {
    throw new ModelCheckError('metadata.json: {0}', [(e as Error).message]);
  }
  const m = modelJson as { modelTopology?: unknown; weightsManifest?: unknown } | null;
  if (!m || typeof m !== 'object' || !m.modelTopology || typeof m.modelTopology !== 'object' || !Array.isArray(m.weightsManifest)) {
    throw new ModelCheckError('model.json is not a tfjs layers model');
  }
  const groups = m.weightsManifest as ManifestGroup[];
  const group = groups[0];
  if (groups.length !== 1 || !Array.isArray(group?.paths) || group.paths.length !== 1 || group.paths[0] !== WEIGHTS_BIN || !Array.isArray(group.weights)) {
    throw new ModelCheckError('model.json must keep all weights in weights.bin');
  }
  const specs = group.weights as WeightEntry[];
  let weightBytes = 0;
  for (const w of specs) {
    const name = String(w?.name);
    if (!Array.isArray(w?.shape) || !w.shape.every((d) => Number.isSafeInteger(d) && d > 0)) {
      throw new ModelCheckError('model.json gives weight {0} the shape {1}; sizes must be positive whole numbers', [name, String(w?.shape)]);
    }
    if (w.dtype !== 'float32' || !readableStorage(w.quantization)) throw new ModelCheckError('model.json stores weight {0} in a way GRU Scribe does not read', [name]);
    weightBytes += storedBytes(w);
  }
  const a = metadata.architecture;
  const config: LmConfig = { cell: a.cell, embedDim: a.embedDim, hiddenSize: a.hiddenSize, layers: a.layers };
  const expected = weightShapes(config);
  const fits = specs.length === expected.length && specs.every((w, i) => w.shape.join() === expected[i].join()) &&
    recurrentLayers(m.modelTopology).join() === Array(config.layers).fill(CELL_LAYER[config.cell]).join();
  if (!fits) throw new ModelCheckError('model.json does not fit the {0} model that metadata.json describes', [describeModel(metadata)]);
  return { metadata, weightBytes };
}

/** Stored as float32, float16, or 8-bit with its affine range: what tfjs and the sentiment kernels decode. */
function readableStorage(q: WeightEntry['quantization']): boolean {
  if (q === undefined) return true;
  if (q?.dtype === 'float16') return true;
  return q?.dtype === 'uint8' && Number.isFinite(q.min) && Number.isFinite(q.scale);
}

/** Class names of the recurrent layers in a Sequential topology, in order. */
function recurrentLayers(topology: unknown): string[] {
  const layers = (topology as { config?: { layers?: unknown } }).config?.layers;
  if (!Array.isArray(layers)) return [];
  const recurrent = new Set(Object.values(CELL_LAYER));
  return layers.map((l) => String((l as { class_name?: unknown })?.class_name)).filter((c) => recurrent.has(c));
}

/** Parses a JSON model file, naming it when it is not JSON. */
export function parseModelJson(name: string, data: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(data));
  } catch (e) {
    throw new ModelCheckError('{0} is corrupt: {1}', [name, (e as Error).message]);
  }
}

/** Throws when a model file is larger than it may be. */
export function checkFileSize(name: ModelFileName, bytes: number): void {
  if (bytes > FILE_CAPS[name]) throw new ModelCheckError('{0} has {1} bytes, more than the {2} a model file may have', [name, bytes, FILE_CAPS[name]]);
}

/** Checks a model folder's files in memory (memory.bin, if any, is not looked at). */
export function checkModelFiles(files: readonly ModelFile[]): CheckedModel {
  const byName = new Map(files.map((f) => [f.name, f.data]));
  const file = (name: ModelFileName) => {
    const data = byName.get(name);
    if (!data) throw new ModelCheckError('{0} is missing', [name]);
    checkFileSize(name, data.byteLength);
    return data;
  };
  const modelJson = parseModelJson(MODEL_JSON, file(MODEL_JSON));
  const { metadata, weightBytes } = checkModelDescription(modelJson, parseModelJson(METADATA_JSON, file(METADATA_JSON)));
  const weights = file(WEIGHTS_BIN);
  if (weights.byteLength !== weightBytes) throw new ModelCheckError('weights.bin has {0} bytes, model.json needs {1}', [weights.byteLength, weightBytes]);
  checkFinite((modelJson as { weightsManifest: { weights: WeightEntry[] }[] }).weightsManifest[0].weights, weights);
  return { metadata, files: [...files] };
}

/** NaN or an infinity among the weights (or in a quantized weight's range) would poison every prediction. */
function checkFinite(specs: WeightEntry[], data: Uint8Array): void {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let at = 0;
  specs.forEach((w, i) => {
    const bytes = storedBytes(w);
    const q = w.quantization;
    let bad = false;
    // 8-bit weights are finite by construction; their range was checked with their storage.
    if (q?.dtype === 'uint8') bad = false;
    else if (q?.dtype === 'float16') {
      for (let o = at; o < at + bytes && !bad; o += 2) bad = (view.getUint16(o, true) & 0x7c00) === 0x7c00;
    } else {
      for (let o = at; o < at + bytes && !bad; o += 4) bad = !Number.isFinite(view.getFloat32(o, true));
    }
    if (bad) throw new ModelCheckError('weight {0} holds a number that is not finite', [i + 1]);
    at += bytes;
  });
}

/**
 * A checkpoint from the training panel, before it is saved or used: a sound model folder (above) of the cell
 * the run trains, and of the run's architecture when it is known.
 */
export function checkCheckpoint(files: readonly ModelFile[], cell: LmConfig['cell'], expected?: LmConfig): CheckedModel {
  const checked = checkModelFiles(files);
  const a = checked.metadata.architecture;
  if (a.cell !== cell) throw new ModelCheckError('it is a {0} model where the run trains {1}', [describeModel(checked.metadata), cell]);
  if (expected && (a.cell !== expected.cell || a.embedDim !== expected.embedDim || a.hiddenSize !== expected.hiddenSize || a.layers !== expected.layers)) {
    throw new ModelCheckError('it is a {0} model (embedding {1}) where the run trains {2} (embedding {3})',
      [describeModel(checked.metadata), a.embedDim, describeModel({ architecture: expected }), expected.embedDim]);
  }
  return checked;
}
