// A fine-tuned model's memory file: whole files up to the cap, and a clear reason when it cannot be used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MEMORY_CAP } from '../../../src/model/lm/matchMemory';
import { joinMemory, MEMORY_BIN, readMatchMemory } from '../../../src/model/lm/memoryFile';
import type { LmMetadata } from '../../../src/model/lm/metadata';

const bytes = (s: string) => new TextEncoder().encode(s);

test('joinMemory keeps whole files, separated by a blank line, within the cap', () => {
  const small = joinMemory([bytes('a'), bytes('bc')]);
  assert.equal(new TextDecoder().decode(small.bytes), 'a\n\nbc\n\n');
  assert.deepEqual(small.info, { bytes: 7, files: 2, ofFiles: 2 });
  // A file that would cross the cap is left out whole; a later one that fits is kept.
  const big = new Uint8Array(MEMORY_CAP - 10);
  const capped = joinMemory([big, new Uint8Array(100), bytes('tail')]);
  assert.deepEqual(capped.info, { bytes: big.length + 2 + 6, files: 2, ofFiles: 3 });
  assert.ok(capped.bytes.length <= MEMORY_CAP);
});

test('readMatchMemory: none, present, missing or the wrong size', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gru-memory-'));
  try {
    const meta = (memory?: LmMetadata['memory']) => ({ memory } as LmMetadata);
    assert.deepEqual(readMatchMemory(dir, meta()), {});
    assert.match(readMatchMemory(dir, meta({ bytes: 5, files: 1, ofFiles: 1 })).warning ?? '', /memory\.bin is missing/);
    writeFileSync(join(dir, MEMORY_BIN), 'hello world\n\n');
    assert.match(readMatchMemory(dir, meta({ bytes: 5, files: 1, ofFiles: 1 })).warning ?? '', /has 13 bytes, metadata\.json says 5/);
    const ok = readMatchMemory(dir, meta({ bytes: 13, files: 1, ofFiles: 1 }));
    assert.equal(ok.warning, undefined);
    assert.equal(ok.memory?.bytes.length, 13);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
