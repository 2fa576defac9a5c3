// Records every network request made from GRU Scribe's code in the extension host: http, https, net, tls,
// dns and fetch. Installed before any test runs; privacy.test.ts asserts that nothing was recorded.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';

export interface NetworkAttempt { api: string; target: string; stack: string }

// Each test file is bundled on its own, so the record lives on globalThis to be shared between them.
interface GuardState { attempts: NetworkAttempt[]; markers: string[] }
const KEY = Symbol.for('gru-scribe.networkGuard');
const state: GuardState = ((globalThis as Record<symbol, unknown>)[KEY] ??= { attempts: [], markers: [] }) as GuardState;

export function networkAttempts(): readonly NetworkAttempt[] { return state.attempts; }

/** Also records calls whose stack contains `marker` until the returned function is called (for self-tests). */
export function watchCallsFrom(marker: string): () => void {
  state.markers.push(marker);
  return () => { state.markers.splice(state.markers.indexOf(marker), 1); };
}

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

/** Wraps `target[name]` so calls coming from our bundles are recorded (and still go through). */
function watch(target: object, name: string, api: string): void {
  const record = target as Record<string, unknown>;
  const original = record[name];
  if (typeof original !== 'function') return;
  record[name] = function (this: unknown, ...args: unknown[]) {
    const stack = new Error().stack ?? '';
    if (state.markers.some((m) => stack.includes(m))) state.attempts.push({ api, target: describe(args), stack });
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  };
}

/** `extensionPath`: the folder whose dist/ bundles are ours. */
export function installNetworkGuard(extensionPath: string): void {
  if (state.markers.length) return;
  state.markers.push(`${extensionPath}/dist/`);
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
}
