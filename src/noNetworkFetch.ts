// Stands in for `node-fetch`, which tfjs would load to fetch model files over HTTP in Node.
// GRU Scribe reads models from disk only; keeping the HTTP client out of the bundles makes that a guarantee.
export default function fetch(url: unknown): Promise<never> {
  return Promise.reject(new Error(`GRU Scribe does not use the network (refused to fetch ${String(url)})`));
}
