// Reading training text from disk (Node): files checked for being text, package files found by glob.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Document } from './corpus';

/** Why a file was not used. */
export class UnreadableInputError extends Error {}

/** A file looks binary when it has NUL bytes or is not valid UTF-8 (checked on its first 64 KiB). */
export function looksBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 1 << 16);
  if (head.includes(0)) return true;
  try {
    // Cut at a character boundary so a multi-byte character split at the edge is not an error.
    let end = head.length;
    if (end < bytes.length) while (end > 0 && (head[end - 1] & 0xc0) === 0x80) end--;
    if (end < bytes.length && end > 0 && head[end - 1] >= 0xc0) end--;
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return false;
  } catch {
    return true;
  }
}

/**
 * Reads text files for training. Missing paths and folders are errors; binary files are skipped
 * and reported through `onSkip`.
 */
export function readTextDocuments(paths: string[], onSkip: (path: string, reason: string) => void): Document[] {
  const docs: Document[] = [];
  for (const path of paths) {
    if (!existsSync(path)) throw new UnreadableInputError(`no such file: ${path}`);
    if (statSync(path).isDirectory()) throw new UnreadableInputError(`${path} is a folder; pass the files in it instead`);
    const bytes = new Uint8Array(readFileSync(path));
    if (looksBinary(bytes)) { onSkip(path, 'binary file'); continue; }
    if (bytes.length === 0) { onSkip(path, 'empty file'); continue; }
    docs.push({ name: path, bytes });
  }
  return docs;
}

/** `**` any folders, `*` any name part, `?` one character; matched against '/'-separated relative paths. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') { re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*'; i += glob[i + 2] === '/' ? 2 : 1; }
    else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Files under `root` matching any of `globs` (and none of `exclude`), sorted for reproducibility. */
export function findFiles(root: string, globs: string[], exclude: string[] = []): string[] {
  const include = globs.map(globToRegExp), skip = exclude.map(globToRegExp);
  return (readdirSync(root, { recursive: true }) as string[])
    .map((f) => relative(root, join(root, f)).split(sep).join('/'))
    .filter((f) => include.some((r) => r.test(f)) && !skip.some((r) => r.test(f)) && statSync(join(root, f)).isFile())
    .sort();
}
