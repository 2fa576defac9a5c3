// Where `train-lm --out DIR` may write. Saving replaces DIR whole, so DIR must be new, empty, or a model
// folder (replaced only with --force), and never a folder whose loss would be a disaster: the root of a
// drive, the home folder, the current folder or one above it, or a folder holding an input of the run.
import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import * as nodePath from 'node:path';
import { recoverFolder } from '../fs/atomicWrite';
import { isInside } from '../fs/paths';
import { inspectFolder, listNames } from '../model/lm/folder';
import { CliError } from './args';

type PathApi = Pick<typeof nodePath, 'relative' | 'isAbsolute' | 'sep' | 'parse'>;

/** Absolute, links resolved, paths the target is compared with. */
export interface OutContext {
  cwd: string;
  home: string;
  /** The run's input files and the model folder it starts from. */
  inputs: readonly string[];
}

/** Why `target` must not be written to, or undefined. Pure, so that it can be tested with path.win32. */
export function forbiddenOut(target: string, ctx: OutContext, path: PathApi = nodePath): string | undefined {
  if (path.parse(target).root === target) return 'is the root of a drive or of the file system';
  if (path.relative(target, ctx.cwd) === '') return 'is the current folder';
  if (isInside(target, ctx.cwd, path)) return `contains the current folder (${ctx.cwd})`;
  if (path.relative(target, ctx.home) === '') return 'is the home folder';
  const input = ctx.inputs.find((i) => isInside(target, i, path));
  if (input !== undefined) return `${path.relative(target, input) === '' ? 'is' : 'contains'} ${input}, an input of this run`;
  return undefined;
}

/** The path with every link in its existing part resolved (the rest, not created yet, appended). */
function canonical(path: string): string {
  const missing: string[] = [];
  for (let at = nodePath.resolve(path); ; at = nodePath.dirname(at)) {
    try {
      return nodePath.join(realpathSync.native(at), ...missing.reverse());
    } catch {
      if (nodePath.dirname(at) === at) return nodePath.resolve(path);
      missing.push(nodePath.basename(at));
    }
  }
}

/** Throws a CliError (exit code 2) unless a model may be written to `out`. */
export async function checkOutFolder(out: string, options: { inputs: readonly string[]; force: boolean }): Promise<void> {
  const fail = (why: string) => new CliError(`--out ${out} ${why}; choose another folder`);
  const why = forbiddenOut(canonical(out), { cwd: canonical(process.cwd()), home: canonical(homedir()), inputs: options.inputs.map(canonical) });
  if (why) throw fail(why);
  // A save of this folder that a crash interrupted is finished (or undone) first, so the check sees it whole.
  await recoverFolder(out);
  const state = await inspectFolder(out);
  if (state.kind === 'notFolder') throw fail('exists and is not a folder');
  if (state.kind === 'other') throw fail(`is not a model folder (it holds ${listNames(state.names)}), and only model folders are replaced`);
  if (state.kind === 'model' && !options.force) throw new CliError(`--out ${out} holds a model already; pass --force to replace it`);
}
