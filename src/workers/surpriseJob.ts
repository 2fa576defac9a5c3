// "Highlight Surprising Lines" in the language-model worker: the whole document read once, a part at a
// time, so that completion requests arriving meanwhile are answered between parts.
import { ByteCostReader, lineRanges, MAX_SURPRISE_BYTES, surprisesFromCosts } from '../model/lm/surprise';
import { describeLine, unusualLines, type SurprisingLine } from '../model/lm/surprisingLines';
import type { ScoringDecoder } from '../model/lm/types';

/** Bytes read between pauses: about a tenth of a second of decoding. */
const PART_BYTES = 4096;
/** The model's likeliest bytes kept per position, for the hover. */
const EXPECTED = 3;

const encoder = new TextEncoder();

/**
 * The document's unusually surprising lines. Between parts the decoder is snapshotted and the event loop
 * runs (completions use the same decoder, each from its own snapshot, and may install a document's adapted
 * output weights): `useWeights` installs the weights the job reads with, before each part; `isStale` stops it.
 */
export async function surprisingLines(
  decoder: ScoringDecoder, text: string, isStale: () => boolean, useWeights: () => void = () => {},
): Promise<{ lines: SurprisingLine[]; cancelled: boolean }> {
  const bytes = encoder.encode(text);
  if (bytes.length > MAX_SURPRISE_BYTES) throw new Error(`the document is ${(bytes.length / (1 << 20)).toFixed(1)} MiB; surprising lines are found in documents of at most ${MAX_SURPRISE_BYTES / (1 << 20)} MiB`);
  const reader = new ByteCostReader(decoder, bytes, EXPECTED);
  while (reader.at < bytes.length) {
    useWeights();
    reader.readUntil(reader.at + PART_BYTES);
    if (reader.at >= bytes.length) break;
    const saved = decoder.snapshot();
    await new Promise((resolve) => setImmediate(resolve));
    if (isStale()) return { lines: [], cancelled: true };
    decoder.restore(saved);
  }
  const ranges = lineRanges(bytes);
  const marked = unusualLines(surprisesFromCosts(reader.costs, ranges, bytes));
  return { lines: marked.map((l) => describeLine(bytes, ranges[l.line - 1], l, reader.costs.top!)), cancelled: false };
}

