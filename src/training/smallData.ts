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
  /** Validations in a row without improvement before training stops. */
  patience: number;
  /** Strength of the pull toward the starting weights (see the trainer's `anchor`); 0: none. */
  anchor: number;
  /** Whether the small-data regime applies. */
  small: boolean;
}

/** Below this many training bytes a fine-tune is in the small-data regime. */
export const SMALL_DATA_BYTES = 64 * 1024;

/** Parallel lanes: the requested batch size, fewer when the text is too short to fill them. */
export function lanesFor(trainBytes: number, settings: PlanSettings): number {
  return Math.max(1, Math.min(settings.batchSize, Math.floor(trainBytes / (settings.seqLength + 1) / 2)));
}

export function isSmallData(trainBytes: number): boolean {
  return trainBytes < SMALL_DATA_BYTES;
}

export function trainingPlan(trainBytes: number, settings: PlanSettings, fineTune: boolean): TrainingPlan {
  const base: TrainingPlan = {
    lanes: lanesFor(trainBytes, settings),
    learningRate: settings.learningRate,
    epochs: settings.epochs > 0 ? settings.epochs : undefined,
    evalEverySeconds: Math.max(2, Math.min(30, settings.timeBudgetSec / 8)),
    patience: 3,
    anchor: 0,
    small: false,
  };
  if (!fineTune || !isSmallData(trainBytes)) return base;
  return { ...base, small: true };
}
