// Records every network request made from GRU Scribe's code in the extension host and in the worker threads it
// starts: http, https, net, tls, dns, fetch and WebSocket. Installed before any test runs; zz-privacy.test.ts
// asserts that nothing was recorded, and that each worker had fetch and WebSocket refused by the extension itself.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { join, sep } from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import workerThreads, { BroadcastChannel, type WorkerOptions } from 'node:worker_threads';

export interface NetworkAttempt { api: string; target: string; stack: string; thread: string }
/** What a worker thread's global fetch and WebSocket did when tried, once its script had loaded. */
export interface WorkerReport { script: string; fetch: string; webSocket: string }

// Each test file is bundled on its own, so the record lives on globalThis to be shared between them.
interface GuardState { attempts: NetworkAttempt[]; markers: string[]; workers: WorkerReport[]; thread: string }
const KEY = Symbol.for('gru-scribe.networkGuard');
const state: GuardState = ((globalThis as Record<symbol, unknown>)[KEY] ??=
  { attempts: [], markers: [], workers: [], thread: 'extension host' }) as GuardState;

/** Worker threads send what they record to the extension host's thread over this channel. */
const CHANNEL = 'gru-scribe.networkGuard';
/** This module as built (out/test/integration/networkGuard.js), which each guarded worker loads first. */
const GUARD_MODULE = join(__dirname, 'networkGuard.js');
/** A closed port on this machine: what a check reaches if nothing refuses it. */
const PROBE_URL = 'http://127.0.0.1:9/';

export function networkAttempts(): readonly NetworkAttempt[] { return state.attempts; }
export function workerReports(): readonly WorkerReport[] { return state.workers; }

/** Also records calls whose stack contains `marker` until the returned function is called (for self-tests). */
export function watchCallsFrom(marker: string): () => void {
  state.markers.push(marker);
  return () => { state.markers.splice(state.markers.indexOf(marker), 1); };
}

let record = (attempt: NetworkAttempt): void => { state.attempts.push(attempt); };

function describe(args: unknown[]): string {
  const [first, second] = args;
  if (typeof first === 'string' || first instanceof URL) return String(first);
  if (typeof first === 'number') return `port ${first}${typeof second === 'string' ? ` on ${second}` : ''}`;
  if (first && typeof first === 'object') {
    const o = first as { host?: string; hostname?: string; port?: number; path?: string };
    return o.path && !o.host && !o.hostname ? `ipc ${o.path}` : `${o.hostname ?? o.host ?? 'localhost'}:${o.port ?? ''}`;
  }
  return String(first);
}

/** Wraps `target[name]` so calls and constructions coming from our bundles are recorded (and still go through). */
function watch(target: object, name: string, api: string): void {
  const slot = target as Record<string, unknown>;
  const original = slot[name];
  if (typeof original !== 'function') return;
  const note = (args: unknown[]) => {
    const stack = new Error().stack ?? '';
    if (state.markers.some((m) => stack.includes(m))) record({ api, target: describe(args), stack, thread: state.thread });
  };
  slot[name] = new Proxy(original, {
    apply(fn, self, args) { note(args); return Reflect.apply(fn, self, args); },
    construct(fn, args, newTarget) { note(args); return Reflect.construct(fn, args, newTarget); },
  });
}

function watchAll(): void {
  for (const [mod, label] of [[http, 'http'], [https, 'https']] as const) {
    watch(mod, 'request', `${label}.request`);
    watch(mod, 'get', `${label}.get`);
  }
  watch(net, 'connect', 'net.connect');
  watch(net, 'createConnection', 'net.createConnection');
  watch(net.Socket.prototype, 'connect', 'net.Socket.connect');
  watch(tls, 'connect', 'tls.connect');
  watch(dns, 'lookup', 'dns.lookup');
  watch(dns, 'resolve', 'dns.resolve');
  watch(globalThis, 'fetch', 'fetch');
  watch(globalThis, 'WebSocket', 'WebSocket');
}

/**
 * Worker threads get their own copies of every module and global, so the wrappers above do not reach them.
 * Workers started from a watched script are started through a small loader instead, which installs the guard in
 * the new thread, then loads the script with the worker's own options (workerData and all).
 */
function guardWorkers(): void {
  const Original = workerThreads.Worker;
  workerThreads.Worker = class GuardedWorker extends Original {
    constructor(filename: string | URL, options: WorkerOptions = {}) {
      const script = filename instanceof URL ? fileURLToPath(filename) : String(filename);
      if (options.eval || !state.markers.some((m) => script.includes(m))) {
        super(filename, options);
        return;
      }
      const guard = JSON.stringify(GUARD_MODULE);
      super(`const guard = require(${guard});
        guard.guardThisWorker(${JSON.stringify(state.markers)});
        require(${JSON.stringify(script)});
        guard.reportRefusals(${JSON.stringify(script)});`, { ...options, eval: true });
    }
  };
}

/** `extensionPath`: the folder whose dist/ bundles are ours. */
export function installNetworkGuard(extensionPath: string): void {
  if (state.markers.length) return;
  state.markers.push(join(extensionPath, 'dist') + sep);
  watchAll();
  guardWorkers();
  const channel = new BroadcastChannel(CHANNEL);
  channel.unref();
  channel.onmessage = (event) => {
    const m = (event as MessageEvent).data as { attempt?: NetworkAttempt; worker?: WorkerReport };
    if (m.attempt) state.attempts.push(m.attempt);
    if (m.worker) state.workers.push(m.worker);
  };
}

// In a worker thread (called by the loader above).
let channel: BroadcastChannel | undefined;
let originals: { fetch: unknown; WebSocket: unknown } | undefined;

export function guardThisWorker(markers: string[]): void {
  state.markers.push(...markers);
  state.thread = 'worker thread';
  channel = new BroadcastChannel(CHANNEL);
  channel.unref();
  record = (attempt) => channel!.postMessage({ attempt });
  watchAll();
  originals = { fetch: globalThis.fetch, WebSocket: (globalThis as Record<string, unknown>).WebSocket };
}

/** After the script has loaded: tries fetch and WebSocket as they now are, and watches them too if they were replaced. */
export function reportRefusals(script: string): void {
  const globals = globalThis as unknown as { fetch: typeof fetch; WebSocket?: new (url: string) => unknown };
  const report: WorkerReport = { script, fetch: 'not replaced', webSocket: globals.WebSocket ? 'not replaced' : 'absent' };
  const tries: Promise<void>[] = [];
  if (globals.fetch !== originals!.fetch) {
    tries.push(globals.fetch(PROBE_URL).then(() => { report.fetch = 'answered'; }, (e: Error) => { report.fetch = e.message; }));
  }
  if (globals.WebSocket && globals.WebSocket !== originals!.WebSocket) {
    try {
      new globals.WebSocket(PROBE_URL.replace('http:', 'ws:'));
      report.webSocket = 'opened';
    } catch (e) {
      report.webSocket = (e as Error).message;
    }
  }
  void Promise.all(tries).then(() => channel!.postMessage({ worker: report }));
  if (globals.fetch !== originals!.fetch) watch(globalThis, 'fetch', 'fetch');
  if (globals.WebSocket !== originals!.WebSocket) watch(globalThis, 'WebSocket', 'WebSocket');
}
