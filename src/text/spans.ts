// Text regions as offsets into the original document, so results can be drawn back where they came from.

/** [start, end) in UTF-16 code units of the original text, with the text itself. */
export interface TextSpan {
  start: number;
  end: number;
  text: string;
}

/**
 * A copy of `text` with some characters replaced by spaces. Masking keeps every offset where it was:
 * markup, code and comment markers vanish for the segmenter while positions still map 1:1.
 * Line breaks are kept, since they delimit blocks.
 */
export class MaskedText {
  private readonly chars: string[];

  constructor(readonly original: string) {
    this.chars = original.split('');
  }

  mask(start: number, end: number): void {
    for (let i = Math.max(0, start); i < Math.min(end, this.chars.length); i++) {
      if (this.chars[i] !== '\n' && this.chars[i] !== '\r') this.chars[i] = ' ';
    }
  }

  toString(): string {
    return this.chars.join('');
  }
}

/** Start offset of each line (after \n), plus the text's length as a final sentinel. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  starts.push(text.length);
  return starts;
}
