// The per-character signals of a window as they cross to the webview: one byte per value, rows of equal
// length, as bytes (webview messages carry typed arrays). A byte is enough to colour a character and to read a value to 1%;
// the hover asks for exact figures.

/** Bits per step of the surprise row: 16 steps per bit, so 0 to 15.9 bits (more is shown as 15.9). */
export const BITS_SCALE = 16;

const quantize = (v: number) => Math.max(0, Math.min(255, Math.round(v)));

/** Rows: bits, mean z, mean r (0..1), then unit activations (−1..1). */
export function encodeSignals(bits: Float32Array, z: Float32Array, r: Float32Array, units: Float32Array[]): Uint8Array {
  const n = bits.length;
  const out = new Uint8Array(n * (3 + units.length));
  for (let i = 0; i < n; i++) {
    out[i] = quantize(bits[i] * BITS_SCALE);
    out[n + i] = quantize(z[i] * 255);
    out[2 * n + i] = quantize(r[i] * 255);
  }
  units.forEach((row, u) => {
    const base = (3 + u) * n;
    for (let i = 0; i < n; i++) out[base + i] = quantize((row[i] + 1) * 127.5);
  });
  return out;
}

export interface DecodedSignals {
  bits: Float32Array;
  z: Float32Array;
  r: Float32Array;
  units: Float32Array[];
}

/** The signals of `chars` characters, or undefined when `bytes` does not hold whole rows of them. */
export function decodeSignals(bytes: Uint8Array, chars: number): DecodedSignals | undefined {
  const rows = chars > 0 ? bytes.length / chars : 3 + bytes.length;
  if (!Number.isInteger(rows) || rows < 3 || (chars === 0 && bytes.length > 0)) return undefined;
  // q · scale + offset in a plain loop: Float32Array.from with a mapping function took several ms a window.
  const row = (k: number, scale: number, offset = 0) => {
    const out = new Float32Array(chars);
    for (let i = 0, at = k * chars; i < chars; i++) out[i] = bytes[at + i] / scale + offset;
    return out;
  };
  return {
    bits: row(0, BITS_SCALE),
    z: row(1, 255),
    r: row(2, 255),
    units: Array.from({ length: rows - 3 }, (_, u) => row(3 + u, 127.5, -1)),
  };
}
