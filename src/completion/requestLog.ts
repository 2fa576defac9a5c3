// What each completion request cost and how it ended, for the benchmarks, the statistics and the integration
// tests (through the extension's API): the provider reports, listeners read.
import type { CompletionTimings } from './worker/protocol';

export interface RequestRecord {
  outcome: 'cacheHit' | 'model' | 'cancelled' | 'skipped' | 'failed';
  /** Time spent on the extension host's thread by this request (all synchronous segments together). */
  mainThreadMs: number;
  /** From the call to the answer, debounce included. */
  latencyMs: number;
  timings?: CompletionTimings;
  /** The language of the document asked about. */
  languageId: string;
  /** The suggestion handed to the editor ('' for none). */
  shown: string;
  /** Where it goes: the document and the offset of its start. */
  at?: { uri: string; offset: number };
}

/** Entries kept in each list; older ones are dropped. */
const ENTRIES_KEPT = 2000;

function appendBounded<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > ENTRIES_KEPT) list.splice(0, list.length - ENTRIES_KEPT);
}

export class RequestLog {
  /** The latest requests, oldest first. */
  readonly requests: RequestRecord[] = [];
  /** Time each of the latest document changes cost this extension on the host's thread. */
  readonly editCosts: number[] = [];
  private readonly listeners = new Set<(record: RequestRecord) => void>();

  addRequest(record: RequestRecord): void {
    appendBounded(this.requests, record);
    for (const listener of this.listeners) listener(record);
  }

  addEditCost(ms: number): void {
    appendBounded(this.editCosts, ms);
  }

  get last(): RequestRecord | undefined {
    return this.requests[this.requests.length - 1];
  }

  /** Calls `listener` with each request from now on; returns the function that stops it. */
  onRequest(listener: (record: RequestRecord) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}
