// Chooses the workspace files to train on. Reads only: nothing in the workspace is ever written.
import * as vscode from 'vscode';
import { excludeGlob, judgeByContent, judgeByName, type SkipReason } from './fileRules';
import { GitignoreRules } from './gitignore';
import type { FileSummary } from './protocol';

export interface SelectionOptions {
  /** Glob relative to each workspace folder, e.g. `**\/*.{ts,md}`. */
  include: string;
  /** Files larger than this are skipped. */
  maxFileBytes: number;
  /** Reading stops once this many bytes were kept (the rest are counted as skipped). */
  maxTotalBytes: number;
  /** The extension's own excludes (`gruScribe.training.exclude`), on top of the editor's. */
  extraExclude?: Record<string, boolean>;
}

export interface SelectedFile { uri: vscode.Uri; path: string; bytes: Uint8Array }

export interface Selection { files: SelectedFile[]; summary: FileSummary }

type Reason = SkipReason | 'over total limit';

/** Finds, filters and reads the training files of every workspace folder. */
export async function selectTrainingFiles(opts: SelectionOptions, token?: vscode.CancellationToken): Promise<Selection> {
  const skipped = new Map<Reason, number>();
  const skip = (r: Reason) => skipped.set(r, (skipped.get(r) ?? 0) + 1);
  const files: SelectedFile[] = [];
  let total = 0;

  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const exclude = excludeFor(folder, opts.extraExclude);
    const gitignore = await readGitignores(folder, exclude);
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, opts.include), exclude, undefined, token);
    found.sort((a, b) => a.path.localeCompare(b.path));
    for (const uri of found) {
      if (token?.isCancellationRequested) break;
      const path = vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
      const relInFolder = uri.path.slice(folder.uri.path.replace(/\/$/, '').length + 1);
      if (gitignore.ignores(relInFolder)) { skip('gitignored'); continue; }
      let size: number;
      try { size = (await vscode.workspace.fs.stat(uri)).size; } catch { skip('unreadable'); continue; }
      const byName = judgeByName(path, size, opts.maxFileBytes);
      if (!byName.keep) { skip(byName.reason!); continue; }
      if (total + size > opts.maxTotalBytes) { skip('over total limit'); continue; }
      let bytes: Uint8Array;
      try { bytes = await vscode.workspace.fs.readFile(uri); } catch { skip('unreadable'); continue; }
      const byContent = judgeByContent(bytes);
      if (!byContent.keep) { skip(byContent.reason!); continue; }
      files.push({ uri, path, bytes });
      total += bytes.length;
    }
  }
  return {
    files,
    summary: {
      include: opts.include,
      files: files.length,
      bytes: total,
      skipped: [...skipped].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count),
      examples: files.slice(0, 8).map((f) => f.path),
    },
  };
}

/**
 * `files.exclude` + `search.exclude` + our own excludes, as one glob. findFiles applies only files.exclude
 * by default, and an explicit exclude replaces it, so all are combined here.
 */
function excludeFor(folder: vscode.WorkspaceFolder, extra?: Record<string, boolean>): string | undefined {
  const filesExclude = vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, unknown>>('exclude');
  const searchExclude = vscode.workspace.getConfiguration('search', folder.uri).get<Record<string, unknown>>('exclude');
  return excludeGlob(filesExclude, searchExclude, extra);
}

/** Every .gitignore in the folder (outside excluded folders) plus `.git/info/exclude`. */
async function readGitignores(folder: vscode.WorkspaceFolder, exclude: string | undefined): Promise<GitignoreRules> {
  const rules = new GitignoreRules();
  const decoder = new TextDecoder();
  const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/.gitignore'), exclude);
  uris.push(vscode.Uri.joinPath(folder.uri, '.git', 'info', 'exclude'));
  for (const uri of uris) {
    let text: string;
    try { text = decoder.decode(await vscode.workspace.fs.readFile(uri)); } catch { continue; }
    const rel = uri.path.slice(folder.uri.path.replace(/\/$/, '').length + 1);
    const dir = rel.endsWith('.git/info/exclude') ? '' : rel.slice(0, Math.max(0, rel.lastIndexOf('/')));
    rules.add(dir, text);
  }
  return rules;
}
