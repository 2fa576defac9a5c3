// The messages exchanged by the training panel's host (extension) and its webview, with their schemas.
// Shared by both sides; no `vscode` import so the webview bundle and unit tests can use it.
import { parameterCount } from '../model/lm/architecture';
import type { CellType } from '../model/lm/types';
import { validateMessage, type Checked, type Schemas, type Shape } from './schema';

export const CELLS: readonly CellType[] = ['simpleRnn', 'lstm', 'gru'];

/** Hyperparameters of one run. Defaults live in package.json (`gruScribe.training.*`). */
export interface TrainingSettings {
  /** Wall-clock budget in seconds; training stops at whichever of budget or epochs comes first. */
  timeBudgetSec: number;
  /** Passes over the training bytes; 0 means "until the time budget". */
  epochs: number;
  learningRate: number;
  seqLength: number;
  batchSize: number;
  /** Share of the bytes held out for validation (0.05..0.5). */
  validationShare: number;
  /** Seconds between checkpoints written to the workspace's extension storage. */
  checkpointEverySec: number;
  samplePrompt: string;
}

/** Size of a model trained from scratch in comparison mode. */
export interface ScratchConfig {
  embedDim: number;
  hiddenSize: number;
  layers: number;
}

/** `auto` tries webgl, then wasm, then cpu. */
export type BackendChoice = 'auto' | 'webgl' | 'wasm' | 'cpu';
export const BACKENDS: readonly BackendChoice[] = ['auto', 'webgl', 'wasm', 'cpu'];

export type RunMode = 'finetune' | 'compare';
export type RunStatus = 'running' | 'completed' | 'stopped' | 'failed' | 'interrupted';
export type CurveKind = 'train' | 'val';

/** One file of a model folder, carried as base64 (webview messages are JSON). */
export interface FilePayload { name: string; base64: string }

/** [step, bits per byte] pairs per cell and kind. */
export type Curves = Partial<Record<CellType, { train: [number, number][]; val: [number, number][] }>>;

export interface CellResult { cell: CellType; beforeBpb?: number; afterBpb?: number; steps: number }

export interface RunSummary {
  id: string;
  mode: RunMode;
  status: RunStatus;
  startedAt: string;
  finishedAt?: string;
  cells: CellType[];
  settings: TrainingSettings;
  scratch?: ScratchConfig;
  files: number;
  bytes: number;
  baseModel: string;
  backend?: string;
  results: CellResult[];
  /** Step of the newest checkpoint per cell, for continuing an interrupted run. */
  checkpoints: Partial<Record<CellType, number>>;
  curves: Curves;
}

export interface FileSummary {
  include: string;
  files: number;
  bytes: number;
  skipped: { reason: string; count: number }[];
  examples: string[];
  /** Workspace-relative paths of the files left out because they look like secrets (the first 50). */
  secretFiles: string[];
}

// ---- host -> webview

export type HostMessage =
  | { type: 'init'; defaults: TrainingSettings; scratch: ScratchConfig; include: string; maxFileKB: number; backend: BackendChoice; model: string; runs: RunSummary[] }
  | { type: 'fileSummary'; summary: FileSummary }
  | { type: 'runData'; runId: string; index: number; last: boolean; base64: string }
  | { type: 'runModel'; runId: string; label: string; files: FilePayload[] }
  /** `documents` are the byte lengths of the files concatenated in runData, in order. */
  | { type: 'runStart'; run: RunSummary; resumeStep: number; documents: number[] }
  | { type: 'runs'; runs: RunSummary[]; model: string }
  | { type: 'checkpointSaved'; runId: string; cell: CellType; step: number }
  | { type: 'control'; action: 'pause' | 'resume' | 'stop' }
  | { type: 'error'; message: string };

// ---- webview -> host

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'scanFiles'; include: string; maxFileKB: number }
  | { type: 'start'; mode: RunMode; cells: CellType[]; settings: TrainingSettings; scratch?: ScratchConfig }
  | { type: 'continueRun'; runId: string }
  | { type: 'useModel'; runId: string; cell: CellType }
  | { type: 'backend'; runId: string; name: string }
  | { type: 'point'; runId: string; cell: CellType; kind: CurveKind; step: number; bpb: number }
  | { type: 'sample'; runId: string; cell: CellType; step: number; text: string }
  | { type: 'checkpoint'; runId: string; cell: CellType; step: number; files: FilePayload[] }
  | { type: 'finished'; runId: string; status: 'completed' | 'stopped' | 'failed'; results: CellResult[]; message?: string }
  | { type: 'log'; text: string };

/** Largest model comparison mode may train (the maxima of `gruScribe.training.scratch.*`). */
const LARGEST_SCRATCH = { cell: 'lstm', embedDim: 1024, hiddenSize: 2048, layers: 4 } as const;

/**
 * Bounds on what crosses the panel's boundary: far above what a real run produces, far below what would
 * exhaust the extension host's memory.
 */
export const LIMITS = {
  /** Run ids name folders. */
  id: 64,
  /** A log line, a sample, an error message, a glob. */
  text: 10_000,
  /** Points per cell and kind (train / val) of a run's curves; more are thinned out (see `addCurvePoint`). */
  curvePoints: 5_000,
  /** Files in a checkpoint (model.json, weights.bin, metadata.json) and their decoded bytes together. */
  checkpointFiles: 8,
  checkpointBytes: 4 * parameterCount(LARGEST_SCRATCH) + 4 * 1024 * 1024,
} as const;

/**
 * A curve of at most `max` points: while it has more, every other point is dropped (the first and the newest
 * kept), so a long run's curve keeps its shape at a lower resolution instead of growing without end.
 */
export function thinCurve(points: [number, number][], max: number = LIMITS.curvePoints): [number, number][] {
  let out = points;
  while (out.length > max) out = out.filter((_, i) => i % 2 === 0 || i === out.length - 1);
  return out;
}

/** Appends a point to a curve, thinning it (see thinCurve) when it would pass `max` points. */
export function addCurvePoint(points: [number, number][], point: [number, number], max: number = LIMITS.curvePoints): void {
  points.push(point);
  if (points.length > max) points.splice(0, points.length, ...thinCurve(points, max));
}

/** Bytes a base64 string decodes to. */
export function base64Bytes(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return Math.floor((base64.length * 3) / 4) - padding;
}

const cell = { enum: CELLS } as const;
const id = { text: LIMITS.id } as const;
const text = { text: LIMITS.text } as const;

const settingsShape: Shape = {
  timeBudgetSec: 'number', epochs: 'integer', learningRate: 'number', seqLength: 'integer',
  batchSize: 'integer', validationShare: 'number', checkpointEverySec: 'number', samplePrompt: 'string',
};
const scratchShape: Shape = { embedDim: 'integer', hiddenSize: 'integer', layers: 'integer' };
const filesShape: Shape = { name: { text: 200 }, base64: 'string' };
const curveShape: Shape = { train: { points: LIMITS.curvePoints }, val: { points: LIMITS.curvePoints } };
const curvesShape: Shape = Object.fromEntries(CELLS.map((c) => [`${c}?`, { shape: curveShape }]));
const checkpointsShape: Shape = Object.fromEntries(CELLS.map((c) => [`${c}?`, 'integer']));
const resultShape: Shape = { cell, 'beforeBpb?': 'number', 'afterBpb?': 'number', steps: 'integer' };
const runShape: Shape = {
  id: 'string', mode: { enum: ['finetune', 'compare'] },
  status: { enum: ['running', 'completed', 'stopped', 'failed', 'interrupted'] },
  startedAt: 'string', 'finishedAt?': 'string', cells: 'string[]', settings: { shape: settingsShape },
  'scratch?': { shape: scratchShape }, files: 'integer', bytes: 'integer', baseModel: 'string', 'backend?': 'string',
  results: { arrayOf: resultShape }, checkpoints: { shape: checkpointsShape }, curves: { shape: curvesShape },
};

export const hostSchemas: Schemas = {
  init: {
    defaults: { shape: settingsShape }, scratch: { shape: scratchShape }, include: 'string', maxFileKB: 'integer',
    backend: { enum: BACKENDS }, model: 'string', runs: { arrayOf: runShape },
  },
  fileSummary: {
    summary: { shape: { include: 'string', files: 'integer', bytes: 'integer', skipped: { arrayOf: { reason: 'string', count: 'integer' } }, examples: 'string[]', secretFiles: 'string[]' } },
  },
  runData: { runId: 'string', index: 'integer', last: 'boolean', base64: 'string' },
  runModel: { runId: 'string', label: 'string', files: { arrayOf: filesShape } },
  runStart: { run: { shape: runShape }, resumeStep: 'integer', documents: 'number[]' },
  runs: { runs: { arrayOf: runShape }, model: 'string' },
  checkpointSaved: { runId: 'string', cell, step: 'integer' },
  control: { action: { enum: ['pause', 'resume', 'stop'] } },
  error: { message: 'string' },
};

export const webviewSchemas: Schemas = {
  ready: {},
  scanFiles: { include: text, maxFileKB: 'integer' },
  start: { mode: { enum: ['finetune', 'compare'] }, cells: 'string[]', settings: { shape: settingsShape }, 'scratch?': { shape: scratchShape } },
  continueRun: { runId: id },
  useModel: { runId: id, cell },
  backend: { runId: id, name: text },
  point: { runId: id, cell, kind: { enum: ['train', 'val'] }, step: 'integer', bpb: 'number' },
  sample: { runId: id, cell, step: 'integer', text },
  checkpoint: { runId: id, cell, step: 'integer', files: { arrayOf: filesShape, max: LIMITS.checkpointFiles } },
  finished: { runId: id, status: { enum: ['completed', 'stopped', 'failed'] }, results: { arrayOf: resultShape, max: CELLS.length }, 'message?': text },
  log: { text },
};

export function checkHostMessage(raw: unknown): Checked<HostMessage> {
  return validateMessage<HostMessage>(raw, hostSchemas);
}

/** Validates shape, then the value ranges a schema cannot express. */
export function checkWebviewMessage(raw: unknown): Checked<WebviewMessage> {
  const checked = validateMessage<WebviewMessage>(raw, webviewSchemas);
  if (!checked.ok) return checked;
  const m = checked.message;
  if (m.type === 'start') {
    if (!m.cells.every((c) => (CELLS as readonly string[]).includes(c)) || m.cells.length === 0) {
      return { ok: false, error: 'start.cells must list simpleRnn, lstm or gru' };
    }
    const err = settingsRangeError(m.settings) ?? (m.scratch && scratchRangeError(m.scratch));
    if (err) return { ok: false, error: err };
  }
  if (m.type === 'scanFiles' && (m.maxFileKB < 1 || m.maxFileKB > 1_000_000)) {
    return { ok: false, error: 'scanFiles.maxFileKB must be between 1 and 1000000' };
  }
  if (m.type === 'checkpoint') {
    if (m.files.some((f) => !isSafeFileName(f.name))) return { ok: false, error: 'checkpoint file names must be plain names' };
    const bytes = m.files.reduce((sum, f) => sum + base64Bytes(f.base64), 0);
    if (bytes > LIMITS.checkpointBytes) return { ok: false, error: `checkpoint files must hold at most ${LIMITS.checkpointBytes} bytes` };
  }
  return checked;
}

/** A model folder holds flat files only: no separators, no dot-files, nothing that could escape the folder. */
export function isSafeFileName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$/.test(name) && !name.includes('..');
}

const RANGES: Record<keyof Omit<TrainingSettings, 'samplePrompt'>, [number, number]> = {
  timeBudgetSec: [1, 7 * 24 * 3600],
  epochs: [0, 10_000],
  learningRate: [1e-6, 1],
  seqLength: [2, 1024],
  batchSize: [1, 1024],
  validationShare: [0.01, 0.5],
  checkpointEverySec: [1, 24 * 3600],
};

export function settingsRangeError(s: TrainingSettings): string | undefined {
  for (const [k, [lo, hi]] of Object.entries(RANGES)) {
    const v = s[k as keyof typeof RANGES];
    if (v < lo || v > hi) return `${k} must be between ${lo} and ${hi}`;
  }
  if (s.samplePrompt.length > 200) return 'samplePrompt must be at most 200 characters';
  return undefined;
}

export function scratchRangeError(s: ScratchConfig): string | undefined {
  if (s.embedDim < 1 || s.embedDim > 1024) return 'embedDim must be between 1 and 1024';
  if (s.hiddenSize < 1 || s.hiddenSize > 2048) return 'hiddenSize must be between 1 and 2048';
  if (s.layers < 1 || s.layers > 4) return 'layers must be between 1 and 4';
  return undefined;
}
