// Replaces the network clients Node puts on globalThis (fetch, WebSocket) with ones that refuse, in the threads
// and processes that are GRU Scribe's alone: the model workers and the CLI. Not in the extension host, whose
// globals every extension shares. The bundles hold no http/net module (a unit test checks), so with these gone
// a dependency that tried the network would fail with a clear message instead of sending anything.
import refusingFetch, { NO_NETWORK } from './noNetworkFetch';

class RefusedWebSocket {
  constructor(url: unknown) {
    throw new Error(`${NO_NETWORK} (refused to open a WebSocket to ${String(url)})`);
  }
}

export function refuseNetwork(): void {
  const globals = globalThis as Record<string, unknown>;
  globals.fetch = refusingFetch;
  if ('WebSocket' in globals) globals.WebSocket = RefusedWebSocket;
}
