// Training throughput of the shared trainer inside headless Chromium (the webview's engine), per tfjs backend,
// against the same trainer in Node (the CLI's path), on the same configuration and synthetic text.
//   npm run build && node out/scripts/bench-training-webview.js [--seconds 15] [--rounds 3] [--hidden 192]
//        [--embed 64] [--layers 1] [--cell gru] [--lanes 32] [--steps 64]
// Rounds interleave Node and each browser backend so machine load hits all alike; prints JSON lines and medians.
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { initBackend } from '../src/model/backend';
import type { LmConfig } from '../src/model/lm/model';
import { measureTrainingThroughput } from '../src/model/lm/trainer';
import type { CellType } from '../src/model/lm/types';

const root = join(__dirname, '..', '..');
// Loaded at run time from the project's node_modules (the bundler must not inline them).
const load = createRequire(join(root, 'package.json'));

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const BROWSER_ENTRY = `
import { initBackend } from './src/model/backend';
import { measureTrainingThroughput } from './src/model/lm/trainer';
window.runBench = async (backend, config, seconds, lanes, steps) => {
  const used = await initBackend({ preference: [backend], wasmDir: location.origin + '/' });
  const r = await measureTrainingThroughput(config, seconds, { lanes, steps });
  return { backend: used, bytesPerSec: r.bytesPerSec };
};`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const seconds = Number(arg('seconds', '15'));
  const rounds = Number(arg('rounds', '3'));
  const lanes = Number(arg('lanes', '32')), steps = Number(arg('steps', '64'));
  const config: LmConfig = {
    cell: arg('cell', 'gru') as CellType, embedDim: Number(arg('embed', '64')), hiddenSize: Number(arg('hidden', '192')), layers: Number(arg('layers', '1')),
  };

  const dir = mkdtempSync(join(tmpdir(), 'gru-bench-webview-'));
  const esbuild = load('esbuild') as typeof import('esbuild');
  await esbuild.build({
    stdin: { contents: BROWSER_ENTRY, resolveDir: root, loader: 'ts' }, bundle: true, platform: 'browser', format: 'iife',
    target: 'chrome120', outfile: join(dir, 'bench.js'), logLevel: 'warning',
  });
  writeFileSync(join(dir, 'index.html'), '<!DOCTYPE html><meta charset="utf-8"><script src="bench.js"></script>');
  const server = createServer((req, res) => {
    const name = (req.url ?? '/').split('?')[0].replace(/^\/+/, '') || 'index.html';
    const file = name.endsWith('.wasm') ? join(root, 'dist', name) : join(dir, name);
    try {
      const body = readFileSync(file);
      const type = name.endsWith('.wasm') ? 'application/wasm' : name.endsWith('.js') ? 'text/javascript' : 'text/html';
      res.writeHead(200, { 'content-type': type }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const { launchBrowser } = await import(pathToFileURL(join(root, 'test', 'harness', 'browser.mjs')).href);
  const browser = await launchBrowser();

  const nodeBackend = await initBackend({ preference: ['wasm', 'cpu'] });
  const results: Record<string, number[]> = {};
  const record = (key: string, rate: number, extra: object) => {
    (results[key] ??= []).push(rate);
    console.log(JSON.stringify({ where: key, ...extra, config, lanes, steps, seconds, bytesPerSec: Math.round(rate) }));
  };
  try {
    for (let round = 0; round < rounds; round++) {
      const cli = await measureTrainingThroughput(config, seconds, { lanes, steps });
      record(`node ${nodeBackend}`, cli.bytesPerSec, { round });
      for (const backend of ['webgl', 'wasm', 'cpu']) {
        // A fresh page per backend: tfjs keeps one backend per page.
        const page = await browser.newPage();
        try {
          await page.goto(`http://127.0.0.1:${port}/`);
          type Args = [string, LmConfig, number, number, number];
          const r = await page.evaluate(
            ([b, c, s, l, t]: Args) => (window as unknown as { runBench: (...a: Args) => Promise<{ backend: string; bytesPerSec: number }> }).runBench(b, c, s, l, t),
            [backend, config, seconds, lanes, steps] as Args,
          );
          if (r.backend !== backend) console.log(JSON.stringify({ round, backend, note: `fell back to ${r.backend}` }));
          else record(`chromium ${backend}`, r.bytesPerSec, { round });
        } catch (e) {
          console.log(JSON.stringify({ round, backend, error: (e as Error).message.split('\n')[0] }));
        } finally {
          await page.close();
        }
      }
    }
  } finally {
    await browser.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const base = median(results[`node ${nodeBackend}`]);
  for (const [key, xs] of Object.entries(results)) {
    console.log(JSON.stringify({ median: key, bytesPerSec: Math.round(median(xs)), runs: xs.length, vsNode: Number((median(xs) / base).toFixed(2)) }));
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
