// Bytes on their way to the training panel's webview: each in a buffer of its own, whole files per message.

/**
 * The bytes in a plain Uint8Array of their own. The editor carries typed arrays to a webview as their whole
 * underlying buffer, and only those whose constructor is a typed array's: a Node Buffer would arrive as JSON
 * ({ type: 'Buffer', data: [...] }), and a small slice of a large or pooled buffer would carry all of it.
 */
export function ownBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

/** The files in order, in batches of whole files of about `maxBytes` together (a larger file alone). */
export function fileBatches(files: Uint8Array[], maxBytes: number): Uint8Array[][] {
  const batches: Uint8Array[][] = [[]];
  let size = 0;
  for (const f of files) {
    if (size > 0 && size + f.length > maxBytes) { batches.push([]); size = 0; }
    batches[batches.length - 1].push(f);
    size += f.length;
  }
  return batches;
}
