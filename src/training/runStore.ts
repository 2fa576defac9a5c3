// Training runs and fine-tuned models in the workspace's extension storage (never in the workspace):
//   <storage>/models/current/              the model completions use (absent = the bundled model)
//   <storage>/runs/<id>/run.json           settings, status, results
//   <storage>/runs/<id>/curve.json         loss curves (bits per byte)
//   <storage>/runs/<id>/model/<cell>/      newest checkpoint of each cell trained in the run
// Every write goes through ../fs/atomicWrite, so a crash or a closed window leaves either the old or the new
// version, never half of one, and what an interrupted write left is recovered when runs are listed.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { recoverFolders, removeFolderAtomic, writeFileAtomic, writeFolderAtomic } from '../fs/atomicWrite';
import type { ModelFile } from '../model/lm/modelCheck';
import type { CellType } from '../model/lm/types';
import { isSafeFileName, thinCurve, type Curves, type RunSummary } from './protocol';

export type { ModelFile } from '../model/lm/modelCheck';

/**
 * The files of a model folder, or undefined when it does not exist. A folder swapped by a writer while it is
 * being read is read again, so the files returned always belong to one version.
 */
export async function readFolder(dir: string, attempts = 10): Promise<ModelFile[] | undefined> {
  for (let i = 0; ; i++) {
    try {
      return await readFolderOnce(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || i + 1 >= attempts) throw e;
    }
  }
}

async function readFolderOnce(dir: string): Promise<ModelFile[] | undefined> {
  let names: string[];
  try { names = await fs.readdir(dir); } catch { return undefined; }
  const before = (await fs.stat(dir)).ino;
  const files: ModelFile[] = [];
  for (const name of names.filter(isSafeFileName).sort()) {
    const stat = await fs.stat(join(dir, name));
    if (stat.isFile()) files.push({ name, data: new Uint8Array(await fs.readFile(join(dir, name))) });
  }
  // Same folder from start to end (a swap renames a new folder in): otherwise read again.
  if ((await fs.stat(dir)).ino !== before) throw Object.assign(new Error('model folder replaced while reading'), { code: 'ENOENT' });
  return files;
}

export class RunStore {
  constructor(readonly root: string) {}

  get currentModelDir(): string { return join(this.root, 'models', 'current'); }
  runDir(id: string): string { return join(this.root, 'runs', safeId(id)); }
  checkpointDir(id: string, cell: CellType): string { return join(this.runDir(id), 'model', cell); }

  /** A new, sortable run id. */
  static newId(now = new Date()): string {
    return now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '') + '-' + randomBytes(2).toString('hex');
  }

  async saveRun(run: RunSummary): Promise<void> {
    const { curves, ...rest } = run;
    await writeFileAtomic(join(this.runDir(run.id), 'run.json'), JSON.stringify(rest, null, 2) + '\n');
    await this.saveCurves(run.id, curves);
  }

  async saveCurves(id: string, curves: Curves): Promise<void> {
    await writeFileAtomic(join(this.runDir(id), 'curve.json'), JSON.stringify(curves) + '\n');
  }

  async saveCheckpoint(id: string, cell: CellType, files: ModelFile[]): Promise<void> {
    await writeFolderAtomic(this.checkpointDir(id, cell), files);
  }

  readCheckpoint(id: string, cell: CellType): Promise<ModelFile[] | undefined> {
    return readFolder(this.checkpointDir(id, cell));
  }

  /** Makes a run's checkpoint the model completions use. */
  async activate(id: string, cell: CellType): Promise<void> {
    const files = await readFolder(this.checkpointDir(id, cell));
    if (!files?.length) throw new Error(`run ${id} has no ${cell} checkpoint`);
    await writeFolderAtomic(this.currentModelDir, files);
  }

  async setCurrentModel(files: ModelFile[]): Promise<void> {
    await writeFolderAtomic(this.currentModelDir, files);
  }

  /** Back to the bundled model: the current folder is removed (by rename first, so it vanishes at once). */
  async clearCurrentModel(): Promise<void> {
    await removeFolderAtomic(this.currentModelDir);
  }

  /** Finishes or clears writes of the current model that a crash or a closed window interrupted. */
  async recoverCurrentModel(): Promise<void> {
    await recoverFolders(join(this.root, 'models'));
  }

  /**
   * Every run, newest first, with its curves. A run still marked running belongs to a window that
   * closed mid-run: it is reported as interrupted (its checkpoints remain usable).
   */
  async listRuns(activeIds: ReadonlySet<string> = new Set()): Promise<RunSummary[]> {
    const runsDir = join(this.root, 'runs');
    await this.recoverCurrentModel();
    let ids: string[];
    try { ids = await fs.readdir(runsDir); } catch { return []; }
    const runs: RunSummary[] = [];
    for (const id of ids.filter((n) => !n.startsWith('.')).sort().reverse()) {
      await recoverFolders(join(runsDir, id));
      await recoverFolders(join(runsDir, id, 'model'));
      try {
        const run = JSON.parse(await fs.readFile(join(runsDir, id, 'run.json'), 'utf8')) as RunSummary;
        let curves: Curves = {};
        try { curves = JSON.parse(await fs.readFile(join(runsDir, id, 'curve.json'), 'utf8')) as Curves; } catch { /* no points yet */ }
        // Curves saved before they were bounded can be longer than the panel accepts.
        for (const c of Object.values(curves)) if (c) { c.train = thinCurve(c.train ?? []); c.val = thinCurve(c.val ?? []); }
        if (run.status === 'running' && !activeIds.has(run.id)) run.status = 'interrupted';
        runs.push({ ...run, curves });
      } catch {
        // An unreadable run is left on disk for inspection but not shown.
      }
    }
    return runs;
  }

  async deleteRun(id: string): Promise<void> {
    await fs.rm(this.runDir(id), { recursive: true, force: true });
  }
}

function safeId(id: string): string {
  if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) throw new Error(`invalid run id "${id}"`);
  return id;
}
