// A language-model folder as a list of files in memory, assembled in one place for every side that builds
// one: the webview (checkpoints of a run), the extension host (adding or removing a run's memory) and Node
// (./io writing folders). Free of tfjs and of node:fs.
import type { LmArtifacts, ModelJson } from './artifacts';
import { describeArchitecture, LM_FORMAT_VERSION, type LmMetadata } from './metadata';
import { parameterCount, type LmConfig } from './architecture';
import type { ModelFile } from './modelCheck';
import { ModelCheckError } from './modelErrors';
import { MEMORY_BIN, METADATA_JSON, MODEL_JSON, WEIGHTS_BIN } from './modelFiles';

/** A run's training text as a memory (see memoryFile.ts joinMemory) and what metadata.json records of it. */
export interface MemoryText { bytes: Uint8Array; info: NonNullable<LmMetadata['memory']> }

const encodeJson = (value: unknown, pretty: boolean) => new TextEncoder().encode(pretty ? JSON.stringify(value, null, 2) + '\n' : JSON.stringify(value));

/** model.json, weights.bin and metadata.json of a model. */
export function modelFolderFiles(artifacts: LmArtifacts): ModelFile[] {
  return [
    { name: MODEL_JSON, data: encodeJson(artifacts.modelJson, false) },
    { name: WEIGHTS_BIN, data: new Uint8Array(artifacts.weightData) },
    { name: METADATA_JSON, data: encodeJson(artifacts.metadata, true) },
  ];
}

/** The model held by a folder's files, as artifacts to decode (the files are checked when decoded). */
export function artifactsFromFiles(files: readonly ModelFile[]): LmArtifacts {
  const get = (name: string) => {
    const f = files.find((x) => x.name === name);
    if (!f) throw new ModelCheckError('{0} is missing', [name]);
    return f.data;
  };
  const json = (name: string) => JSON.parse(new TextDecoder().decode(get(name)));
  const w = get(WEIGHTS_BIN);
  return { modelJson: json(MODEL_JSON) as ModelJson, metadata: json(METADATA_JSON) as LmMetadata, weightData: w.buffer.slice(w.byteOffset, w.byteOffset + w.byteLength) as ArrayBuffer };
}

/** What a fine-tune or a from-scratch run in the training panel records about the model it produced. */
export interface PanelTraining {
  config: LmConfig;
  source: { files: number; bytes: number };
  bytesSeen: number;
  steps: number;
  seconds: number;
  /** The model it started from (its label), or "from scratch". */
  from: string;
  hardware: string;
  valBitsPerByte?: number;
}

export function panelModelMetadata(t: PanelTraining, createdAt = new Date()): LmMetadata {
  return {
    formatVersion: LM_FORMAT_VERSION,
    tokenizer: 'utf8-bytes',
    architecture: describeArchitecture(t.config, parameterCount(t.config)),
    weightStorage: 'float32',
    training: {
      data: [{ source: 'workspace', files: t.source.files, bytes: t.source.bytes }],
      bytesSeen: t.bytesSeen, steps: t.steps, seconds: t.seconds, from: t.from, hardware: t.hardware,
    },
    metrics: { valBitsPerByte: t.valBitsPerByte },
    createdAt: createdAt.toISOString(),
  };
}

/** Whether the model's files include a copy of its training text. */
export function hasMemory(files: readonly ModelFile[]): boolean {
  return files.some((f) => f.name === MEMORY_BIN);
}

/** A model's files with a memory added, and its size recorded in metadata.json (the two always agree). */
export function withMemory(files: ModelFile[], memory: MemoryText | undefined): ModelFile[] {
  if (!memory || memory.bytes.length === 0) return files;
  return editMetadata(files, (m) => ({ ...m, memory: memory.info }), { name: MEMORY_BIN, data: memory.bytes });
}

/** The model's files without its memory: memory.bin left out and metadata.json no longer announcing one. */
export function withoutMemory(files: ModelFile[]): ModelFile[] {
  return editMetadata(files, ({ memory: _, ...rest }) => rest);
}

function editMetadata(files: ModelFile[], edit: (m: Record<string, unknown>) => Record<string, unknown>, ...extra: ModelFile[]): ModelFile[] {
  const meta = files.find((f) => f.name === METADATA_JSON);
  if (!meta) return files;
  const metadata = edit(JSON.parse(new TextDecoder().decode(meta.data)) as Record<string, unknown>);
  return [
    ...files.filter((f) => f !== meta && f.name !== MEMORY_BIN),
    { name: METADATA_JSON, data: encodeJson(metadata, true) },
    ...extra,
  ];
}
