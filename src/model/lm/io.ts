// Language-model folders on disk (Node): model.json + weights.bin + metadata.json, written atomically.
// Loads with tfjs's in-memory IO handler, so no tfjs-node is needed. Browser code uses ./artifacts.
import type * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  decodeLanguageModel, encodeLanguageModel, METADATA_JSON, MODEL_JSON, ModelFormatError, WEIGHTS_BIN, type LmArtifacts,
} from './artifacts';
import type { LmMetadata, WeightStorage } from './metadata';

export * from './artifacts';

/** Reads a model folder's files without building the model. */
export function readLanguageModelArtifacts(dir: string): LmArtifacts {
  if (!existsSync(dir)) throw new ModelFormatError(`model folder not found: ${dir}`);
  if (!statSync(dir).isDirectory()) throw new ModelFormatError(`not a model folder: ${dir}`);
  const read = (name: string) => {
    const path = join(dir, name);
    if (!existsSync(path)) throw new ModelFormatError(`${dir} is not a language model folder: ${name} is missing`);
    return readFileSync(path);
  };
  const json = (name: string) => {
    try {
      return JSON.parse(read(name).toString('utf8'));
    } catch (e) {
      if (e instanceof ModelFormatError) throw e;
      throw new ModelFormatError(`${join(dir, name)} is corrupt: ${(e as Error).message}`);
    }
  };
  const modelJson = json(MODEL_JSON);
  const metadata = json(METADATA_JSON);
  const bin = read(WEIGHTS_BIN);
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer;
  return { modelJson, weightData, metadata };
}

export async function loadLanguageModel(dir: string): Promise<{ model: tf.LayersModel; metadata: LmMetadata }> {
  const artifacts = readLanguageModelArtifacts(dir);
  try {
    return await decodeLanguageModel(artifacts);
  } catch (e) {
    if (e instanceof ModelFormatError) throw new ModelFormatError(`${dir}: ${e.message}`);
    throw e;
  }
}

/**
 * Writes the files into a temporary folder next to `dir`, then swaps it in with renames, so a reader
 * (or a crash) never sees a half-written folder.
 */
export function writeFolderAtomically(dir: string, files: Record<string, Uint8Array | string>): void {
  const target = resolve(dir);
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const tag = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const tmp = join(parent, `.${basename(target)}.tmp-${tag}`);
  const old = join(parent, `.${basename(target)}.old-${tag}`);
  mkdirSync(tmp);
  try {
    for (const [name, data] of Object.entries(files)) writeFileSync(join(tmp, name), data);
    if (existsSync(target)) renameSync(target, old);
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (existsSync(old) && !existsSync(target)) renameSync(old, target);
    throw e;
  }
  rmSync(old, { recursive: true, force: true });
}

/** The files of a model folder, by name. */
export function languageModelFiles(artifacts: LmArtifacts): Record<string, Uint8Array | string> {
  return {
    [WEIGHTS_BIN]: new Uint8Array(artifacts.weightData),
    [MODEL_JSON]: JSON.stringify(artifacts.modelJson),
    [METADATA_JSON]: JSON.stringify(artifacts.metadata, null, 2) + '\n',
  };
}

/** Writes a model folder; `extraFiles` (such as a fine-tune's memory.bin) go into the same atomic write. */
export async function saveLanguageModel(
  model: tf.LayersModel, metadata: LmMetadata, dir: string, storage: WeightStorage = 'float32', extraFiles: Record<string, Uint8Array> = {},
): Promise<void> {
  writeFolderAtomically(dir, { ...languageModelFiles(await encodeLanguageModel(model, metadata, storage)), ...extraFiles });
}
