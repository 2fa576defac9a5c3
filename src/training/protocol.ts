// The messages exchanged by the training panel's host (extension) and its webview, with their schemas.
// Shared by both sides; no `vscode` import so the webview bundle and unit tests can use it.
import { parameterCount } from '../model/lm/architecture';
import type { CellType } from '../model/lm/types';
import { validateMessage, type Checked, type Infer, type MessageOf, type Schemas, type Shape } from '../panels/schema';

export const CELLS = ['simpleRnn', 'lstm', 'gru'] as const satisfies readonly CellType[];

/** `auto` tries webgl, then wasm, then cpu. */
export const BACKENDS = ['auto', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];

const MODES = ['finetune', 'compare'] as const;
export type RunMode = (typeof MODES)[number];
const STATUSES = ['running', 'completed', 'stopped', 'failed', 'interrupted'] as const;
export type RunStatus = (typeof STATUSES)[number];
const KINDS = ['train', 'val'] as const;
export type CurveKind = (typeof KINDS)[number];

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

const cell = { enum: CELLS } as const;
const id = { text: LIMITS.id } as const;
const text = { text: LIMITS.text } as const;

/** Hyperparameters of one run. Defaults live in package.json (`gruScribe.training.*`). */
const settingsShape = {
  /** Wall-clock budget in seconds; training stops at whichever of budget or epochs comes first. */
  timeBudgetSec: 'number',
  /** Passes over the training bytes; 0 means "until the time budget". */
  epochs: 'integer',
  learningRate: 'number',
  seqLength: 'integer',
  batchSize: 'integer',
  /** Share of the bytes held out for validation (0.05..0.5). */
  validationShare: 'number',
  /** Seconds between checkpoints written to the workspace's extension storage. */
  checkpointEverySec: 'number',
  samplePrompt: 'string',
} as const satisfies Shape;
export type TrainingSettings = Infer<typeof settingsShape>;

/** Size of a model trained from scratch in comparison mode. */
const scratchShape = { embedDim: 'integer', hiddenSize: 'integer', layers: 'integer' } as const satisfies Shape;
export type ScratchConfig = Infer<typeof scratchShape>;

/** One file of a model folder, its bytes as they are. */
const fileShape = { name: { text: 200 }, data: 'bytes' } as const satisfies Shape;
export type ModelFilePayload = Infer<typeof fileShape>;

const curveShape = { train: { points: LIMITS.curvePoints }, val: { points: LIMITS.curvePoints } } as const satisfies Shape;
/** [step, bits per byte] pairs per cell and kind. */
const curvesShape = { 'simpleRnn?': { shape: curveShape }, 'lstm?': { shape: curveShape }, 'gru?': { shape: curveShape } } as const satisfies Shape;
export type Curves = Infer<typeof curvesShape>;

const resultShape = {
  cell,
  /** Validation bits per byte of the starting weights. */
  'beforeBpb?': 'number',
  /** ... of the weights kept: those that validated best. */
  'afterBpb?': 'number',
  /** ... of the last weights, when they are not the ones kept. */
  'lastBpb?': 'number',
  /** Step of the weights kept. */
  'bestStep?': 'integer',
  steps: 'integer',
  /** Why training ended before its budget, when it did: validation stopped improving. */
  'earlyStop?': 'boolean',
} as const satisfies Shape;
export type CellResult = Infer<typeof resultShape>;

const runShape = {
  id: 'string', mode: { enum: MODES }, status: { enum: STATUSES },
  startedAt: 'string', 'finishedAt?': 'string', cells: { enumList: CELLS }, settings: { shape: settingsShape },
  'scratch?': { shape: scratchShape }, files: 'integer', bytes: 'integer', baseModel: 'string', 'backend?': 'string',
  /** Validation bits per byte of the model completions used when the run started (a fine-tune's yardstick). */
  'baselineBpb?': 'number',
  results: { arrayOf: resultShape },
  /** Step of the newest checkpoint per cell, for continuing an interrupted run. */
  checkpoints: { shape: { 'simpleRnn?': 'integer', 'lstm?': 'integer', 'gru?': 'integer' } },
  curves: { shape: curvesShape },
} as const satisfies Shape;
export type RunSummary = Infer<typeof runShape>;

const fileSummaryShape = {
  include: 'string', files: 'integer', bytes: 'integer', skipped: { arrayOf: { reason: 'string', count: 'integer' } },
  examples: 'string[]',
  /** Workspace-relative paths of the files left out because they look like secrets (the first 50). */
  secretFiles: 'string[]',
} as const satisfies Shape;
export type FileSummary = Infer<typeof fileSummaryShape>;

/** host -> webview */
export const hostSchemas = {
  init: {
    defaults: { shape: settingsShape }, scratch: { shape: scratchShape }, include: 'string', maxFileKB: 'integer',
    backend: { enum: BACKENDS }, model: 'string', runs: { arrayOf: runShape },
  },
  fileSummary: { summary: { shape: fileSummaryShape } },
  /** The training files, in order, a batch of whole files per message. */
  runData: { runId: 'string', index: 'integer', last: 'boolean', files: 'bytes[]' },
  runModel: { runId: 'string', label: 'string', files: { arrayOf: fileShape } },
  runStart: { run: { shape: runShape }, resumeStep: 'integer' },
  runs: { runs: { arrayOf: runShape }, model: 'string' },
  checkpointSaved: { runId: 'string', cell, step: 'integer' },
  /** After a fine-tune: whether completions switched to its model, and the two validation figures compared. */
  verdict: { runId: 'string', cell, switched: 'boolean', 'beforeBpb?': 'number', 'afterBpb?': 'number', model: 'string' },
  error: { message: 'string' },
} as const satisfies Schemas;
export type HostMessage = MessageOf<typeof hostSchemas>;

/** webview -> host */
export const webviewSchemas = {
  ready: {},
  scanFiles: { include: text, maxFileKB: 'integer' },
  start: { mode: { enum: MODES }, cells: { enumList: CELLS }, settings: { shape: settingsShape }, 'scratch?': { shape: scratchShape } },
  continueRun: { runId: id },
  useModel: { runId: id, cell },
  backend: { runId: id, name: text },
  point: { runId: id, cell, kind: { enum: KINDS }, step: 'integer', bpb: 'number' },
  checkpoint: { runId: id, cell, step: 'integer', files: { arrayOf: fileShape, max: LIMITS.checkpointFiles } },
  finished: { runId: id, status: { enum: ['completed', 'stopped', 'failed'] }, results: { arrayOf: resultShape, max: CELLS.length }, 'message?': text },
} as const satisfies Schemas;
export type WebviewMessage = MessageOf<typeof webviewSchemas>;

export function checkHostMessage(raw: unknown): Checked<HostMessage> {
  return validateMessage(raw, hostSchemas);
}

/** Validates shape, then the value ranges a schema cannot express. */
export function checkWebviewMessage(raw: unknown): Checked<WebviewMessage> {
  const checked = validateMessage(raw, webviewSchemas);
  if (!checked.ok) return checked;
  const m = checked.message;
  if (m.type === 'start') {
    if (m.cells.length === 0) {
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
    const bytes = m.files.reduce((sum, f) => sum + f.data.byteLength, 0);
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
