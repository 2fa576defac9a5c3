// Byte contexts as the match model and its memory find them: a hash of the bytes before a position, a
// table from hash to the last position with that context, and the length of a context two places share.

/** Hash of the `length` bytes of `bytes` ending at `end` (exclusive), in `bits` bits. */
export function contextHash(bytes: Uint8Array, end: number, length: number, bits: number): number {
  let x = 0;
  for (let i = end - length; i < end; i++) x = Math.imul(x ^ bytes[i], 0x9e3779b1);
  return x >>> (32 - bits);
}

/**
 * Fills `table` (2^bits slots, zeroed) so that the hash of the `length` bytes ending at each `end` < `count`
 * maps to end + 1 for the last such end; 0 stays empty.
 */
export function indexContexts(table: Int32Array, bytes: Uint8Array, count: number, length: number, bits: number): void {
  for (let end = length; end < count; end++) table[contextHash(bytes, end, length, bits)] = end + 1;
}

/** How many bytes before `aEnd` in `a` equal those before `bEnd` in `b`, counting back, at most `cap`. */
export function sharedContextLength(a: Uint8Array, aEnd: number, b: Uint8Array, bEnd: number, cap: number): number {
  let n = 0;
  while (n < cap && n < aEnd && n < bEnd && a[aEnd - n - 1] === b[bEnd - n - 1]) n++;
  return n;
}
