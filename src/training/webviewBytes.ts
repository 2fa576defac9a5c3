// Training files on their way to the training panel's webview: whole files per message (each in a buffer
// of its own: ../panels/bytes).

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
