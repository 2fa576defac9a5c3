// The extension host's side of the sentiment worker: starts it on first use (and again after a crash,
// see ../workerSupervisor), streams an analysis's results back through callbacks, and cancels. A worker
// that does not stop within a few seconds of a cancel is stuck (the work between its checks for a cancel
// is bounded): it is replaced, and the analysis ends as cancelled.
import { Worker } from 'node:worker_threads';
import { type RestartPolicy, WorkerSupervisor } from '../workerSupervisor';
import type { AnalyzeRequest, FromWorker, ModelDirs, NeutralBands, ScoredSpan, SentenceSteps, SkippedSpan, ToWorker } from './protocol';

export interface AnalysisCallbacks {
  onPlan(sentences: number, skipped: SkippedSpan[]): void;
  onResults(scored: ScoredSpan[], skipped: SkippedSpan[]): void;
}

/** How long a worker may take to acknowledge a cancel before it is replaced. */
export const CANCEL_GRACE_MS = 5_000;

interface LoadedModels {
  /** Each language's neutral band, as its model was trained with. */
  neutralBands: NeutralBands;
}

export class SentimentWorkerClient {
  private readonly worker: WorkerSupervisor<ToWorker, FromWorker>;
  private loaded: Promise<LoadedModels> | undefined;
  /** Analyses under way, and whether each was asked to stop: then it ends as cancelled, however the worker ends it. */
  private readonly running = new Map<number, { cancelled: boolean }>();
  private readonly cancelGraceMs: number;

  constructor(private readonly workerPath: string, private readonly modelDirs: ModelDirs, options: {
    cancelGraceMs?: number;
    /** Told once if the worker crashes again and again. */
    onKeepsCrashing?: (error: Error) => void;
    restartPolicy?: Partial<RestartPolicy>;
  } = {}) {
    this.cancelGraceMs = options.cancelGraceMs ?? CANCEL_GRACE_MS;
    this.worker = new WorkerSupervisor<ToWorker, FromWorker>({
      name: 'the sentiment worker',
      start: () => new Worker(this.workerPath),
      onStopped: () => { this.loaded = undefined; },
      onKeepsCrashing: options.onKeepsCrashing,
      policy: options.restartPolicy,
    });
  }

  /** Loads the models (and starts the worker) once; a failure is retried on the next call. */
  ensureModels(): Promise<LoadedModels> {
    this.loaded ??= new Promise<LoadedModels>((resolve, reject) => {
      const id = this.worker.newId();
      this.worker.request(id, { type: 'load', id, modelDirs: this.modelDirs }, {
        message: (m) => {
          if (m.type === 'loaded') resolve({ neutralBands: m.neutralBands });
          else if (m.type === 'failed') reject(new Error(m.error));
          else return false;
          return true;
        },
        fail: reject,
      });
    }).catch((e) => {
      this.loaded = undefined;
      throw e;
    });
    return this.loaded;
  }

  /** Runs an analysis; resolves with whether it was cancelled. `id` is for cancel(). */
  analyze(request: Omit<AnalyzeRequest, 'type' | 'id'>, callbacks: AnalysisCallbacks): { id: number; finished: Promise<boolean> } {
    const id = this.worker.newId();
    const run = { cancelled: false };
    this.running.set(id, run);
    const finished = this.ensureModels().then(() => new Promise<boolean>((resolve, reject) => {
      if (run.cancelled) return resolve(true);
      this.worker.request(id, { type: 'analyze', id, ...request }, {
        message: (m) => {
          if (m.type === 'plan') callbacks.onPlan(m.sentences, m.skipped);
          else if (m.type === 'results') callbacks.onResults(m.scored, m.skipped);
          else if (m.type === 'done') resolve(m.cancelled);
          else if (m.type === 'failed') reject(new Error(m.error));
          return m.type === 'done' || m.type === 'failed';
        },
        fail: (e) => (run.cancelled ? resolve(true) : reject(e)),
      });
    })).finally(() => this.running.delete(id));
    return { id, finished };
  }

  /** The sentence of `text` at `cursor`, read word by word ("Look Inside the Model"). */
  async sentenceSteps(text: string, languageId: string, cursor: number): Promise<SentenceSteps | undefined> {
    await this.ensureModels();
    return new Promise((resolve, reject) => {
      const id = this.worker.newId();
      this.worker.request(id, { type: 'steps', id, text, languageId, cursor }, {
        message: (m) => {
          if (m.type === 'steps') resolve(m.steps);
          else if (m.type === 'failed') reject(new Error(m.error));
          else return false;
          return true;
        },
        fail: reject,
      });
    });
  }

  /** Stops analysis `id`; a worker that does not acknowledge it within the grace period is replaced. */
  cancel(id: number): void {
    const run = this.running.get(id);
    if (!run) return;
    run.cancelled = true;
    this.worker.post({ type: 'cancel', id });
    setTimeout(() => {
      if (this.worker.isWaiting(id)) {
        this.worker.restart(new Error(`the sentiment worker did not stop within ${this.cancelGraceMs / 1000} s of a cancel and was restarted`));
      }
    }, this.cancelGraceMs).unref();
  }

  dispose(): void {
    this.worker.dispose();
  }
}
