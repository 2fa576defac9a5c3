// The extension host's side of the sentiment worker: starts it on first use, streams an analysis's
// results back through callbacks, and cancels.
import { Worker } from 'node:worker_threads';
import type { AnalyzeRequest, FromWorker, ScoredSpan, SkippedSpan, ToWorker } from './protocol';

export interface AnalysisCallbacks {
  onPlan(sentences: number, skipped: SkippedSpan[]): void;
  onResults(scored: ScoredSpan[], skipped: SkippedSpan[]): void;
}

type Listener = (m: FromWorker) => void;

export class SentimentWorkerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly listeners = new Map<number, Listener>();
  private loaded: Promise<{ neutralBand: [number, number]; members: number }> | undefined;

  constructor(private readonly workerPath: string, private readonly modelDir: string) {}

  /** Loads the model (and starts the worker) once; a failure is retried on the next call. */
  ensureModel(): Promise<{ neutralBand: [number, number]; members: number }> {
    this.loaded ??= this.request<{ neutralBand: [number, number]; members: number }>({ type: 'load', id: this.nextId++, modelDir: this.modelDir }, (m, done, fail) => {
      if (m.type === 'loaded') done({ neutralBand: m.neutralBand, members: m.members });
      else if (m.type === 'failed') fail(new Error(m.error));
    }).catch((e) => {
      this.loaded = undefined;
      throw e;
    });
    return this.loaded!;
  }

  /** Runs an analysis; resolves with whether it was cancelled. `id` is for cancel(). */
  analyze(request: Omit<AnalyzeRequest, 'type' | 'id'>, callbacks: AnalysisCallbacks): { id: number; finished: Promise<boolean> } {
    const id = this.nextId++;
    const finished = this.ensureModel().then(() => this.request<boolean>({ type: 'analyze', id, ...request }, (m, done, fail) => {
      if (m.type === 'plan') callbacks.onPlan(m.sentences, m.skipped);
      else if (m.type === 'results') callbacks.onResults(m.scored, m.skipped);
      else if (m.type === 'done') done(m.cancelled);
      else if (m.type === 'failed') fail(new Error(m.error));
    }));
    return { id, finished };
  }

  cancel(id: number): void {
    this.worker?.postMessage({ type: 'cancel', id } satisfies ToWorker);
  }

  dispose(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.loaded = undefined;
    for (const listener of this.listeners.values()) listener({ type: 'failed', id: 0, error: 'the sentiment worker was stopped' });
    this.listeners.clear();
    void worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerPath);
    worker.on('message', (m: FromWorker) => this.listeners.get(m.id)?.(m));
    const crash = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.loaded = undefined;
      for (const listener of this.listeners.values()) listener({ type: 'failed', id: 0, error: `the sentiment worker stopped: ${error.message}` });
      this.listeners.clear();
    };
    worker.on('error', crash);
    worker.on('exit', (code) => crash(new Error(`exit code ${code}`)));
    // The worker must not keep the extension host alive on shutdown.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private request<T>(message: ToWorker, handle: (m: FromWorker, done: (v: T) => void, fail: (e: Error) => void) => void): Promise<T> {
    const worker = this.start();
    return new Promise<T>((resolve, reject) => {
      const finish = () => this.listeners.delete(message.id);
      this.listeners.set(message.id, (m) => handle(m, (v) => { finish(); resolve(v); }, (e) => { finish(); reject(e); }));
      worker.postMessage(message);
    });
  }
}
