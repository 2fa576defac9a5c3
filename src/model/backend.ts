// One place that picks and starts the tfjs backend, in Node (CLI, workers, tests) and in a browser (webview).
// Node never uses tfjs-node: the wasm backend is the fast path, cpu the dependable fallback.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export type BackendName = 'wasm' | 'cpu' | 'webgl';

const WASM_FILE = 'tfjs-backend-wasm.wasm';

declare const __dirname: string | undefined;

/**
 * Where the tfjs .wasm binaries are, in Node: build copies them next to the bundles in dist/.
 * Bundles also run from out/ (tests, scripts), so walk up from this bundle to find `dist/`.
 */
export function findWasmDir(start?: string): string | undefined {
  if (typeof process === 'undefined' || !process.versions?.node) return undefined;
  // Looked up at run time so that browser bundles carry no node: imports.
  const node = process as unknown as { getBuiltinModule(id: string): unknown };
  const fs = node.getBuiltinModule('node:fs') as typeof import('node:fs');
  const path = node.getBuiltinModule('node:path') as typeof import('node:path');
  let dir = start ?? (typeof __dirname === 'string' ? __dirname : process.cwd());
  for (;;) {
    for (const candidate of [dir, path.join(dir, 'dist')]) {
      if (fs.existsSync(path.join(candidate, WASM_FILE))) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

let started: Promise<BackendName> | undefined;

/**
 * Starts tfjs on the first backend of `preference` that initialises; later calls return the same one.
 * `wasmDir` is a folder (Node) or URL prefix (browser) holding the .wasm files; found automatically in Node.
 */
export function initBackend(options: { preference?: BackendName[]; wasmDir?: string } = {}): Promise<BackendName> {
  started ??= (async () => {
    const preference = options.preference ?? ['wasm', 'cpu'];
    for (const name of preference) {
      try {
        if (name === 'wasm') {
          const dir = options.wasmDir ?? findWasmDir();
          if (dir === undefined) continue;
          setWasmPaths(dir.endsWith('/') ? dir : dir + '/');
        }
        if (await tf.setBackend(name)) {
          await tf.ready();
          return name;
        }
      } catch {
        // Try the next backend: a missing binary or an unavailable WebGL context is not fatal.
      }
    }
    throw new Error(`no tfjs backend could start (tried ${preference.join(', ')})`);
  })();
  return started;
}
