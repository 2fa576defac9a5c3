import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../../../src/cli/args';
import { initBackend } from '../../../src/model/backend';
import { trainLmCommand } from '../../../src/cli/commands/trainLm';
import { loadLanguageModel, saveLanguageModel } from '../../../src/model/lm/io';
import { describeArchitecture, LM_FORMAT_VERSION } from '../../../src/model/lm/metadata';
import { buildLanguageModel, parameterCount, type LmConfig } from '../../../src/model/lm/model';

const config: LmConfig = { cell: 'gru', embedDim: 8, hiddenSize: 16, layers: 1 };

async function fixture() {
  await initBackend(); // the command starts it too; building the fixture model needs it first
  const dir = mkdtempSync(join(tmpdir(), 'train-lm-'));
  await saveLanguageModel(buildLanguageModel(config, { seed: 2 }), {
    formatVersion: LM_FORMAT_VERSION, tokenizer: 'utf8-bytes', architecture: describeArchitecture(config, parameterCount(config)),
    weightStorage: 'float16', training: { data: [], bytesSeen: 0, steps: 0, seconds: 0 }, metrics: {}, createdAt: new Date(0).toISOString(),
  }, join(dir, 'base'), 'float16');
  writeFileSync(join(dir, 'a.ts'), 'export function add(a: number, b: number): number {\n  return a + b;\n}\n'.repeat(30));
  writeFileSync(join(dir, 'b.bin'), new Uint8Array([0, 1, 2, 3]));
  mkdirSync(join(dir, 'folder'));
  return dir;
}

test('train-lm fine-tunes a model folder into a loadable --out folder with training metadata', async () => {
  const dir = await fixture();
  const code = await trainLmCommand.run(['--from', join(dir, 'base'), '--out', join(dir, 'out'), '--minutes', '0.03', join(dir, 'a.ts'), join(dir, 'b.bin')]);
  assert.equal(code, 0);
  const { model, metadata } = await loadLanguageModel(join(dir, 'out'));
  assert.equal(metadata.weightStorage, 'float16');
  assert.ok(metadata.training.steps > 0 && metadata.training.bytesSeen > 0);
  assert.equal(metadata.training.from, join(dir, 'base'));
  assert.equal(metadata.training.data.length, 1); // the binary file was skipped
  assert.ok(metadata.metrics.valBitsPerByte !== undefined && metadata.metrics.valBitsPerByte > 0);
  // The folder keeps the training text for the match model, whole file and separator.
  const memory = readFileSync(join(dir, 'out', 'memory.bin'));
  assert.equal(memory.toString('utf8'), readFileSync(join(dir, 'a.ts'), 'utf8') + '\n\n');
  assert.deepEqual(metadata.memory, { bytes: memory.length, files: 1, ofFiles: 1 });
  model.dispose();
  rmSync(dir, { recursive: true });
});

test('train-lm rejects bad input with CliErrors', async () => {
  const dir = await fixture();
  const rejects = (argv: string[], pattern: RegExp) => assert.rejects(trainLmCommand.run(argv), (e: Error) => e instanceof CliError && pattern.test(e.message));
  await rejects([join(dir, 'a.ts')], /--out DIR is required/);
  await rejects(['--out', join(dir, 'o'), join(dir, 'folder')], /is a folder/);
  await rejects(['--out', join(dir, 'o'), join(dir, 'missing.ts')], /not found/);
  await rejects(['--out', join(dir, 'o'), join(dir, 'b.bin')], /no text files/);
  await rejects(['--out', join(dir, 'o'), '--from', join(dir, 'folder'), join(dir, 'a.ts')], /cannot load the language model/);
  await rejects(['--out', join(dir, 'o'), '--minutes', 'soon', join(dir, 'a.ts')], /--minutes must be a number/);
  rmSync(dir, { recursive: true });
});
