// How the training panel trains on the bytes it is given: the requested settings, except on small data,
// where a fine-tune overfits within seconds (see docs/BENCHMARKS.md, "Fine-tuning on small folders").
// vscode-free: the webview plans its run with it and the panel warns before the run with the same threshold.

export interface PlanSettings {
  timeBudgetSec: number;
  epochs: number;
  learningRate: number;
  seqLength: number;
  batchSize: number;
}

export interface TrainingPlan {
  lanes: number;
  learningRate: number;
  /** Passes over the training bytes; undefined: until the time budget. */
  epochs?: number;
  evalEverySeconds: number;
  /** When set, validation every this many steps instead. */
  evalEverySteps?: number;
  /** Stop after this many steps (the benchmark's fixed-length runs). */
  maxSteps?: number;
  /** Validations in a row without improvement before training stops. */
  patience: number;
  /** Strength of the pull toward the starting weights (see the trainer's `anchor`); 0: none. */
  anchor: number;
  /** Whether the small-data regime applies. */
  small: boolean;
}

/**
 * Below this many bytes of selected files a fine-tune is in the small-data regime: measured on folders of
 * 4, 8 and 16 KB, the lower learning rate does better on held-out text up to 8 KB (even on average there)
 * and worse at 16 KB on every source (BENCHMARKS, "Fine-tuning on small folders").
 */
export const SMALL_DATA_BYTES = 16 * 1024;
/** The learning rate there, as a share of the one set: 0.001 becomes 0.0003, which overfit least (BENCHMARKS). */
export const SMALL_DATA_LEARNING_RATE_SHARE = 0.3;
/** Validation there every this many steps: a few steps are an epoch, so waiting seconds would miss the best weights. */
export const SMALL_DATA_EVAL_STEPS = 4;

/** Parallel lanes: the requested batch size, fewer when the text is too short to fill them. */
export function lanesFor(trainBytes: number, settings: PlanSettings): number {
  return Math.max(1, Math.min(settings.batchSize, Math.floor(trainBytes / (settings.seqLength + 1) / 2)));
}

export function isSmallData(selectedBytes: number): boolean {
  return selectedBytes < SMALL_DATA_BYTES;
}

/** `selectedBytes`: the files the panel selected (what it showed before the run); `trainBytes`: their training split. */
export function trainingPlan(selectedBytes: number, trainBytes: number, settings: PlanSettings, fineTune: boolean): TrainingPlan {
  const base: TrainingPlan = {
    lanes: lanesFor(trainBytes, settings),
    learningRate: settings.learningRate,
    epochs: settings.epochs > 0 ? settings.epochs : undefined,
    evalEverySeconds: Math.max(2, Math.min(30, settings.timeBudgetSec / 8)),
    patience: 3,
    anchor: 0,
    small: false,
  };
  if (!fineTune || !isSmallData(selectedBytes)) return base;
  return { ...base, small: true, learningRate: settings.learningRate * SMALL_DATA_LEARNING_RATE_SHARE, evalEverySteps: SMALL_DATA_EVAL_STEPS };
}
