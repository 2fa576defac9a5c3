// The corpus manifest (written by scripts/corpus.ts, read by scripts/train-lm.ts) and where corpora live.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { SOURCES, type Kind, type Source } from './sources';

export interface CorpusFile { path: string; kind: Kind; split: 'train' | 'heldout'; source: string; bytes: number; sha256: string }
export interface CorpusManifest {
  id: string;
  sources: { kind: Kind; source: string; globs: string[]; exclude?: string[]; heldOut?: string[] | true; convert?: string; maxBytes?: number;
    train: { files: number; bytes: number }; heldout: { files: number; bytes: number } }[];
  shares: Record<string, { train: number; heldout: number; share: number }>;
  files: CorpusFile[];
  duplicatesDropped: number;
}

/** The id of a source list: a build of the same list gives the same files (checked against the manifest's hashes). */
export function sourcesId(sources: Source[]): string {
  return createHash('sha256').update(JSON.stringify(sources)).digest('hex').slice(0, 12);
}

/** The manifest of the corpus in `dir`, with the command to build one when there is none. */
export function readManifest(dir: string): CorpusManifest {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) throw new Error(`no corpus in ${dir}: run \`npm run corpus\` first`);
  return JSON.parse(readFileSync(path, 'utf8')) as CorpusManifest;
}

/** Where a manifest's file (a '/'-separated path) is on this machine. */
export function corpusFilePath(dir: string, file: Pick<CorpusFile, 'path'>): string {
  return join(dir, ...file.path.split('/'));
}

/** The project's cache folder: $GRU_SCRIBE_CACHE, else gru-scribe in $XDG_CACHE_HOME or ~/.cache. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.GRU_SCRIBE_CACHE || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'gru-scribe');
}

export function defaultCorpusDir(): string {
  return join(cacheRoot(), 'corpus', sourcesId(SOURCES));
}

