// Language-model folders on disk (Node): reading one safely — only the model's own files, each no larger
// than it may be (checked with fs.stat before a byte is read), consistent with each other (./modelCheck)
// — and telling a model folder from any other folder before one is replaced.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { writeFolderAtomic, type FolderFile } from '../../fs/atomicWrite';
import type { LmMetadata } from './metadata';
import { memoryProblem } from './memoryFile';
import { checkFileSize, checkModelDescription, parseModelJson, type ModelFile } from './modelCheck';
import { ModelCheckError } from './modelErrors';
import { MEMORY_BIN, METADATA_JSON, MODEL_CARD_MD, MODEL_FOLDER_NAMES, MODEL_JSON, WEIGHTS_BIN, type ModelFileName } from './modelFiles';

/** What a path a model would be written to holds now. */
export type FolderState =
  | { kind: 'absent' }
  | { kind: 'notFolder' }
  | { kind: 'empty' }
  | { kind: 'model' }
  /** A folder holding something GRU Scribe does not write into model folders: `names` lists it. */
  | { kind: 'other'; names: string[] };

export async function inspectFolder(dir: string): Promise<FolderState> {
  let stat;
  try {
    stat = await fs.lstat(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    throw e;
  }
  // A symbolic link is not followed: what it points to is not ours to replace.
  if (!stat.isDirectory()) return { kind: 'notFolder' };
  const entries = await fs.readdir(dir, { withFileTypes: true });
  if (entries.length === 0) return { kind: 'empty' };
  const foreign = entries.filter((e) => !e.isFile() || !MODEL_FOLDER_NAMES.has(e.name)).map((e) => e.name).sort();
  if (foreign.length > 0) return { kind: 'other', names: foreign };
  return entries.some((e) => e.name === MODEL_JSON) ? { kind: 'model' } : { kind: 'other', names: entries.map((e) => e.name).sort() };
}

/** "a, b, c and 4 more" */
export function listNames(names: readonly string[], shown = 3): string {
  return names.length <= shown ? names.join(', ') : `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}

/** Throws unless `dir` is absent, empty or a model folder: what a model save may replace. */
export async function assertReplaceableModelFolder(dir: string): Promise<void> {
  const state = await inspectFolder(dir);
  if (state.kind === 'notFolder') throw new ModelCheckError('{0} is not a folder', [dir]);
  if (state.kind === 'other') throw new ModelCheckError('{0} exists and is not a model folder (it holds {1}); nothing was written there', [dir, listNames(state.names)]);
}

/**
 * Writes `files` as the model folder `dir`, atomically. An existing `dir` is replaced only when it is a
 * model folder (it holds nothing but files GRU Scribe writes there), and its model card is kept.
 */
export async function writeModelFolder(dir: string, files: readonly FolderFile[]): Promise<void> {
  const card = files.some((f) => f.name === MODEL_CARD_MD) ? undefined : await fs.readFile(join(dir, MODEL_CARD_MD)).catch(() => undefined);
  await writeFolderAtomic(dir, card ? [...files, { name: MODEL_CARD_MD, data: new Uint8Array(card) }] : files, { beforeReplace: assertReplaceableModelFolder });
}

export interface ReadModel {
  metadata: LmMetadata;
  modelJson: unknown;
  /** The model's files as read: model.json, weights.bin, metadata.json, and memory.bin when asked for. */
  files: ModelFile[];
}

/**
 * Reads a model folder's own files and nothing else. Each is checked against its size cap before it is
 * read, and weights.bin against what model.json needs. With `memory: 'require'` (an import) memory.bin is
 * read too and must be the size metadata.json records; otherwise it is left for readMatchMemory.
 */
export async function readModelFolder(dir: string, options: { memory?: 'require' | 'leave' } = {}): Promise<ReadModel> {
  let stat;
  try {
    stat = await fs.stat(dir);
  } catch {
    throw new ModelCheckError('model folder not found: {0}', [dir]);
  }
  if (!stat.isDirectory()) throw new ModelCheckError('{0} is not a folder', [dir]);
  const sizeOf = async (name: ModelFileName, required: boolean): Promise<number | undefined> => {
    let s;
    try {
      s = await fs.stat(join(dir, name));
    } catch {
      if (required) throw new ModelCheckError('{0} is missing', [name]);
      return undefined;
    }
    if (!s.isFile()) throw new ModelCheckError('{0} is not a file', [name]);
    checkFileSize(name, s.size);
    return s.size;
  };
  const sizes = new Map<ModelFileName, number>();
  for (const name of [MODEL_JSON, METADATA_JSON, WEIGHTS_BIN] as const) sizes.set(name, (await sizeOf(name, true))!);
  const memorySize = options.memory === 'require' ? await sizeOf(MEMORY_BIN, false) : undefined;

  const read = async (name: ModelFileName): Promise<ModelFile> => {
    const data = new Uint8Array(await fs.readFile(join(dir, name)));
    if (data.byteLength !== sizes.get(name)) throw new ModelCheckError('{0} changed while it was read', [name]);
    return { name, data };
  };
  const modelFile = await read(MODEL_JSON);
  const metadataFile = await read(METADATA_JSON);
  const modelJson = parseModelJson(MODEL_JSON, modelFile.data);
  const { metadata, weightBytes } = checkModelDescription(modelJson, parseModelJson(METADATA_JSON, metadataFile.data));
  const weightsSize = sizes.get(WEIGHTS_BIN)!;
  if (weightsSize !== weightBytes) throw new ModelCheckError('weights.bin has {0} bytes, model.json needs {1}', [weightsSize, weightBytes]);
  const files = [modelFile, await read(WEIGHTS_BIN), metadataFile];
  if (options.memory === 'require') {
    const problem = memoryProblem(metadata, memorySize);
    if (problem) throw problem;
    if (memorySize !== undefined) {
      sizes.set(MEMORY_BIN, memorySize);
      files.push(await read(MEMORY_BIN));
    }
  }
  return { metadata, modelJson, files };
}
