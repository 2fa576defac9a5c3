// Chooses the workspace files to train on. Reads only: nothing in the workspace is ever written.
import { realpath } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { excludeGlob, judgeByContent, judgeByName, type SkipReason } from './fileRules';
import { GitignoreRules } from './gitignore';
import type { FileSummary } from './protocol';
import { linkProblem } from './realPaths';
import { SECRET_REASON } from './secrets';

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

/** At most this many names of files that look like secrets go into the summary the panel lists. */
const MAX_SECRET_NAMES = 50;

/** Finds, filters and reads the training files of every workspace folder. */
export async function selectTrainingFiles(opts: SelectionOptions, token?: vscode.CancellationToken): Promise<Selection> {
  const skipped = new Map<Reason, number>();
  const secretFiles: string[] = [];
  const skip = (r: Reason, path: string) => {
    skipped.set(r, (skipped.get(r) ?? 0) + 1);
    if (r === SECRET_REASON && secretFiles.length < MAX_SECRET_NAMES) secretFiles.push(path);
  };
  const files: SelectedFile[] = [];
  let total = 0;

  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const exclude = excludeFor(folder, opts.extraExclude);
    const gitignore = await readGitignores(folder, exclude);
    const links = await linkRule(folder);
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, opts.include), exclude, undefined, token);
    found.sort((a, b) => a.path.localeCompare(b.path));
    for (const uri of found) {
      if (token?.isCancellationRequested) break;
      const path = vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
      const relInFolder = uri.path.slice(folder.uri.path.replace(/\/$/, '').length + 1);
      if (gitignore.ignores(relInFolder)) { skip('gitignored', path); continue; }
      let size: number;
      try {
        const stat = await vscode.workspace.fs.stat(uri);
        const viaLink = await links(uri, relInFolder, stat);
        if (viaLink) { skip(viaLink, path); continue; }
        size = stat.size;
      } catch { skip('unreadable', path); continue; }
      const byName = judgeByName(path, size, opts.maxFileBytes);
      if (!byName.keep) { skip(byName.reason!, path); continue; }
      if (total + size > opts.maxTotalBytes) { skip('over total limit', path); continue; }
      let bytes: Uint8Array;
      try { bytes = await vscode.workspace.fs.readFile(uri); } catch { skip('unreadable', path); continue; }
      const byContent = judgeByContent(bytes, path);
      if (!byContent.keep) { skip(byContent.reason!, path); continue; }
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
      secretFiles,
    },
  };
}

type LinkCheck = (uri: vscode.Uri, relInFolder: string, stat: vscode.FileStat) => Promise<SkipReason | undefined>;

/**
 * Why a found file must not be read because of a symbolic link (undefined: it may be read). Links are
 * followed as the editor's own `search.followSymlinks` says, and only to files inside the workspace folder.
 * Outside the local file system, where real paths are unknown, links are not read.
 */
async function linkRule(folder: vscode.WorkspaceFolder): Promise<LinkCheck> {
  const follow = vscode.workspace.getConfiguration('search', folder.uri).get<boolean>('followSymlinks', true);
  if (folder.uri.scheme !== 'file') {
    return async (_uri, _rel, stat) => ((stat.type & vscode.FileType.SymbolicLink) !== 0 ? 'symbolic link' : undefined);
  }
  const folderReal = await realpath(folder.uri.fsPath);
  return async (uri, relInFolder) => linkProblem(folderReal, join(folderReal, ...relInFolder.split('/')), await realpath(uri.fsPath), follow);
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
