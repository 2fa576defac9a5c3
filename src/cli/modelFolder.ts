// The --model option shared by the language-model commands: the bundled model by default, and a clear
// message instead of a stack trace when a folder is missing or corrupt.
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { initBackend } from '../model/backend';
import { loadLanguageModel } from '../model/lm/io';
import type { MatchMemory } from '../model/lm/matchMemory';
import { readMatchMemory } from '../model/lm/memoryFile';
import type { LmMetadata } from '../model/lm/metadata';
import { CliError, stringOption, type ParsedArgs } from './args';

/** The bundled model, found relative to the CLI bundle: dist/cli.js -> models/lm. */
export function bundledModelDir(): string {
  return join(__dirname, '..', 'models', 'lm');
}

export interface LoadedModel {
  dir: string;
  model: tf.LayersModel;
  metadata: LmMetadata;
  /** A fine-tuned model's memory of its training text, if it has one. */
  memory?: MatchMemory;
}

/** Starts tfjs (wasm backend) and loads the model named by --model, or the bundled one. */
export async function loadModelOption(args: ParsedArgs): Promise<LoadedModel> {
  const dir = stringOption(args, 'model') ?? bundledModelDir();
  await initBackend();
  try {
    const { model, metadata } = await loadLanguageModel(dir);
    const { memory, warning } = readMatchMemory(dir, metadata);
    if (warning) process.stderr.write(`gru-scribe: ${dir}: ${warning}\n`);
    return { dir, model, metadata, memory };
  } catch (e) {
    throw new CliError(`cannot load the language model: ${(e as Error).message}`);
  }
}
