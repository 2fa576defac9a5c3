// Stands in for `node-fetch`, which tfjs would load to fetch model files over HTTP in Node, and for the global
// `fetch` in the workers and the CLI (see refuseNetwork.ts). GRU Scribe reads models from disk only; keeping the
// HTTP client out of the bundles makes that a guarantee.
export const NO_NETWORK = 'GRU Scribe makes no network requests';

export default function fetch(url: unknown): Promise<never> {
  return Promise.reject(new Error(`${NO_NETWORK} (refused to fetch ${String(url)})`));
}
