// Language-model folders on disk (Node): model.json + weights.bin + metadata.json, written atomically.
// Loads with tfjs's in-memory IO handler, so no tfjs-node is needed. Browser code uses ./artifacts.
import type * as tf from '@tensorflow/tfjs';
import type { FolderFile } from '../../fs/atomicWrite';
import { decodeLanguageModel, encodeLanguageModel, ModelFormatError, WEIGHTS_BIN, type LmArtifacts, type ModelJson } from './artifacts';
import { readModelFolder, writeModelFolder } from './folder';
import type { LmMetadata, WeightStorage } from './metadata';
import { modelFolderFiles } from './modelFolder';

export * from './artifacts';

/** Reads a model folder's files (checked by ./folder) without building the model. */
export async function readLanguageModelArtifacts(dir: string): Promise<LmArtifacts> {
  const { files, modelJson, metadata } = await readModelFolder(dir);
  const bin = files.find((f) => f.name === WEIGHTS_BIN)!.data;
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer;
  return { modelJson: modelJson as ModelJson, weightData, metadata };
}

export async function loadLanguageModel(dir: string): Promise<{ model: tf.LayersModel; metadata: LmMetadata }> {
  try {
    return await decodeLanguageModel(await readLanguageModelArtifacts(dir));
  } catch (e) {
    if (e instanceof ModelFormatError && !e.message.includes(dir)) throw new ModelFormatError(`${dir}: ${e.message}`);
    throw e;
  }
}

/** Writes a model folder; `extraFiles` (such as a fine-tune's memory.bin) go into the same atomic write. */
export async function saveLanguageModel(
  model: tf.LayersModel, metadata: LmMetadata, dir: string, storage: WeightStorage = 'float32', extraFiles: FolderFile[] = [],
): Promise<void> {
  await writeModelFolder(dir, [...modelFolderFiles(await encodeLanguageModel(model, metadata, storage)), ...extraFiles]);
}
