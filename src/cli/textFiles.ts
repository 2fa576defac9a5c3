// Reading the FILE... arguments of the language-model commands: UTF-8 text only. Binary files are
// skipped with a message; missing files, folders and input with no text at all are errors. For training,
// files that look like secrets and links that lead out of their folder are skipped too, with the reason.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isUtf8 } from '../text/utf8';
import { isInside } from '../training/realPaths';
import { findSecret, SECRET_REASON, secretFileName } from '../training/secrets';
import { CliError } from './args';

export interface TextFile {
  name: string;
  bytes: Uint8Array;
}

export interface ReadOptions {
  /** Leave out what must never be trained on: secrets, and files that links bring in from elsewhere. */
  forTraining?: boolean;
}

/** Why `bytes` is not text we can read ('' when it is). */
export function binaryReason(bytes: Uint8Array): string {
  if (bytes.includes(0)) return 'it contains NUL bytes';
  return isUtf8(bytes) ? '' : 'it is not valid UTF-8';
}

/**
 * Why `path`, a link, must not be trained on ('' when it may). Its real path must stay inside the folder it
 * is named in: the current folder for a file below it (`src/**` cannot reach `~/.ssh` through a link),
 * else the file's own folder (a file named elsewhere on purpose is read, but not a link out of there).
 */
function linkReason(path: string): string {
  const cwd = resolve();
  const named = resolve(path);
  const folder = isInside(cwd, named) ? cwd : dirname(named);
  const real = realpathSync(named);
  const folderReal = realpathSync(folder);
  return isInside(folderReal, real) ? '' : `it links to ${real}, outside ${folderReal}`;
}

/** Why the file at `path` looks like a secret by its name ('' when it does not). */
function secretNameReason(path: string): string {
  const byName = secretFileName(path);
  return byName ? `${SECRET_REASON} (${byName})` : '';
}

/** Why `bytes`, the content of `path`, look like a secret ('' when they do not); never shows the secret. */
function secretContentReason(path: string, bytes: Uint8Array): string {
  const hit = findSecret(new TextDecoder().decode(bytes), path);
  return hit ? `${SECRET_REASON} (${hit.kind} on line ${hit.line})` : '';
}

export function readTextFiles(paths: string[], warn: (message: string) => void, options: ReadOptions = {}): TextFile[] {
  if (paths.length === 0) throw new CliError('no input files given');
  const files: TextFile[] = [];
  for (const path of paths) {
    const { bytes, skip } = readOne(path, options.forTraining === true);
    if (skip) {
      warn(`skipping ${path}: ${skip}`);
      continue;
    }
    files.push({ name: path, bytes });
  }
  if (files.every((f) => f.bytes.length === 0)) {
    throw new CliError(files.length === 0 ? 'no text files to read (all were skipped)' : 'the input files are empty');
  }
  return files;
}

/** The file's bytes, or why it is skipped; a CliError when it cannot be read at all. */
function readOne(path: string, forTraining: boolean): { bytes: Uint8Array; skip: string } {
  let bytes: Uint8Array;
  try {
    if (statSync(path).isDirectory()) throw new CliError(`${path} is a folder; pass the files in it instead`);
    const unread = forTraining ? linkReason(path) || secretNameReason(path) : '';
    if (unread) return { bytes: new Uint8Array(), skip: unread };
    const buffer = readFileSync(path);
    bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (e) {
    if (e instanceof CliError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `file not found: ${path}` : `cannot read ${path}: ${(e as Error).message}`);
  }
  const binary = binaryReason(bytes);
  if (binary) return { bytes, skip: `${binary} (binary file?)` };
  return { bytes, skip: forTraining ? secretContentReason(path, bytes) : '' };
}
