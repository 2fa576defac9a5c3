// The memory file of a fine-tuned model folder (memory.bin): its training text, joined, for the match
// model to copy from (./matchMemory). When loading, it is optional: a model without one, or with one that
// does not fit its metadata, still loads, and the caller is told why the memory is left out. An import
// refuses a folder whose memory does not fit (./folder).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FILE_SEPARATOR } from './corpus';
import { MatchMemory, MEMORY_CAP } from './matchMemory';
import { MIN_MATCH } from './matchModel';
import type { LmMetadata } from './metadata';
import { ModelCheckError } from './modelErrors';
import { MEMORY_BIN } from './modelFiles';

export { MEMORY_BIN } from './modelFiles';

/**
 * The training texts joined into a memory of at most MEMORY_CAP bytes: whole files in order, as many as
 * fit (a file that would straddle the cap is left out, so no file is cut in the middle).
 */
export function joinMemory(texts: Uint8Array[]): { bytes: Uint8Array; info: NonNullable<LmMetadata['memory']> } {
  const kept: Uint8Array[] = [];
  let size = 0;
  for (const t of texts) {
    if (size + t.length + FILE_SEPARATOR.length > MEMORY_CAP) continue;
    kept.push(t);
    size += t.length + FILE_SEPARATOR.length;
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const t of kept) { bytes.set(t, at); at += t.length; bytes.set(FILE_SEPARATOR, at); at += FILE_SEPARATOR.length; }
  return { bytes, info: { bytes: size, files: kept.length, ofFiles: texts.length } };
}

/**
 * What is wrong with a folder's memory.bin of `size` bytes (undefined: there is none) given its metadata,
 * or undefined when it fits: the size metadata.json records, within MEMORY_CAP.
 */
export function memoryProblem(metadata: LmMetadata, size: number | undefined): ModelCheckError | undefined {
  const expected = metadata.memory?.bytes;
  if (expected === undefined) return size === undefined ? undefined : new ModelCheckError('memory.bin is there, but metadata.json records no memory');
  if (size === undefined) return new ModelCheckError('{0} is missing', [MEMORY_BIN]);
  if (size > MEMORY_CAP) return new ModelCheckError('{0} has {1} bytes, more than the {2} a model file may have', [MEMORY_BIN, size, MEMORY_CAP]);
  if (size !== expected) return new ModelCheckError('memory.bin has {0} bytes, metadata.json says {1}', [size, String(expected)]);
  return undefined;
}

/** The size of a file, or undefined when there is none. */
function fileSize(path: string): number | undefined {
  try {
    const stat = statSync(path);
    return stat.isFile() ? stat.size : undefined;
  } catch {
    return undefined;
  }
}

/** The model folder's memory, or why it is left out (undefined both: the model has none). */
export function readMatchMemory(dir: string, metadata: LmMetadata): { memory?: MatchMemory; warning?: string } {
  if (metadata.memory?.bytes === undefined) return {};
  const path = join(dir, MEMORY_BIN);
  const problem = memoryProblem(metadata, fileSize(path));
  if (problem) return { warning: `${problem.message}; completions will not copy from the training files` };
  return { memory: new MatchMemory(new Uint8Array(readFileSync(path)), MIN_MATCH) };
}
