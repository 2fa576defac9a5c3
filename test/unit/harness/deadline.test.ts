import assert from 'node:assert/strict';
import { test } from 'node:test';
// Plain JavaScript (ESM) module of the harness, bundled into this test by esbuild.
import { withDeadline } from '../../harness/deadline.mjs';

// Node's list of what keeps the event loop alive (not in the @types/node this project uses).
const resources = (process as unknown as { getActiveResourcesInfo(): string[] }).getActiveResourcesInfo;
const timers = () => resources().filter((r) => r === 'Timeout').length;

test('withDeadline: the awaited value when it comes in time, and no timer left to keep the process alive', async () => {
  const before = timers();
  assert.equal(await withDeadline(Promise.resolve(7), 60_000, 'too slow'), 7);
  await assert.rejects(withDeadline(Promise.reject(new Error('exit 1')), 60_000, 'too slow'), /exit 1/);
  assert.equal(timers(), before);
});

test('withDeadline: rejects with its message once the deadline passes', async () => {
  const before = timers();
  await assert.rejects(withDeadline(new Promise(() => {}), 20, 'the benchmark timed out'), /the benchmark timed out/);
  assert.equal(timers(), before);
});
