// UTF-8 checks with the platform's decoder (the WHATWG TextDecoder): one set of rules everywhere (no
// overlong forms, no surrogates, nothing above U+10FFFF) and no hand-written state machine.

const STREAM = { stream: true };

/**
 * Decodes bytes one at a time, as a byte-level model writes them. `push` returns the character a byte
 * completes, '' while a character is still incomplete, or null from the first byte that makes the
 * sequence invalid on (the caller stops there).
 */
export class Utf8Stream {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private readonly byte = new Uint8Array(1);
  private pending = false;
  private failed = false;

  push(byte: number): string | null {
    if (this.failed) return null;
    // ASCII between characters is a character of its own, and leaves the decoder as it was: most of
    // what a model writes needs no call.
    if (byte < 0x80 && !this.pending) return String.fromCharCode(byte);
    this.byte[0] = byte;
    try {
      // With ignoreBOM no whole character decodes to '': '' means part of one.
      const text = this.decoder.decode(this.byte, STREAM);
      this.pending = text === '';
      return text;
    } catch {
      this.failed = true;
      return null;
    }
  }

  /** True while part of a character has been read and the rest is still missing. */
  get incomplete(): boolean {
    return this.pending;
  }
}

/**
 * Whether `bytes` are UTF-8. `truncated`: they are the start of something longer (a sample of a file),
 * so a character cut at their end does not count against them.
 */
export function isUtf8(bytes: Uint8Array, options: { truncated?: boolean } = {}): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: options.truncated ?? false });
    return true;
  } catch {
    return false;
  }
}

/** Whether `byte` continues a character (10xxxxxx) rather than starting one. */
export function isContinuationByte(byte: number): boolean {
  return (byte & 0xc0) === 0x80;
}

/** Bytes the character with code point `codePoint` takes in UTF-8 (as TextEncoder writes it). */
export function codePointBytes(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/** Bytes a UTF-8 character starting with `lead` takes (1 for ASCII and for bytes that cannot start one). */
export function sequenceLength(lead: number): number {
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  return 1;
}

/** The text of `bytes` without an incomplete last character (cut by a byte budget); bytes that are not UTF-8 read as U+FFFD. */
export function decodeComplete(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes, STREAM);
}
