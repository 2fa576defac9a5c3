import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchStream, splitDocuments } from '../../../src/model/lm/corpus';
import { findFiles, globToRegExp } from '../../../src/model/lm/corpusFiles';

const bytes = (s: string) => new TextEncoder().encode(s);

test('splitDocuments holds out the tail of every document at a line start', () => {
  const text = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n') + '\n';
  const { train, val } = splitDocuments([{ name: 'a', bytes: bytes(text) }, { name: 'b', bytes: bytes(text) }], 0.2);
  assert.equal(train.length, 2);
  assert.equal(val.length, 2);
  for (let i = 0; i < 2; i++) {
    assert.equal(train[i].bytes.length + val[i].bytes.length, text.length);
    assert.ok(Math.abs(val[i].bytes.length / text.length - 0.2) < 0.02);
    assert.equal(train[i].bytes[train[i].bytes.length - 1], 10);
  }
});

test('BatchStream lanes are contiguous across batches, targets are the next bytes, and positions resume', () => {
  const data = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
  const docs = [{ name: 'a', bytes: data.subarray(0, 400) }, { name: 'b', bytes: data.subarray(400) }];
  const stream = new BatchStream(docs, 4, 10, 7);
  const b0 = stream.next(), b1 = stream.next();
  assert.ok(b0.epochStart && !b1.epochStart);
  for (let lane = 0; lane < 4; lane++) {
    for (let t = 0; t < 10; t++) {
      const i = t * 4 + lane;
      if (t < 9) assert.equal(b0.targets[i], b0.inputs[i + 4]);
    }
    assert.equal(b1.inputs[lane], b0.targets[9 * 4 + lane]); // batch 1 continues where batch 0 stopped
  }
  const again = new BatchStream(docs, 4, 10, 7);
  again.position = { ...stream.position };
  assert.deepEqual(again.next(), stream.next());
  assert.equal(stream.batchesPerEpoch, Math.floor((250 - 1) / 10));
  assert.throws(() => new BatchStream(docs, 100, 10), /not enough text/);
});

test('findFiles matches globs against relative paths, sorted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lm-corpus-'));
  writeFileSync(join(dir, 'a.ts'), 'const x = 1;\n');
  writeFileSync(join(dir, 'b.js'), '1;\n');
  mkdirSync(join(dir, 'sub', 'deep'), { recursive: true });
  writeFileSync(join(dir, 'sub', 'deep', 'd.d.ts'), 'export {};\n');
  assert.deepEqual(findFiles(dir, ['**/*.ts']), ['a.ts', 'sub/deep/d.d.ts']);
  assert.deepEqual(findFiles(dir, ['*.ts']), ['a.ts']);
  assert.deepEqual(findFiles(dir, ['**/*.ts'], ['**/*.d.ts']), ['a.ts']);
  assert.ok(globToRegExp('lib/**/*.js').test('lib/x.js') && globToRegExp('lib/**/*.js').test('lib/a/b/x.js'));
  assert.ok(!globToRegExp('lib/*.js').test('lib/a/x.js'));
  rmSync(dir, { recursive: true });
});
