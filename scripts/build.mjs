// Builds every bundle with esbuild. `--watch` rebuilds on change, `--production` minifies.
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Every file under dir whose name ends with suffix. */
function findFiles(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, String(f)))
    .filter((f) => f.endsWith(suffix) && statSync(f).isFile());
}

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
};

// tfjs pulls in node-fetch (and with it http/https) for loading models from URLs; we only read files.
const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'],
  alias: { 'node-fetch': './src/noNetworkFetch.ts' } };
const browser = { ...common, platform: 'browser', format: 'iife', target: 'chrome120' };

/** Entry points of the product, bundled into dist/. */
const productBuilds = [
  { ...node, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  ...optional(node, 'src/workers', 'dist/workers'),
  ...optional(browser, 'webview', 'dist/webview', '.entry.ts'),
];

/** Test bundles go to out/ (never packaged). */
const testBuilds = production ? [] : [
  { ...node, external: ['vscode', 'mocha'], entryPoints: entries('test/unit', '.test.ts'), outdir: 'out/test/unit' },
  { ...node, external: ['vscode', 'mocha', 'playwright-core'], entryPoints: entries('test/integration', '.ts'), outdir: 'out/test/integration' },
  { ...node, external: ['playwright-core'], format: 'esm', outExtension: { '.js': '.mjs' }, entryPoints: entries('test/ui', '.test.ts'), outdir: 'out/test/ui' },
  { ...node, entryPoints: entries('scripts', '.ts'), outdir: 'out/scripts' },
];

/** Output names drop `.ts`, and `.entry.ts` entirely (webview/training.entry.ts -> training.js). */
function entries(dir, suffix) {
  const strip = suffix === '.entry.ts' ? suffix.length : 3;
  return Object.fromEntries(findFiles(join(root, dir), suffix)
    .map((f) => [relative(join(root, dir), f).slice(0, -strip), f]));
}

function optional(base, dir, outdir, suffix = '.ts') {
  const e = entries(dir, suffix);
  return Object.keys(e).length ? [{ ...base, entryPoints: e, outdir }] : [];
}

/** tfjs's wasm binaries are loaded from next to the bundles at run time (threads are off in Node and in webviews). */
function copyAssets() {
  mkdirSync(join(root, 'dist'), { recursive: true });
  const wasmDir = join(root, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');
  for (const f of readdirSync(wasmDir).filter((f) => f.endsWith('.wasm') && !f.includes('threaded'))) {
    cpSync(join(wasmDir, f), join(root, 'dist', f));
  }
}

process.chdir(root);
// A clean build: bundles of deleted sources (tests above all) must not linger and run. The production
// build writes no tests, and leaves out/ to the test run that may be packaging the extension.
if (!watch) for (const dir of production ? ['dist'] : ['dist', 'out']) rmSync(join(root, dir), { recursive: true, force: true });
copyAssets();
const builds = [...productBuilds, ...testBuilds];
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('[watch] watching for changes');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
