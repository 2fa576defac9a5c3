// Trainer checkpoints on disk (Node). A checkpoint folder is also a loadable model folder:
// model.json + weights.bin + metadata.json, plus trainer.json + trainer.bin (optimizer moments,
// carried recurrent state, data position), all swapped in atomically.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeModelFolder } from './folder';
import { encodeLanguageModel } from './io';
import { modelFolderFiles } from './modelFolder';
import type { LmMetadata } from './metadata';
import { TRAINER_BIN, TRAINER_JSON } from './modelFiles';
import { toLayersModel, type TrainerCheckpoint } from './trainer';

interface TrainerJson extends Omit<TrainerCheckpoint, 'weights' | 'adam' | 'state'> {
  adamStep: number;
  /** Float32 array lengths in trainer.bin order: weights, Adam m, Adam v, state. */
  arrays: { weights: number[]; m: number[]; v: number[]; state: number[] };
}

export async function saveCheckpoint(dir: string, checkpoint: TrainerCheckpoint, metadata: LmMetadata): Promise<void> {
  const model = toLayersModel(checkpoint.config, checkpoint.weights);
  const artifacts = await encodeLanguageModel(model, metadata, 'float32');
  model.dispose();
  const { weights, adam, state, ...rest } = checkpoint;
  const json: TrainerJson = {
    ...rest, adamStep: adam.step,
    arrays: { weights: weights.map((a) => a.length), m: adam.m.map((a) => a.length), v: adam.v.map((a) => a.length), state: state.map((a) => a.length) },
  };
  const all = [...weights, ...adam.m, ...adam.v, ...state];
  const bin = new Float32Array(all.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of all) { bin.set(a, at); at += a.length; }
  await writeModelFolder(dir, [
    ...modelFolderFiles(artifacts),
    { name: TRAINER_JSON, data: JSON.stringify(json, null, 2) + '\n' },
    { name: TRAINER_BIN, data: new Uint8Array(bin.buffer) },
  ]);
}

/** The checkpoint in `dir`, or undefined when there is none (a plain model folder or nothing). */
export function loadCheckpoint(dir: string): TrainerCheckpoint | undefined {
  if (!existsSync(join(dir, TRAINER_JSON))) return undefined;
  const json = JSON.parse(readFileSync(join(dir, TRAINER_JSON), 'utf8')) as TrainerJson;
  const raw = readFileSync(join(dir, TRAINER_BIN));
  const bin = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  let at = 0;
  const take = (lengths: number[]) => lengths.map((n) => { const a = bin.slice(at, at + n); at += n; return a; });
  const { arrays, adamStep, ...rest } = json;
  const weights = take(arrays.weights), m = take(arrays.m), v = take(arrays.v), state = take(arrays.state);
  if (at !== bin.length) throw new Error(`${join(dir, TRAINER_BIN)} does not match ${TRAINER_JSON}`);
  return { ...rest, weights, adam: { step: adamStep, m, v }, state };
}
