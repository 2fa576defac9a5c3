// The units that track a property of the text over whole files: each file read from a fresh state,
// the hidden state after each character compared with the character's properties (see ./unitStats).
import { textProperties } from './properties';
import type { InspectableDecoder } from './trace';
import { UnitCorrelations } from './unitStats';
import { characterEnds } from './view';

const encoder = new TextEncoder();

/** The correlations of every unit with every property over `texts`, each read from a fresh state. */
export function unitCorrelations(decoder: InspectableDecoder, texts: Iterable<string>): UnitCorrelations {
  const stats = new UnitCorrelations(decoder.units);
  const h = new Float32Array(decoder.units);
  for (const text of texts) {
    const bytes = encoder.encode(text);
    const { chars, ends } = characterEnds(text);
    const properties = textProperties(chars);
    decoder.reset();
    for (let i = 0, at = 0; i < chars.length; i++) {
      for (; at < ends[i]; at++) decoder.feed(bytes[at]);
      decoder.readHidden(h);
      stats.add(h, 0, properties, i);
    }
  }
  return stats;
}
