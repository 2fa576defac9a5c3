// Atomic writes of files and folders (Node; no vscode, so the extension, the CLI and the scripts share it).
// The new content is written in full under a temporary name beside the target, flushed to disk, then
// renamed into place, so a reader or a crash sees the old version or the new one, never half of one.
//
// A folder is replaced with two renames: the old folder is set aside (.NAME.old-TAG), then the staged one
// (.NAME.tmp-TAG) takes its name. The write counts as done once the old folder has been set aside: the
// staged folder was complete and flushed before that, and it is the version the write was asked to put in
// place. So when a crash falls between the two renames, recovery finishes the write (renames the staged
// folder in) rather than going back; it restores the old folder only when no staged folder of the same
// write is left. Before that point nothing has changed, and the unfinished staged folder is removed.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';

export interface FolderFile { name: string; data: Uint8Array | string }

type PathApi = Pick<typeof nodePath, 'resolve' | 'dirname' | 'basename' | 'join'>;

/** The kinds of temporary entries a write leaves beside its target while it runs. */
type LeftoverKind = 'tmp' | 'old' | 'del';
const LEFTOVER = /^\.(.+)\.(tmp|old|del)-(\d+-[0-9a-f]{8})$/;

/** Tags of the writes running in this process: their temporary entries are not leftovers. */
const inFlight = new Set<string>();

const newTag = () => `${process.pid}-${randomBytes(4).toString('hex')}`;

/**
 * Where one write of `target` puts its temporary entries: beside the target, in the same folder (a rename
 * is atomic only within one file system). `path` is a parameter so the computation can be checked with
 * Windows paths on any platform.
 */
export function writePaths(target: string, tag: string, path: PathApi = nodePath) {
  const full = path.resolve(target);
  const parent = path.dirname(full);
  const base = path.basename(full);
  if (!base || full === parent) throw new Error(`cannot write to ${target}: it is the root of a file system`);
  const entry = (kind: LeftoverKind) => path.join(parent, `.${base}.${kind}-${tag}`);
  return { target: full, parent, base, staged: entry('tmp'), old: entry('old'), removed: entry('del') };
}

/** A name that can only mean a file directly inside a folder (and never one of our temporary names). */
export function isPlainFileName(name: string): boolean {
  return name.length > 0 && name.length <= 255 && !name.startsWith('.') && !/[\\/\0]/.test(name);
}

/** Writes a file atomically: a flushed temporary file in the same folder, renamed over the target. */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const tag = newTag();
  const p = writePaths(path, tag);
  await fs.mkdir(p.parent, { recursive: true });
  inFlight.add(tag);
  try {
    await writeFlushed(p.staged, data);
    await fs.rename(p.staged, p.target);
    await syncFolder(p.parent);
  } catch (e) {
    await fs.rm(p.staged, { force: true });
    throw e;
  } finally {
    inFlight.delete(tag);
  }
}

export interface FolderWriteOptions {
  /** Called with the target before an existing one is set aside; throwing leaves it untouched. */
  beforeReplace?: (target: string) => unknown;
}

/**
 * Replaces the folder `dir` with one holding exactly `files`. An interrupted earlier write of the same
 * folder is first finished or cleared (see recoverFolder).
 */
export async function writeFolderAtomic(dir: string, files: readonly FolderFile[], options: FolderWriteOptions = {}): Promise<void> {
  for (const f of files) if (!isPlainFileName(f.name)) throw new Error(`cannot write "${f.name}" into a folder: not a plain file name`);
  const tag = newTag();
  const p = writePaths(dir, tag);
  await fs.mkdir(p.parent, { recursive: true });
  await recoverFolder(p.target);
  inFlight.add(tag);
  try {
    let hadOld: boolean;
    await fs.mkdir(p.staged);
    try {
      for (const f of files) await writeFlushed(nodePath.join(p.staged, f.name), f.data);
      await syncFolder(p.staged);
      await syncFolder(p.parent);
      await options.beforeReplace?.(p.target);
      hadOld = await renameIfPresent(p.target, p.old);
    } catch (e) {
      await fs.rm(p.staged, { recursive: true, force: true });
      throw e;
    }
    try {
      await fs.rename(p.staged, p.target);
    } catch (e) {
      if (hadOld) await fs.rename(p.old, p.target).catch(() => undefined);
      await fs.rm(p.staged, { recursive: true, force: true });
      throw e;
    }
    await syncFolder(p.parent);
    if (hadOld) await fs.rm(p.old, { recursive: true, force: true });
  } finally {
    inFlight.delete(tag);
  }
}

/** Removes a folder: renamed away first, so that it vanishes at once, then deleted. */
export async function removeFolderAtomic(dir: string): Promise<void> {
  const tag = newTag();
  const p = writePaths(dir, tag);
  inFlight.add(tag);
  try {
    if (!(await renameIfPresent(p.target, p.removed))) return;
    await syncFolder(p.parent);
    await fs.rm(p.removed, { recursive: true, force: true });
  } finally {
    inFlight.delete(tag);
  }
}

/**
 * Finishes or clears what interrupted writes of `target` left beside it (a crash, a closed window).
 * When the target is missing and a write had set the old version aside, its staged folder is renamed in
 * (the write had got past its commit point, see the top of this file), or, without one, the old version
 * is put back. Every other leftover of the target is removed. Writes still running in this process are
 * left alone.
 */
export async function recoverFolder(target: string): Promise<void> {
  const { parent, base, target: full } = writePaths(target, '');
  const mine = (await leftovers(parent)).filter((l) => l.base === base);
  if (mine.length === 0) return;
  if (!(await exists(full))) {
    const olds = await newestFirst(parent, mine.filter((l) => l.kind === 'old'));
    const old = olds[0];
    if (old) {
      const staged = mine.find((l) => l.kind === 'tmp' && l.tag === old.tag);
      await fs.rename(nodePath.join(parent, (staged ?? old).name), full);
      await syncFolder(parent);
    }
  }
  for (const l of mine) await fs.rm(nodePath.join(parent, l.name), { recursive: true, force: true });
}

/** recoverFolder for every target in `parent` that has leftovers. */
export async function recoverFolders(parent: string): Promise<void> {
  const bases = new Set((await leftovers(parent)).map((l) => l.base));
  for (const base of bases) await recoverFolder(nodePath.join(parent, base));
}

interface Leftover { name: string; base: string; kind: LeftoverKind; tag: string }

async function leftovers(parent: string): Promise<Leftover[]> {
  let names: string[];
  try { names = await fs.readdir(parent); } catch { return []; }
  return names.flatMap((name) => {
    const m = LEFTOVER.exec(name);
    return m && !inFlight.has(m[3]) ? [{ name, base: m[1], kind: m[2] as LeftoverKind, tag: m[3] }] : [];
  });
}

async function newestFirst(parent: string, entries: Leftover[]): Promise<Leftover[]> {
  const times = await Promise.all(entries.map((l) => fs.stat(nodePath.join(parent, l.name)).then((s) => s.mtimeMs, () => -1)));
  return entries.map((l, i) => ({ l, t: times[i] })).sort((a, b) => b.t - a.t).map((x) => x.l);
}

async function exists(path: string): Promise<boolean> {
  try { await fs.lstat(path); return true; } catch { return false; }
}

/** Renames `from` to `to`; false when there is no `from`. */
async function renameIfPresent(from: string, to: string): Promise<boolean> {
  try {
    await fs.rename(from, to);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/** Writes a new file and flushes it to the disk before it is closed. */
async function writeFlushed(path: string, data: Uint8Array | string): Promise<void> {
  const handle = await fs.open(path, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Flushes a folder's entries (the names created or renamed in it). Windows cannot open a folder as a file
 * (EISDIR, EPERM, EACCES) and some file systems refuse to flush one (EINVAL, ENOTSUP): there, the rename
 * itself is all the platform offers.
 */
const NO_FOLDER_SYNC = new Set(['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'ENOTSUP', 'EBADF']);

export async function syncFolder(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch (e) {
    if (!NO_FOLDER_SYNC.has((e as NodeJS.ErrnoException).code ?? '')) throw e;
  } finally {
    await handle?.close();
  }
}
