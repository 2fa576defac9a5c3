// A cheap check that a model folder's files are complete and consistent, without building the model
// (the extension host does not load tfjs for this). The webview's full decode is the final word.
import { validateLmConfig, weightShapes, type LmConfig } from '../model/lm/config';
import { checkMetadata, type LmMetadata } from '../model/lm/metadata';
import type { CellType } from '../model/lm/types';
import { storedBytes, type StoredWeightSpec } from '../model/lm/weightBytes';
import type { ModelFile } from './runStore';

export interface CheckedModel { metadata: LmMetadata; files: ModelFile[] }

/** Throws an Error saying what is wrong; returns the parsed metadata otherwise. */
export function checkModelFiles(files: readonly ModelFile[]): CheckedModel {
  const byName = new Map(files.map((f) => [f.name, f.data]));
  const json = (name: string): unknown => {
    const data = byName.get(name);
    if (!data) throw new Error(`${name} is missing`);
    try { return JSON.parse(new TextDecoder().decode(data)); } catch (e) { throw new Error(`${name} is corrupt: ${(e as Error).message}`); }
  };
  const metadata = checkMetadata(json('metadata.json'));
  const model = json('model.json') as { modelTopology?: unknown; weightsManifest?: { paths: string[]; weights: StoredWeightSpec[] }[] };
  if (!model?.modelTopology || !Array.isArray(model.weightsManifest)) throw new Error('model.json is not a tfjs layers model');
  const a = metadata.architecture;
  try {
    validateLmConfig(a);
  } catch (e) {
    throw new Error(`metadata.json: ${(e as Error).message}`);
  }
  const specs = model.weightsManifest.flatMap((g) => g.weights ?? []);
  const shapes = weightShapes(a);
  if (specs.length !== shapes.length) throw new Error(`model.json lists ${specs.length} weights, a ${describeModel(metadata)} model has ${shapes.length}`);
  specs.forEach((w, i) => {
    if (!Array.isArray(w.shape) || w.shape.join('x') !== shapes[i].join('x')) {
      throw new Error(`weight ${i + 1} has shape [${String(w.shape)}], a ${describeModel(metadata)} model needs [${shapes[i]}]`);
    }
  });
  let needed = 0;
  for (const w of specs) {
    const bytes = storedBytes(w);
    if (Number.isNaN(bytes)) throw new Error('model.json lists a weight of unknown type');
    needed += bytes;
  }
  let have = 0;
  for (const group of model.weightsManifest) {
    const data = groupBytes(group.paths ?? [], byName);
    have += data.byteLength;
    if (have <= needed) checkFinite(group.weights ?? [], data);
  }
  if (have !== needed) throw new Error(`the weights hold ${have} bytes, model.json needs ${needed}`);
  return { metadata, files: [...files] };
}

/** The files of one manifest group, end to end (tfjs splits a group's bytes over its paths in order). */
function groupBytes(paths: string[], byName: Map<string, Uint8Array>): Uint8Array {
  const parts = paths.map((p) => {
    const data = byName.get(p);
    if (!data) throw new Error(`${p} is missing`);
    return data;
  });
  if (parts.length === 1) return parts[0];
  const all = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) { all.set(p, at); at += p.byteLength; }
  return all;
}

/** NaN or an infinity among the weights (or in a quantized weight's scale) would poison every prediction. */
function checkFinite(specs: StoredWeightSpec[], data: Uint8Array): void {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let at = 0;
  specs.forEach((w, i) => {
    const bytes = storedBytes(w);
    if (at + bytes > data.byteLength) return; // the total is reported by the caller
    const q = w.quantization as { dtype: string; min?: number; scale?: number } | undefined;
    const bad = (() => {
      if (q?.dtype === 'uint8') return !Number.isFinite(q.min) || !Number.isFinite(q.scale);
      if (q?.dtype === 'float16') {
        for (let o = at; o < at + bytes; o += 2) if ((view.getUint16(o, true) & 0x7c00) === 0x7c00) return true;
        return false;
      }
      if (w.dtype === 'float32' && !q) {
        for (let o = at; o < at + bytes; o += 4) if (!Number.isFinite(view.getFloat32(o, true))) return true;
      }
      return false;
    })();
    if (bad) throw new Error(`weight ${i + 1} holds a number that is not finite`);
    at += bytes;
  });
}

/**
 * A checkpoint from the training panel, before it is saved or used: a sound model folder (above) of the cell the
 * run trains, and of the run's architecture when it is known.
 */
export function checkCheckpoint(files: readonly ModelFile[], cell: CellType, expected?: LmConfig): CheckedModel {
  const checked = checkModelFiles(files);
  const a = checked.metadata.architecture;
  const named = (c: LmConfig) => describeModel({ architecture: c });
  if (a.cell !== cell) throw new Error(`it is a ${named(a)} model where the run trains ${cell}`);
  if (expected && (a.cell !== expected.cell || a.embedDim !== expected.embedDim || a.hiddenSize !== expected.hiddenSize || a.layers !== expected.layers)) {
    throw new Error(`it is a ${named(a)} model (embedding ${a.embedDim}) where the run trains ${named(expected)} (embedding ${expected.embedDim})`);
  }
  return checked;
}

/** "GRU 256×1" — how a model is named in the panel and the status bar. */
export function describeModel(m: { architecture: LmConfig }): string {
  const names = { gru: 'GRU', lstm: 'LSTM', simpleRnn: 'SimpleRNN' } as const;
  const a = m.architecture;
  return `${names[a.cell]} ${a.hiddenSize}${a.layers > 1 ? `×${a.layers}` : ''}`;
}
