// A tiny random language model folder for the CLI tests (the real model is too slow to evaluate here).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { saveLanguageModel } from '../../../src/model/lm/io';
import { describeArchitecture, LM_FORMAT_VERSION } from '../../../src/model/lm/metadata';
import { buildLanguageModel, parameterCount, type LmConfig } from '../../../src/model/lm/model';

// This bundle runs from out/test/unit/cli/.
export const CLI = join(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');

const created: string[] = [];

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gru-scribe-lmcli-'));
  created.push(dir);
  return dir;
}

/** Removes every folder tempDir() made (call from an `after` hook). */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export async function tinyModelFolder(): Promise<string> {
  await tf.setBackend('cpu');
  const config: LmConfig = { cell: 'gru', embedDim: 8, hiddenSize: 16, layers: 1 };
  const dir = join(tempDir(), 'lm');
  const model = buildLanguageModel(config, { seed: 3 });
  await saveLanguageModel(model, {
    formatVersion: LM_FORMAT_VERSION, tokenizer: 'utf8-bytes', architecture: describeArchitecture(config, parameterCount(config)),
    weightStorage: 'float32', training: { data: [], bytesSeen: 0, steps: 0, seconds: 0 }, metrics: {}, createdAt: new Date(0).toISOString(),
  }, dir);
  model.dispose();
  return dir;
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(...args: string[]): CliRun {
  return runCliIn(process.cwd(), ...args);
}

/** runCli with `cwd` as the current folder. */
export function runCliIn(cwd: string, ...args: string[]): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A user error: a one-line message, a non-zero exit and no stack trace. */
export function isCleanFailure(r: CliRun, message: RegExp): boolean {
  return r.status !== 0 && message.test(r.stderr) && !/\n\s+at /.test(r.stderr) && r.stdout === '';
}
