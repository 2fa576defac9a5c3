// The decoder for text: the network alone, or mixed with a match model over the text read.
import type * as tf from '@tensorflow/tfjs';
import { createDecoder, type DecoderOptions, type FastByteDecoder } from './decoder';
import type { MatchMemory } from './matchMemory';
import { MixedDecoder } from './mixedDecoder';

/**
 * The network alone, or mixed with a match model over the text read (the product's default), which
 * also searches `memory` when the model folder has one (see ./memoryFile).
 */
export function createTextDecoder(
  model: tf.LayersModel, options: DecoderOptions & { match?: boolean; memory?: MatchMemory } = {},
): FastByteDecoder | MixedDecoder {
  const network = createDecoder(model, options);
  return options.match === false ? network : new MixedDecoder(network, options.memory);
}
