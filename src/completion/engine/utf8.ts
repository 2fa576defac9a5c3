// Incremental UTF-8 decoding of model output. The model emits single bytes, so a character can arrive
// in pieces and an untrained or confused model can emit sequences that are not UTF-8 at all.

/** Bytes a sequence needs in total, judged from its first byte; 0 for a byte that cannot start one. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Allowed range of the second byte, which rules out overlong forms, surrogates and code points above U+10FFFF. */
function secondByteOk(lead: number, b: number): boolean {
  if (lead === 0xe0) return b >= 0xa0 && b <= 0xbf;
  if (lead === 0xed) return b >= 0x80 && b <= 0x9f;
  if (lead === 0xf0) return b >= 0x90 && b <= 0xbf;
  if (lead === 0xf4) return b >= 0x80 && b <= 0x8f;
  return b >= 0x80 && b <= 0xbf;
}

/**
 * Feeds bytes one at a time and hands out whole characters.
 * `push` returns the completed character, '' while a character is still incomplete,
 * or null when the byte makes the sequence invalid (the caller stops there).
 */
export class Utf8Assembler {
  private pending: number[] = [];
  private needed = 0;

  push(byte: number): string | null {
    if (this.pending.length === 0) {
      const n = sequenceLength(byte);
      if (n === 0) return null;
      if (n === 1) return String.fromCharCode(byte);
      this.pending.push(byte);
      this.needed = n;
      return '';
    }
    const ok = this.pending.length === 1 ? secondByteOk(this.pending[0], byte) : byte >= 0x80 && byte <= 0xbf;
    if (!ok) return null;
    this.pending.push(byte);
    if (this.pending.length < this.needed) return '';
    const text = new TextDecoder().decode(Uint8Array.from(this.pending));
    this.pending = [];
    return text;
  }

  /** True while part of a character has been read and the rest is still missing. */
  get incomplete(): boolean {
    return this.pending.length > 0;
  }
}

/** The longest valid UTF-8 prefix of `bytes`, decoded; an incomplete last character is dropped. */
export function decodeValidPrefix(bytes: Uint8Array): string {
  const utf8 = new Utf8Assembler();
  let out = '';
  for (const b of bytes) {
    const ch = utf8.push(b);
    if (ch === null) break;
    out += ch;
  }
  return out;
}
