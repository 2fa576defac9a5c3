import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWasmDir } from '../../../src/model/backend';

test('findWasmDir walks up from a bundle to the dist/ folder that holds the tfjs .wasm files', () => {
  const root = mkdtempSync(join(tmpdir(), 'gru-scribe-wasmdir-'));
  try {
    const deep = join(root, 'out', 'test', 'unit');
    mkdirSync(deep, { recursive: true });
    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, 'dist', 'tfjs-backend-wasm.wasm'), '');
    assert.equal(findWasmDir(deep), join(root, 'dist'));
    assert.equal(findWasmDir(join(root, 'dist')), join(root, 'dist'));
    rmSync(join(root, 'dist'), { recursive: true });
    assert.equal(findWasmDir(deep), undefined);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
