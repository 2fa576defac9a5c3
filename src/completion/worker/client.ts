// The extension host's side of the language-model worker: starts it when first needed (and again after a
// crash, see ../../workerSupervisor), forwards document edits, sends completion requests and cancels
// stale ones through a shared control word, which the worker checks between steps without waiting for
// its message queue.
import { Worker } from 'node:worker_threads';
import type { SurprisingLine } from '../../model/lm/surprisingLines';
import type { SuggestOptions } from '../engine/suggest';
import type { CharacterDetail, InsideWindow } from '../../model/inside/view';
import { type RestartPolicy, WorkerSupervisor } from '../../workerSupervisor';
import {
  LATEST_REQUEST, MAX_SUFFIX_CHARS, type CompletionTimings, type FromWorker, type LoadedModel, type ModelCandidate, type TextEdit, type ToWorker, type WorkerStats,
} from './protocol';

export interface CompletionReply {
  text: string;
  /** Other suggestions, when asked for (options.alternatives). */
  alternatives?: string[];
  cancelled: boolean;
  timings: CompletionTimings;
}

export interface CompletionRequest {
  uri: string;
  windowStart: number;
  text: string;
  lineSuffix: string;
  options: SuggestOptions;
}

export class LmWorkerClient {
  private readonly control = new Int32Array(new SharedArrayBuffer(4));
  private readonly worker: WorkerSupervisor<ToWorker, FromWorker>;
  /** Documents the worker holds state for; only their edits are forwarded. */
  private readonly tracked = new Set<string>();
  private loading: Promise<LoadedModel> | undefined;
  private loaded: LoadedModel | undefined;
  private adaptation = true;

  /** `candidates` is asked at each (re)load, so a model saved meanwhile is found. */
  constructor(private readonly options: {
    workerPath: string;
    candidates: () => ModelCandidate[] | Promise<ModelCandidate[]>;
    onLoaded?: (model: LoadedModel) => void;
    onCrash?: (error: Error) => void;
    /** Told once if the worker crashes again and again. */
    onKeepsCrashing?: (error: Error) => void;
    restartPolicy?: Partial<RestartPolicy>;
    now?: () => number;
  }) {
    this.worker = new WorkerSupervisor<ToWorker, FromWorker>({
      name: 'the language-model worker',
      start: () => new Worker(options.workerPath, { workerData: { control: this.control.buffer } }),
      onStopped: () => {
        this.loading = undefined;
        this.loaded = undefined;
        this.tracked.clear();
      },
      onCrash: options.onCrash,
      onKeepsCrashing: options.onKeepsCrashing,
      policy: options.restartPolicy,
      now: options.now,
    });
  }

  get model(): LoadedModel | undefined {
    return this.loaded;
  }

  /** The model, loading it (and starting the worker) on first use. */
  ensureModel(): Promise<LoadedModel> {
    this.loading ??= this.load();
    return this.loading;
  }

  /** Loads the models again (after a fine-tuned model was saved or removed). */
  reload(): Promise<LoadedModel> {
    this.loading = this.load();
    return this.loading;
  }

  private async load(): Promise<LoadedModel> {
    this.tracked.clear();
    try {

      const reply = await this.call({ type: 'load', id: this.worker.newId(), candidates: await this.options.candidates(), adaptation: this.adaptation });
      if (reply.type === 'loadFailed') throw new Error(reply.error);
      if (reply.type !== 'loaded') throw new Error(`unexpected reply ${reply.type}`);
      this.loaded = reply.model;
      this.options.onLoaded?.(reply.model);
      return reply.model;
    } catch (e) {
      this.loading = undefined; // the next request tries again
      throw e;
    }
  }

  /**
   * Asks for a completion. Any earlier request becomes stale at once; this one does when a newer one
   * starts or `cancel` is called with its id. The id is available before the reply as `request.id`.
   */
  complete(request: CompletionRequest): { id: number; reply: Promise<CompletionReply> } {
    const id = this.worker.newId();
    Atomics.store(this.control, LATEST_REQUEST, id);
    this.tracked.add(request.uri);
    const reply = this.ensureModel().then(async () => {
      if (Atomics.load(this.control, LATEST_REQUEST) !== id) return { text: '', cancelled: true, timings: { fedBytes: 0, feedMs: 0, generateMs: 0 } };
      const m = await this.call({ type: 'complete', id, ...request, lineSuffix: request.lineSuffix.slice(0, MAX_SUFFIX_CHARS) });
      if (m.type === 'completionFailed') throw new Error(m.error);
      if (m.type !== 'completion') throw new Error(`unexpected reply ${m.type}`);
      return { text: m.text, alternatives: m.alternatives, cancelled: m.cancelled, timings: m.timings };
    });
    return { id, reply };
  }

  /** Makes request `id` stale, if it is still the newest. */
  cancel(id: number): void {
    Atomics.compareExchange(this.control, LATEST_REQUEST, id, 0);
  }

  /** Forwards a document change; cheap, and nothing at all for documents the worker does not know. */
  documentChanged(uri: string, edits: TextEdit[]): void {
    if (this.tracked.has(uri)) this.worker.post({ type: 'edit', uri, edits });
  }

  documentClosed(uri: string): void {
    if (this.tracked.delete(uri)) this.worker.post({ type: 'close', uri });
  }

  /** "Look Inside the Model": reads a window of text (`key`: its document and start) in the worker. */
  async inside(key: string, text: string, units: number[]): Promise<InsideWindow> {
    await this.ensureModel();
    const m = await this.call({ type: 'inside', id: this.worker.newId(), key, text, units });
    if (m.type === 'insideFailed') throw new Error(m.error);
    if (m.type !== 'inside') throw new Error(`unexpected reply ${m.type}`);
    return m.window;
  }

  /** The details of character `index` of the window `key` last read. */
  async insideDetail(key: string, index: number, unit?: number): Promise<CharacterDetail> {
    await this.ensureModel();
    const m = await this.call({ type: 'insideDetail', id: this.worker.newId(), key, index, unit });
    if (m.type === 'insideFailed') throw new Error(m.error);
    if (m.type !== 'insideDetail') throw new Error(`unexpected reply ${m.type}`);
    return m.detail;
  }

  /** The document's unusually surprising lines (see ../../workers/surpriseJob); a newer call for `uri` cancels this one. */
  async surprisingLines(uri: string, text: string): Promise<{ lines: SurprisingLine[]; cancelled: boolean }> {
    await this.ensureModel();
    const m = await this.call({ type: 'surprise', id: this.worker.newId(), uri, text });
    if (m.type === 'surpriseFailed') throw new Error(m.error);
    if (m.type !== 'surprise') throw new Error(`unexpected reply ${m.type}`);
    return { lines: m.lines, cancelled: m.cancelled };
  }

  /** Dynamic evaluation on or off (gruScribe.completions.learnFromDocument); off forgets what documents taught the model. */
  setAdaptation(on: boolean): void {
    if (on === this.adaptation) return;
    this.adaptation = on;
    if (this.worker.running) this.worker.post({ type: 'adaptation', on });
  }

  /** Bits per byte of `text` read afresh with the weights document `uri` has now (for tests). */
  async score(uri: string, text: string): Promise<number> {
    await this.ensureModel();
    const m = await this.call({ type: 'score', id: this.worker.newId(), uri, text });
    if (m.type === 'scoreFailed') throw new Error(m.error);
    if (m.type !== 'score') throw new Error(`unexpected reply ${m.type}`);
    return m.bitsPerByte;
  }

  async stats(): Promise<WorkerStats> {
    if (!this.worker.running) {
      return { documents: 0, snapshots: 0, heapUsed: 0, tensors: 0, adaptation: { on: this.adaptation, documents: 0, bytesRead: 0, steps: 0, pendingSegments: 0, bytes: 0 } };
    }
    const m = await this.call({ type: 'stats', id: this.worker.newId() });
    if (m.type !== 'stats') throw new Error(`unexpected reply ${m.type}`);
    return m.stats;
  }

  dispose(): void {
    this.worker.dispose();
  }

  private call(message: Extract<ToWorker, { id: number }>): Promise<FromWorker> {
    return new Promise((resolve, reject) => this.worker.request(message.id, message, {
      message: (m) => {
        resolve(m);
        return true;
      },
      fail: reject,
    }));
  }
}
