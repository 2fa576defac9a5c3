import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ownBytes } from '../../../src/panels/bytes';
import { fileBatches } from '../../../src/training/webviewBytes';

test('bytes for the webview are a plain Uint8Array holding only themselves', () => {
  // readFile returns a Buffer; small ones are slices of a shared pool.
  const pooled = Buffer.from('a small file');
  const small = pooled.subarray(2, 7);
  for (const source of [pooled, small, new Uint8Array(new ArrayBuffer(64), 8, 4)] as Uint8Array[]) {
    const own = ownBytes(source);
    assert.equal(own.constructor.name, 'Uint8Array');
    assert.equal(own.byteOffset, 0);
    assert.equal(own.buffer.byteLength, source.length);
    assert.deepEqual([...own], [...source]);
  }
});

test('files go in batches of whole files, a large file alone', () => {
  const f = (n: number) => new Uint8Array(n);
  assert.deepEqual(fileBatches([f(3), f(4), f(5), f(20), f(1)], 10).map((b) => b.map((x) => x.length)), [[3, 4], [5], [20], [1]]);
  assert.deepEqual(fileBatches([], 10), [[]]);
});
