// The "Look Inside the Model" view of a window of text, per character: the trace's bytes summed or averaged
// over each character, the units that track the text's properties here, and the details of one character.
// Signals cross to the webview quantized to a byte each (see ./signals): enough to colour a character.
import { likeliestCharacters, type CharacterGuess } from './nextCharacters';
import { textProperties } from './properties';
import { encodeSignals } from './signals';
import { InsideTrace, type InspectableDecoder } from './trace';
import { UnitCorrelations, type UnitFinding } from './unitStats';
import { codePointBytes } from '../../text/utf8';

/** The next characters a character's details give. */
export const TOP_K = 5;
/** Units whose values are sent with a window: the best-ranked ones. */
export const SHOWN_UNITS = 16;

export interface InsideWindow {
  /** Characters (code points) of the window. */
  chars: number;
  /** Bytes of the window, and the first one read again for this update (bytes: none). */
  bytes: number;
  readFrom: number;
  /** The units ranked by how closely they follow a property of this window's text (SHOWN_UNITS of them). */
  units: UnitFinding[];
  /** Unit ids whose activations are in `signals` after bits, z and r, in order. */
  unitIds: number[];
  /** Quantized rows of `chars` values each: bits, mean z, mean r, then each of unitIds (see ./signals). */
  signals: Uint8Array;
  /** Milliseconds spent in the model, and on the statistics. */
  modelMs: number;
  statsMs: number;
}

export interface CharacterDetail {
  index: number;
  char: string;
  bits: number;
  /** Means over the units, at the character's last byte. */
  zMean: number;
  rMean: number;
  /** The likeliest next characters after it. */
  next: CharacterGuess[];
  /** One unit's z, r and h at the character's last byte, when asked for. */
  unit?: { unit: number; z: number; r: number; h: number };
}

/** Code points of `text` and the bytes read after each (its UTF-8 end), as TextEncoder encodes it. */
export function characterEnds(text: string): { chars: string[]; ends: Int32Array } {
  const chars = Array.from(text);
  const ends = new Int32Array(chars.length);
  let at = 0;
  for (let i = 0; i < chars.length; i++) {
    const cp = chars[i].codePointAt(0)!;
    at += codePointBytes(cp);
    ends[i] = at;
  }
  return { chars, ends };
}

const encoder = new TextEncoder();

export class InsideView {
  private readonly trace: InsideTrace;
  private chars: string[] = [];
  private ends: Int32Array = new Int32Array(0);
  /** The last update's text, units asked for and result: the same window asked for again is not read again. */
  private last?: { text: string; units: string; window: InsideWindow };

  constructor(private readonly decoder: InspectableDecoder) {
    this.trace = new InsideTrace(decoder);
  }

  get units(): number {
    return this.trace.units;
  }

  /** Reads `text` as the window (from a fresh state at its start), reusing what is unchanged at its start. */
  update(text: string, alsoUnits: readonly number[] = []): InsideWindow {
    const unitsKey = alsoUnits.join();
    if (this.last && this.last.text === text && this.last.units === unitsKey) return this.last.window;
    // Forgotten before the trace changes: an update that throws part way leaves no window described.
    this.last = undefined;
    this.chars = [];
    this.ends = new Int32Array(0);
    const t0 = performance.now();
    const readFrom = this.trace.update(encoder.encode(text));
    const t1 = performance.now();
    ({ chars: this.chars, ends: this.ends } = characterEnds(text));
    const n = this.chars.length, trace = this.trace, H = trace.units;
    const bits = new Float32Array(n), z = new Float32Array(n), r = new Float32Array(n);
    const properties = textProperties(this.chars);
    const stats = new UnitCorrelations(H);
    for (let i = 0, start = 0; i < n; start = this.ends[i++]) {
      const end = this.ends[i];
      let b = 0, zs = 0, rs = 0;
      for (let j = start; j < end; j++) { b += trace.bits[j]; zs += trace.zMean[j]; rs += trace.rMean[j]; }
      bits[i] = b;
      z[i] = zs / (end - start);
      r[i] = rs / (end - start);
      stats.add(trace.hidden, (end - 1) * H, properties, i);
    }
    const units = stats.ranked().slice(0, SHOWN_UNITS);
    const unitIds = [...new Set([...units.map((u) => u.unit), ...alsoUnits.filter((u) => Number.isInteger(u) && u >= 0 && u < H)])];
    // Plain loops, a character's state read once for all the units: Float32Array.from with a mapping
    // function, a unit at a time, took a tenth of a fresh window.
    const rows = unitIds.map(() => new Float32Array(n));
    for (let i = 0; i < n; i++) {
      const at = (this.ends[i] - 1) * H;
      for (let k = 0; k < unitIds.length; k++) rows[k][i] = trace.hidden[at + unitIds[k]];
    }
    const signals = encodeSignals(bits, z, r, rows);
    const result = { chars: n, bytes: trace.length, readFrom, units, unitIds, signals, modelMs: t1 - t0, statsMs: performance.now() - t1 };
    this.last = { text, units: unitsKey, window: result };
    return result;
  }

  /** The details of character `index` of the window last read, with `unit`'s values when given. */
  detail(index: number, unit?: number): CharacterDetail {
    if (!(Number.isInteger(index) && index >= 0 && index < this.chars.length)) throw new RangeError(`no character ${index} in the window`);
    const trace = this.trace, H = trace.units;
    const start = index ? this.ends[index - 1] : 0, end = this.ends[index];
    let bits = 0;
    for (let j = start; j < end; j++) bits += trace.bits[j];
    const last = end - 1;
    // Only the character asked about needs the next characters and one unit's gates: the trace reads
    // again from its snapshot before it rather than keeping them for every byte.
    trace.stateAfter(end);
    let gates: CharacterDetail['unit'];
    if (unit !== undefined && Number.isInteger(unit) && unit >= 0 && unit < H) {
      // Before the next characters are looked for: that moves the decoder on and back, which forgets the gates.
      const z = new Float32Array(H), r = new Float32Array(H);
      this.decoder.readGates(this.decoder.gruLayers - 1, z, r);
      gates = { unit, z: z[unit], r: r[unit], h: trace.hidden[last * H + unit] };
    }
    const next = likeliestCharacters(this.decoder, TOP_K);
    const detail: CharacterDetail = { index, char: this.chars[index], bits, zMean: trace.zMean[last], rMean: trace.rMean[last], next };
    if (gates) detail.unit = gates;
    return detail;
  }
}
