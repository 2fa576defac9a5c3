// A cheap check that a model folder's files are complete and consistent, without building the model
// (the extension host does not load tfjs for this). The webview's full decode is the final word.
import { checkMetadata, type LmMetadata } from '../model/lm/metadata';
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
  let needed = 0;
  for (const group of model.weightsManifest) {
    for (const w of group.weights ?? []) {
      const bytes = storedBytes(w);
      if (Number.isNaN(bytes)) throw new Error('model.json lists a weight of unknown type');
      needed += bytes;
    }
  }
  const paths = [...new Set(model.weightsManifest.flatMap((g) => g.paths ?? []))];
  let have = 0;
  for (const p of paths) {
    const data = byName.get(p);
    if (!data) throw new Error(`${p} is missing`);
    have += data.byteLength;
  }
  if (have !== needed) throw new Error(`the weights hold ${have} bytes, model.json needs ${needed}`);
  return { metadata, files: [...files] };
}

/** "GRU 256×1" — how a model is named in the panel and the status bar. */
export function describeModel(m: LmMetadata): string {
  const names = { gru: 'GRU', lstm: 'LSTM', simpleRnn: 'SimpleRNN' } as const;
  const a = m.architecture;
  return `${names[a.cell]} ${a.hiddenSize}${a.layers > 1 ? `×${a.layers}` : ''}`;
}
