// The files a language-model folder may hold, and how large each may be. Free of tfjs and of node:fs, so
// that the webview, the extension host and the CLI agree on them.
import { MEMORY_CAP } from './matchMemory';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';
export const METADATA_JSON = 'metadata.json';
/** A fine-tuned model's memory of its training text (see memoryFile.ts). */
export const MEMORY_BIN = 'memory.bin';
/** A trainer checkpoint's optimizer state, beside the model files (see checkpointStore.ts). */
export const TRAINER_JSON = 'trainer.json';
export const TRAINER_BIN = 'trainer.bin';
/** The model card of the bundled model, which exports copy. */
export const MODEL_CARD_MD = 'MODEL_CARD.md';

/** What a model is made of: all that an import copies. */
export const MODEL_FILES = [MODEL_JSON, WEIGHTS_BIN, METADATA_JSON, MEMORY_BIN] as const;
export type ModelFileName = (typeof MODEL_FILES)[number];

/** Every name GRU Scribe writes into a model folder: a folder holding anything else is not a model folder. */
export const MODEL_FOLDER_NAMES: ReadonlySet<string> = new Set([...MODEL_FILES, TRAINER_JSON, TRAINER_BIN, MODEL_CARD_MD]);

/**
 * The largest weights.bin: the largest model the training panel can build (LSTM, embedding 1024,
 * 2048 units, 4 layers: 126.6 million parameters) stored as float32 takes 506 MB.
 */
export const WEIGHTS_CAP = 512 << 20;

/** Largest size of each model file, checked before a byte of it is read. */
export const FILE_CAPS: Readonly<Record<ModelFileName, number>> = {
  [MODEL_JSON]: 1 << 20,
  // metadata.json lists every training file (train-lm records one line per input).
  [METADATA_JSON]: 16 << 20,
  [WEIGHTS_BIN]: WEIGHTS_CAP,
  [MEMORY_BIN]: MEMORY_CAP,
};
