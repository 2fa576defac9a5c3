// The model workers and the CLI replace the global fetch and WebSocket with ones that refuse, naming why:
// each bundle is loaded as the editor or a shell would load it, then asked to reach a closed port on this machine.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const dist = join(__dirname, '..', '..', '..', '..', 'dist');

/** Tries the network from inside the loaded bundle; returns what each attempt gave. */
const probe = `async () => {
  const out = {};
  try { await fetch('http://127.0.0.1:9/'); out.fetch = 'sent'; } catch (e) { out.fetch = e.message; }
  try { new WebSocket('ws://127.0.0.1:9/'); out.webSocket = 'opened'; } catch (e) { out.webSocket = e.message; }
  return out;
}`;

/** Runs `script` in a fresh Node with the global WebSocket on (Node 20 has it behind a flag); its last line is JSON. */
function runProbe(script: string): { fetch: string; webSocket: string } {
  const r = spawnSync(process.execPath, ['--experimental-websocket', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

function inWorker(bundle: string): { fetch: string; webSocket: string } {
  const body = `const { parentPort } = require('node:worker_threads');
    require(${JSON.stringify(bundle)});
    (${probe})().then((r) => { parentPort.postMessage(r); process.exit(0); });`;
  return runProbe(`const { Worker } = require('node:worker_threads');
    new Worker(${JSON.stringify(body)}, { eval: true, workerData: { control: new SharedArrayBuffer(16) } })
      .on('message', (m) => console.log(JSON.stringify(m)));`);
}

function assertRefused(r: { fetch: string; webSocket: string }): void {
  assert.match(r.fetch, /^GRU Scribe makes no network requests \(refused to fetch http:\/\/127\.0\.0\.1:9\/\)$/);
  assert.match(r.webSocket, /^GRU Scribe makes no network requests \(refused to open a WebSocket to ws:\/\/127\.0\.0\.1:9\/\)$/);
}

for (const worker of ['lmWorker', 'sentimentWorker']) {
  test(`the ${worker} thread refuses fetch and WebSocket`, () => {
    assertRefused(inWorker(join(dist, 'workers', `${worker}.js`)));
  });
}

test('the CLI refuses fetch and WebSocket', () => {
  const cli = join(dist, 'cli.js');
  assertRefused(runProbe(`process.argv = [process.execPath, ${JSON.stringify(cli)}, '--help'];
    require(${JSON.stringify(cli)});
    (${probe})().then((r) => console.log(JSON.stringify(r)));`));
});
