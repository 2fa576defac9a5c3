// Finding training files on disk by glob (Node), e.g. the sources a dependency ships under node_modules.
import { lstatSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { toSlashes } from '../../fs/paths';

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

/** Files under `root` matching any of `globs` (and none of `exclude`), sorted for reproducibility; links are not followed. */
export function findFiles(root: string, globs: string[], exclude: string[] = []): string[] {
  const include = globs.map(globToRegExp), skip = exclude.map(globToRegExp);
  return (readdirSync(root, { recursive: true }) as string[])
    .map((f) => toSlashes(relative(root, join(root, f))))
    .filter((f) => include.some((r) => r.test(f)) && !skip.some((r) => r.test(f)) && lstatSync(join(root, f)).isFile())
    .sort();
}
