// One worker thread on behalf of a client in the extension host: started when a request needs it, its
// messages handed to the request whose id they carry, and started again after a crash: at once after
// the first, then only after a pause that doubles with each further crash in a row (up to a cap), so a
// worker that keeps dying does not take a core with it. A worker that ran for a healthy while before
// crashing starts the count again. A worker that stopped answering can be replaced. No vscode import:
// the unit tests drive it in plain Node.
import type { Worker } from 'node:worker_threads';

export interface RestartPolicy {
  /** The pause after the second crash in a row; each further crash doubles it. */
  firstPauseMs: number;
  maxPauseMs: number;
  /** A worker that crashes after running this long was healthy: its crash counts as a first one. */
  healthyMs: number;
  /** The owner is told, once, when this many crashes come in a row. */
  warnAfter: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { firstPauseMs: 1_000, maxPauseMs: 60_000, healthyMs: 5 * 60_000, warnAfter: 3 };

/** What a request does with the messages carrying its id. */
export interface ReplyHandler<M> {
  /** Returns true when the request is complete: no further message is for it. */
  message(m: M): boolean;
  fail(error: Error): void;
}

/** Why a request failed without reaching a worker: it is pausing after crashes. */
export class WorkerPausedError extends Error {}

export interface SupervisorOptions {
  /** The worker as error messages name it, e.g. "the language-model worker". */
  name: string;
  start: () => Worker;
  /** The worker went away (crash, restart or dispose): state tied to it is stale. Requests are failed first. */
  onStopped?: () => void;
  /** The worker crashed. */
  onCrash?: (error: Error) => void;
  /** Called once in the supervisor's life, when `warnAfter` crashes come in a row. */
  onKeepsCrashing?: (error: Error, crashes: number) => void;
  policy?: Partial<RestartPolicy>;
  /** The clock (tests pass their own). */
  now?: () => number;
}

export class WorkerSupervisor<ToWorker, FromWorker extends { id: number }> {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, ReplyHandler<FromWorker>>();
  private readonly policy: RestartPolicy;
  private readonly now: () => number;
  private crashes = 0;
  private startedAt = 0;
  private pausedUntil = 0;
  private warned = false;

  constructor(private readonly options: SupervisorOptions) {
    this.policy = { ...DEFAULT_RESTART_POLICY, ...options.policy };
    this.now = options.now ?? Date.now;
  }

  get running(): boolean {
    return this.worker !== undefined;
  }

  newId(): number {
    return this.nextId++;
  }

  /** Whether request `id` still waits for messages. */
  isWaiting(id: number): boolean {
    return this.pending.has(id);
  }

  /** Sends a request, starting the worker when none runs; `handler` gets the messages with its id. */
  request(id: number, message: ToWorker, handler: ReplyHandler<FromWorker>): void {
    let worker: Worker;
    try {
      worker = this.ensureStarted();
    } catch (e) {
      handler.fail(e as Error);
      return;
    }
    this.pending.set(id, handler);
    worker.ref(); // keeps a CLI or test process alive while a reply is awaited
    worker.postMessage(message);
  }

  /** Sends a message that wants no reply, to a running worker only. */
  post(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  /** Replaces a worker that stopped answering: its requests fail with `reason`; the next request starts a new one. */
  restart(reason: Error): void {
    this.stop(reason);
  }

  dispose(): void {
    this.stop(new Error(`${this.options.name} was stopped`));
  }

  private stop(reason: Error): void {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(reason);
    this.options.onStopped?.();
    void worker?.terminate();
  }

  private ensureStarted(): Worker {
    if (this.worker) return this.worker;
    const wait = this.pausedUntil - this.now();
    if (wait > 0) {
      throw new WorkerPausedError(`${this.options.name} stopped ${this.crashes} times in a row; it starts again in ${Math.ceil(wait / 1000)} s`);
    }
    const worker = this.options.start();
    this.startedAt = this.now();
    worker.on('message', (m: FromWorker) => {
      const handler = this.pending.get(m.id);
      if (!handler?.message(m)) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) worker.unref();
    });
    const crashed = (error: Error) => {
      if (this.worker !== worker) return; // replaced or disposed: already handled
      this.worker = undefined;
      this.countCrash(error);
      this.failAll(error);
      this.options.onStopped?.();
      this.options.onCrash?.(error);
    };
    worker.on('error', crashed);
    worker.on('exit', (code) => crashed(new Error(`${this.options.name} exited (code ${code})`)));
    // An idle worker must not keep a CLI or test process alive on its own.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private countCrash(error: Error): void {
    const now = this.now();
    if (now - this.startedAt >= this.policy.healthyMs) this.crashes = 0;
    this.crashes++;
    const pause = this.crashes === 1 ? 0 : Math.min(this.policy.maxPauseMs, this.policy.firstPauseMs * 2 ** (this.crashes - 2));
    this.pausedUntil = now + pause;
    if (this.crashes >= this.policy.warnAfter && !this.warned) {
      this.warned = true;
      this.options.onKeepsCrashing?.(error, this.crashes);
    }
  }

  private failAll(error: Error): void {
    const handlers = [...this.pending.values()];
    this.pending.clear();
    for (const h of handlers) h.fail(error);
  }
}
