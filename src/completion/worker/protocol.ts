// Messages between the extension host (client) and the language-model worker thread.
// No vscode import: the worker bundle includes this file.
import type { SurprisingLine } from '../../model/lm/surprisingLines';
import type { SuggestOptions } from '../engine/suggest';
import type { CharacterDetail, InsideWindow } from '../../model/inside/view';

/** Which model completions use: the workspace's fine-tuned one, or the one shipped with the extension. */
export type ModelKind = 'fine-tuned' | 'bundled';

export interface ModelCandidate {
  kind: ModelKind;
  dir: string;
}

/** One replaced range of a document, in UTF-16 offsets of the text before the change. */
export interface TextEdit {
  offset: number;
  removed: number;
  inserted: number;
}

export type ToWorker =
  /** Load the first candidate that loads; later ones are fallbacks. `adaptation`: dynamic evaluation on. */
  | { type: 'load'; id: number; candidates: ModelCandidate[]; adaptation: boolean }
  | { type: 'edit'; uri: string; edits: TextEdit[] }
  | { type: 'close'; uri: string }
  /**
   * `text` is the document from `windowStart` (a UTF-16 offset) up to the cursor; `lineSuffix` is the rest of
   * the cursor's line. The request is stale as soon as the shared control word no longer holds `id`.
   */
  | { type: 'complete'; id: number; uri: string; windowStart: number; text: string; lineSuffix: string; options: SuggestOptions }
  | { type: 'stats'; id: number }
  /** "Look Inside the Model": read a window of text (`key`: its document and start), or one character's details. */
  | { type: 'inside'; id: number; key: string; text: string; units: number[] }
  | { type: 'insideDetail'; id: number; key: string; index: number; unit?: number }
  /** The unusually surprising lines of a whole document; a newer request for the same `uri` makes it stale. */
  | { type: 'surprise'; id: number; uri: string; text: string }
  /** Dynamic evaluation on or off (on when never sent); off drops every document's adapted weights. */
  | { type: 'adaptation'; on: boolean }
  /** Bits per byte of `text` read from a fresh state with the weights the document `uri` has now (tests). */
  | { type: 'score'; id: number; uri: string; text: string };

export interface LoadedModel {
  kind: ModelKind;
  dir: string;
  /** Set when a preferred candidate could not be loaded and a fallback was used. */
  warning?: string;
  /** Set when the model's memory of its training files was left out (the model itself loaded). */
  memoryWarning?: string;
  /** A short description for the status bar tooltip, e.g. "GRU 256, 1 layer". */
  description: string;
}

export interface CompletionTimings {
  /** Bytes of document text read into the model for this request (0 when the state was cached). */
  fedBytes: number;
  feedMs: number;
  generateMs: number;
}

export interface WorkerStats {
  documents: number;
  snapshots: number;
  heapUsed: number;
  tensors: number;
  /** Dynamic evaluation: whether it is on, documents adapting, bytes they read, steps taken and waiting, memory held. */
  adaptation: { on: boolean; documents: number; bytesRead: number; steps: number; pendingSegments: number; bytes: number };
}

export type FromWorker =
  | { type: 'loaded'; id: number; model: LoadedModel }
  | { type: 'loadFailed'; id: number; error: string }
  | { type: 'completion'; id: number; text: string; alternatives?: string[]; cancelled: boolean; timings: CompletionTimings }
  | { type: 'completionFailed'; id: number; error: string }
  | { type: 'stats'; id: number; stats: WorkerStats }
  | { type: 'inside'; id: number; window: InsideWindow }
  | { type: 'insideDetail'; id: number; detail: CharacterDetail }
  | { type: 'insideFailed'; id: number; error: string }
  | { type: 'surprise'; id: number; lines: SurprisingLine[]; cancelled: boolean }
  | { type: 'surpriseFailed'; id: number; error: string }
  | { type: 'score'; id: number; bitsPerByte: number }
  | { type: 'scoreFailed'; id: number; error: string };

/** Index in the shared Int32Array that holds the id of the newest completion request. */
export const LATEST_REQUEST = 0;

/**
 * Lines longer than this get no suggestion: such a line is minified code or data, where a suggestion
 * is useless, and every request on it would copy and scan the whole line.
 */
export const MAX_LINE_CHARS = 10_000;
/**
 * What a request carries of the text after the cursor. A suggestion is at most 1,024 bytes (the
 * maxBytes setting's limit), so the text beyond this cannot change it.
 */
export const MAX_SUFFIX_CHARS = 2_048;
