// Text regions as offsets into the original document, so results can be drawn back where they came from.

/** [start, end) in UTF-16 code units of the original text, with the text itself. */
export interface TextSpan {
  start: number;
  end: number;
  text: string;
  /** The document marks this text as a heading: it names what follows rather than saying something. */
  heading?: boolean;
}

/**
 * A copy of `text` with some characters replaced by spaces. Masking keeps every offset where it was:
 * markup, code and comment markers vanish for the segmenter while positions still map 1:1.
 * Line breaks are kept, since they delimit blocks.
 */
export class MaskedText {
  /** UTF-16 code units: a 1 MB document is masked in place, without an array of one-character strings. */
  private readonly units: Uint16Array;
  private text: string | undefined;

  constructor(readonly original: string) {
    this.units = new Uint16Array(original.length);
    for (let i = 0; i < original.length; i++) this.units[i] = original.charCodeAt(i);
    this.text = original;
  }

  mask(start: number, end: number): void {
    for (let i = Math.max(0, start); i < Math.min(end, this.units.length); i++) {
      const c = this.units[i];
      if (c !== 10 && c !== 13 && c !== 32) {
        this.units[i] = 32;
        this.text = undefined;
      }
    }
  }

  toString(): string {
    if (this.text === undefined) {
      // In slices: String.fromCharCode takes its arguments on the stack.
      const parts: string[] = [];
      for (let i = 0; i < this.units.length; i += 8192) parts.push(String.fromCharCode(...this.units.subarray(i, i + 8192)));
      this.text = parts.join('');
    }
    return this.text;
  }
}

/** `i`, or `i - 1` where `i` would split a surrogate pair: a cut there keeps whole characters. */
export function characterBoundary(text: string, i: number): number {
  if (i > 0 && i < text.length) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) return i - 1;
  }
  return i;
}

/** Start offset of each line (after \n), plus the text's length as a final sentinel. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  starts.push(text.length);
  return starts;
}
