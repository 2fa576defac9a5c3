// metadata.json of a language-model folder: what the model is, what it was trained on, how well it does.
import { parameterCount, validateLmConfig, type LmConfig } from './architecture';
import { ModelCheckError } from './modelErrors';

export const LM_FORMAT_VERSION = 1;

export type WeightStorage = 'float32' | 'float16' | 'uint8';

/** One source of training bytes, recorded so that a model can be reproduced. */
export interface DataSource {
  /** e.g. "../shared/data/text/tinyshakespeare.txt" or "typescript@5.9.3". */
  source: string;
  /** Globs inside a package, when the source is one. */
  globs?: string[];
  files: number;
  bytes: number;
}

export interface LmMetadata {
  formatVersion: number;
  tokenizer: 'utf8-bytes';
  architecture: LmConfig & {
    /** The dense layer's output: raw logits (apply softmax yourself) or probabilities. */
    output: 'logits' | 'softmax';
    /** GRU variant, spelled out so a hand-written kernel can match it. */
    recurrentActivation: 'sigmoid';
    resetAfter: false;
    parameters: number;
  };
  weightStorage: WeightStorage;
  training: {
    data: DataSource[];
    /** Bytes the optimizer saw (all epochs), and wall-clock seconds of training. */
    bytesSeen: number;
    steps: number;
    seconds: number;
    /** Which model this one was fine-tuned from, if any. */
    from?: string;
    /** The corpus (`npm run corpus`) by the id in its manifest, for the base model. */
    corpusId?: string;
    hardware?: string;
    command?: string;
  };
  /**
   * A fine-tuned model's memory of its training text (memory.bin, see memoryFile.ts): its size, and how
   * many files it holds of how many trained on.
   */
  memory?: { bytes: number; files: number; ofFiles: number };
  metrics: {
    /** Mean cross-entropy in bits per byte on the held-out split. */
    valBitsPerByte?: number;
    [name: string]: number | undefined;
  };
  createdAt: string;
}

export function describeArchitecture(config: LmConfig, parameters: number): LmMetadata['architecture'] {
  return { ...config, output: 'logits', recurrentActivation: 'sigmoid', resetAfter: false, parameters };
}

/** Checks the fields every reader relies on, and that the architecture is one the model code builds. */
export function checkMetadata(value: unknown): LmMetadata {
  const m = value as Partial<LmMetadata> | null;
  if (!m || typeof m !== 'object' || Array.isArray(m)) throw new ModelCheckError('metadata.json is not a JSON object');
  if (m.formatVersion !== LM_FORMAT_VERSION) throw new ModelCheckError('unsupported model format version {0}', [String(m.formatVersion)]);
  if (m.tokenizer !== 'utf8-bytes') throw new ModelCheckError('unsupported tokenizer {0}', [String(m.tokenizer)]);
  const a = m.architecture;
  const config = a && typeof a === 'object' ? { cell: a.cell, embedDim: a.embedDim, hiddenSize: a.hiddenSize, layers: a.layers } : undefined;
  try {
    validateLmConfig(config as LmConfig);
  } catch {
    throw new ModelCheckError('metadata.json has no valid architecture');
  }
  // The parameter count, when given, must be the one these sizes give.
  if (a!.parameters !== undefined && a!.parameters !== parameterCount(config!)) throw new ModelCheckError('metadata.json has no valid architecture');
  return m as LmMetadata;
}
