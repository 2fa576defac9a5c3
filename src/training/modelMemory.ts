// A fine-tuned model folder's memory of its training text (memory.bin) and its size in metadata.json, added
// to or taken out of the folder's files together so that the two always agree.
import { MEMORY_BIN, type joinMemory } from '../model/lm/memoryFile';
import type { ModelFile } from './runStore';

const METADATA = 'metadata.json';

/** Whether the model's files include a copy of its training text. */
export function hasMemory(files: readonly ModelFile[]): boolean {
  return files.some((f) => f.name === MEMORY_BIN);
}

/** A checkpoint's files with the run's memory added, and its size recorded in metadata.json. */
export function withMemory(files: ModelFile[], memory: ReturnType<typeof joinMemory> | undefined): ModelFile[] {
  if (!memory || memory.bytes.length === 0) return files;
  return editMetadata(files, (m) => ({ ...m, memory: memory.info }), { name: MEMORY_BIN, data: memory.bytes });
}

/** The model's files without its memory: memory.bin left out and metadata.json no longer announcing one. */
export function withoutMemory(files: ModelFile[]): ModelFile[] {
  return editMetadata(files, ({ memory: _, ...rest }) => rest);
}

function editMetadata(files: ModelFile[], edit: (m: Record<string, unknown>) => Record<string, unknown>, ...extra: ModelFile[]): ModelFile[] {
  const meta = files.find((f) => f.name === METADATA);
  if (!meta) return files;
  const metadata = edit(JSON.parse(new TextDecoder().decode(meta.data)) as Record<string, unknown>);
  return [
    ...files.filter((f) => f !== meta && f.name !== MEMORY_BIN),
    { name: METADATA, data: new TextEncoder().encode(JSON.stringify(metadata, null, 2) + '\n') },
    ...extra,
  ];
}
