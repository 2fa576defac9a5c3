// Bytes on their way to a webview panel.

/**
 * The bytes in a plain Uint8Array of their own. The editor carries typed arrays to a webview as their whole
 * underlying buffer, and only those whose constructor is a typed array's: a Node Buffer would arrive as JSON
 * ({ type: 'Buffer', data: [...] }), and a small slice of a large or pooled buffer would carry all of it.
 */
export function ownBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}
