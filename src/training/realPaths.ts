// A symbolic link must never carry a file from outside a folder into training: callers resolve real paths
// (fs.realpath) and check them with this. No `vscode`: the training panel and the CLI's `train-lm` share it.
import { isAbsolute, relative, sep } from 'node:path';

/** Whether `path` is `folder` or below it (both absolute; real paths when links matter). */
export function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/**
 * Why a file must not be read (undefined: it may be): found at `foundAt` below the folder whose real path is
 * `folderReal`, it really is at `real`. A file reached through a link is read only if links are followed
 * and its real path stays inside the folder.
 */
export function linkProblem(folderReal: string, foundAt: string, real: string, followLinks: boolean): 'outside the workspace folder' | 'symbolic link' | undefined {
  if (real === foundAt) return undefined;
  if (!isInside(folderReal, real)) return 'outside the workspace folder';
  return followLinks ? undefined : 'symbolic link';
}
