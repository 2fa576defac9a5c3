// Comparing file-system paths with node:path, never by hand: separators, drive letters and the case rules
// of Windows are the path module's business. `path` is a parameter so that Windows semantics can be
// tested on any platform.
import * as nodePath from 'node:path';

type PathApi = Pick<typeof nodePath, 'relative' | 'isAbsolute' | 'sep'>;

/** Whether `inner` is `outer` itself or somewhere below it (both absolute). */
export function isInside(outer: string, inner: string, path: PathApi = nodePath): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel));
}

/** A relative path with '/' between its parts, the way globs and package paths are written on every platform. */
export function toSlashes(relativePath: string, path: Pick<typeof nodePath, 'sep'> = nodePath): string {
  return relativePath.split(path.sep).join('/');
}
