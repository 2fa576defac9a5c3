// Loads the language model for the worker: the preferred candidate first, the next ones as fallbacks.
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../model/backend';
import { FastByteDecoder } from '../../model/lm/decoder';
import { extractDecoderWeights } from '../../model/lm/decoderWeights';
import { MixedDecoder } from '../../model/lm/mixedDecoder';
import { loadLanguageModel } from '../../model/lm/io';
import { readMatchMemory } from '../../model/lm/memoryFile';
import type { ScoringDecoder } from '../../model/lm/types';
import { OutputAdapter } from '../../model/lm/dynamicEvaluation';
import type { LoadedModel, ModelCandidate } from './protocol';

export interface HostedModel {
  decoder: ScoringDecoder;
  /** The recurrent network inside `decoder`. */
  network: FastByteDecoder;
  /**
   * The same network for "Look Inside the Model": its own copy, with the GRU's gates in SIMD (a fresh 4 KB
   * window is a step per byte), and always the trained output weights, never a document's adapted ones.
   */
  inside: FastByteDecoder;
  /** Dynamic evaluation of the network's output layer (undefined for a model whose output layer does not allow it). */
  adapter?: OutputAdapter;
  info: LoadedModel;
}

/** Dynamic evaluation for `network`, when its output layer directly follows the recurrent layers. */
function adapterOf(network: FastByteDecoder): OutputAdapter | undefined {
  return network.outputLayer ? new OutputAdapter(network) : undefined;
}

async function loadDecoder(dir: string): Promise<{ decoder: ScoringDecoder; network: FastByteDecoder; inside: FastByteDecoder; description: string; warning?: string }> {
  const { model, metadata } = await loadLanguageModel(dir);
  try {
    // A memory that does not fit its metadata is left out: the model still completes, without copying.
    const { memory, warning } = readMatchMemory(dir, metadata);
    const weights = extractDecoderWeights(model);
    const network = new FastByteDecoder(weights);
    const inside = new FastByteDecoder(weights, { simdStep: true });
    const decoder = new MixedDecoder(network, memory);
    const a = metadata.architecture;
    const description = `${a.cell.toUpperCase()} ${a.hiddenSize}, ${a.layers} layer${a.layers === 1 ? '' : 's'}` +
      (memory ? `, memory of ${metadata.memory!.files} training file${metadata.memory!.files === 1 ? '' : 's'}` : '');
    return { decoder, network, inside, description, warning };
  } finally {
    // The decoder copies the weights into plain arrays; the tfjs tensors are not needed any more.
    model.dispose();
  }
}

/** Tries each candidate in order; throws only when none loads. */
export async function loadFirstModel(candidates: ModelCandidate[]): Promise<HostedModel> {
  // Only building the model needs tfjs; the cpu backend avoids loading wasm binaries into the worker.
  await initBackend({ preference: ['cpu'] });
  const failures: string[] = [];
  for (const candidate of candidates) {
    try {
      const { decoder, network, inside, description, warning: memoryWarning } = await loadDecoder(candidate.dir);
      const warning = failures.length ? `The ${failures.join('; ')}. Using the ${candidate.kind} model instead.` : undefined;
      return { decoder, network, inside, adapter: adapterOf(network), info: { kind: candidate.kind, dir: candidate.dir, description, warning, memoryWarning } };
    } catch (e) {
      failures.push(`${candidate.kind} model could not be loaded (${(e as Error).message})`);
    }
  }
  throw new Error(failures.join('; ') || 'no language model to load');
}

export function tensorCount(): number {
  return tf.memory().numTensors;
}
