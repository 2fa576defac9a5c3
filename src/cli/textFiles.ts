// Reading the FILE... arguments of the language-model commands: UTF-8 text only. Binary files are
// skipped with a message; missing files, folders and input with no text at all are errors.
import { readFileSync, statSync } from 'node:fs';
import { isUtf8 } from '../text/utf8';
import { CliError } from './args';

export interface TextFile {
  name: string;
  bytes: Uint8Array;
}

/** Why `bytes` is not text we can read ('' when it is). */
export function binaryReason(bytes: Uint8Array): string {
  if (bytes.includes(0)) return 'it contains NUL bytes';
  return isUtf8(bytes) ? '' : 'it is not valid UTF-8';
}

export function readTextFiles(paths: string[], warn: (message: string) => void): TextFile[] {
  if (paths.length === 0) throw new CliError('no input files given');
  const files: TextFile[] = [];
  for (const path of paths) {
    let bytes: Uint8Array;
    try {
      if (statSync(path).isDirectory()) throw new CliError(`${path} is a folder; pass the files in it instead`);
      const buffer = readFileSync(path);
      bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    } catch (e) {
      if (e instanceof CliError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      throw new CliError(code === 'ENOENT' ? `file not found: ${path}` : `cannot read ${path}: ${(e as Error).message}`);
    }
    const reason = binaryReason(bytes);
    if (reason) {
      warn(`skipping ${path}: ${reason} (binary file?)`);
      continue;
    }
    files.push({ name: path, bytes });
  }
  if (files.every((f) => f.bytes.length === 0)) {
    throw new CliError(files.length === 0 ? 'no text files to read (all were skipped)' : 'the input files are empty');
  }
  return files;
}
