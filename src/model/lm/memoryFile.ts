// The memory file of a fine-tuned model folder (memory.bin): its training text, joined, for the match
// model to copy from (./matchMemory). It is optional: a model without one, or with one that does not fit
// its metadata, still loads, and the caller is told why the memory is left out.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MatchMemory, MEMORY_CAP } from './matchMemory';
import { MIN_MATCH } from './matchModel';
import type { LmMetadata } from './metadata';

export const MEMORY_BIN = 'memory.bin';

/** Between the files of a training text (the panel's stream, a memory): a blank line. */
export const FILE_SEPARATOR = new Uint8Array([10, 10]);

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

/** The model folder's memory, or why it is left out (undefined both: the model has none). */
export function readMatchMemory(dir: string, metadata: LmMetadata): { memory?: MatchMemory; warning?: string } {
  const expected = metadata.memory?.bytes;
  if (expected === undefined) return {};
  const path = join(dir, MEMORY_BIN);
  if (!existsSync(path)) return { warning: `${MEMORY_BIN} is missing; completions will not copy from the training files` };
  const size = statSync(path).size;
  if (size !== expected || size > MEMORY_CAP) {
    return { warning: `${MEMORY_BIN} has ${size} bytes, metadata.json says ${expected}; completions will not copy from the training files` };
  }
  return { memory: new MatchMemory(new Uint8Array(readFileSync(path)), MIN_MATCH) };
}
