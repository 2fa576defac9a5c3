// `bench`: completion latency of the fast decoder against the seed's generation loop on the same weights,
// in the same run, and the shared trainer's throughput on the same architecture.
import * as tf from '@tensorflow/tfjs';
import { createDecoder } from '../../model/lm/decoder';
import { createTextDecoder } from '../../model/lm/textDecoder';
import { inferLmConfig } from '../../model/lm/model';
import { argmax, generateBytes, mulberry32 } from '../../model/lm/sampler';
import { measureTrainingThroughput } from '../../model/lm/trainer';
import type { ByteDecoder } from '../../model/lm/types';
import { integerOption, parseArgs } from '../args';
import type { CliCommand } from '../command';
import { loadModelOption } from '../modelFolder';

const SUGGESTION_BYTES = 40;
const PREFIX_BYTES = 2048;
/** The seed's generate_text re-ran predict on the last 64 characters for every new one. */
const SEED_WINDOW = 64;

/** 2 KiB of mixed prose and code; the decoder's cost per byte does not depend on the text. */
function benchPrefix(): Uint8Array {
  const text = 'The quick brown fox jumps over the lazy dog. 敏捷的棕色狐狸跳过了懒狗。\n'
    + 'export function add(a: number, b: number): number {\n  return a + b;\n}\n';
  const bytes = new TextEncoder().encode(text.repeat(Math.ceil(PREFIX_BYTES / text.length) + 1));
  return bytes.slice(0, PREFIX_BYTES);
}

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

/** Milliseconds per 40-byte greedy suggestion from the state after the prefix (the state is restored each time). */
function timeFastCompletions(decoder: ByteDecoder, prefix: Uint8Array, runs: number): number[] {
  decoder.reset();
  decoder.feedAll(prefix);
  const saved = decoder.snapshot();
  const random = mulberry32(1);
  const times: number[] = [];
  for (let i = 0; i < runs + 10; i++) {
    const t0 = performance.now();
    generateBytes(decoder, SUGGESTION_BYTES, { temperature: 0 }, random);
    decoder.restore(saved);
    if (i >= 10) times.push(performance.now() - t0); // the first runs warm up the JIT
  }
  return times.sort((a, b) => a - b);
}

/** The seed's loop: for every new byte, predict over the whole window again and take the last step. */
function timeSeedLoop(model: tf.LayersModel, prefix: Uint8Array, bytes: number): number {
  const window = Array.from(prefix.slice(-SEED_WINDOW));
  const nextByte = () => tf.tidy(() => {
    const out = model.predict(tf.tensor2d(window, [1, window.length], 'int32')) as tf.Tensor3D;
    const last = out.slice([0, window.length - 1, 0], [1, 1, 256]);
    return argmax(last.dataSync());
  });
  nextByte(); // warm-up: kernel setup is not part of the loop's cost
  const t0 = performance.now();
  for (let i = 0; i < bytes; i++) {
    window.push(nextByte());
    window.shift();
  }
  return performance.now() - t0;
}

const round = (x: number, digits = 2) => Number(x.toFixed(digits));

export const benchCommand: CliCommand = {
  usage: `Usage: gru-scribe bench [--json] [--model DIR] [--runs N] [--training-seconds S]

Times a ${SUGGESTION_BYTES}-byte greedy suggestion after a ${PREFIX_BYTES / 1024} KiB prefix with the fast stateful
decoder (p50/p95 over N runs) against the naive loop (tfjs predict over the last ${SEED_WINDOW} bytes for every
new byte) on the same weights, and the shared trainer's bytes/s on the model's architecture.

Options:
  --json                 one JSON object instead of a table
  --model DIR            model folder (default: the bundled model)
  --runs N               timed fast completions (default 200)
  --training-seconds S   length of the training run (default 20; 0 skips it)
`,
  async run(argv) {
    const args = parseArgs(argv, { values: ['model', 'runs', 'training-seconds'], flags: ['json'] });
    const runs = integerOption(args, 'runs', 200, 1, 1e6);
    const trainingSeconds = integerOption(args, 'training-seconds', 20, 0, 3600);
    const { model, memory } = await loadModelOption(args);
    const prefix = benchPrefix();

    const decoder = createDecoder(model);
    const fast = timeFastCompletions(decoder, prefix, runs);
    const p50 = percentile(fast, 0.5);
    // The plain JS kernel, for comparison when the default one is WebAssembly SIMD.
    const js = decoder.kernelName === 'js' ? fast : timeFastCompletions(createDecoder(model, { kernel: 'js' }), prefix, Math.min(runs, 50));
    // What the editor runs: the network mixed with the match model (snapshots then carry the text too).
    const mixed = timeFastCompletions(createTextDecoder(model, { memory }), prefix, runs);
    const seedMs = timeSeedLoop(model, prefix, SUGGESTION_BYTES);
    const training = trainingSeconds > 0 ? await measureTrainingThroughput(inferLmConfig(model), trainingSeconds) : undefined;

    const result = {
      completion: { p50Ms: round(p50, 3), p95Ms: round(percentile(fast, 0.95), 3), bytes: SUGGESTION_BYTES, kernel: decoder.kernelName },
      seedLoop: { msPerCompletion: round(seedMs, 1) },
      speedup: round(seedMs / p50, 1),
      training: { bytesPerSec: training ? Math.round(training.bytesPerSec) : null },
      jsKernel: { p50Ms: round(percentile(js, 0.5), 3), p95Ms: round(percentile(js, 0.95), 3) },
      withMatchModel: { p50Ms: round(percentile(mixed, 0.5), 3), p95Ms: round(percentile(mixed, 0.95), 3) },
      backend: tf.getBackend(),
    };
    if (args.options.has('json')) {
      process.stdout.write(JSON.stringify(result) + '\n');
    } else {
      const rows: Array<[string, string]> = [
        [`fast decoder (${decoder.kernelName}), ${SUGGESTION_BYTES}-byte suggestion p50`, `${result.completion.p50Ms} ms`],
        [`fast decoder (${decoder.kernelName}), ${SUGGESTION_BYTES}-byte suggestion p95`, `${result.completion.p95Ms} ms`],
        ['same with the plain JS kernel, p50 / p95', `${result.jsKernel.p50Ms} / ${result.jsKernel.p95Ms} ms`],
        ['network + match model (the editor\'s decoder), p50 / p95', `${result.withMatchModel.p50Ms} / ${result.withMatchModel.p95Ms} ms`],
        [`naive loop (predict over ${SEED_WINDOW} bytes per byte)`, `${result.seedLoop.msPerCompletion} ms`],
        ['speedup (naive / fast p50)', `${result.speedup}x`],
        ['training throughput', training ? `${result.training.bytesPerSec} bytes/s (${training.lanes} x ${training.steps} batches)` : 'skipped'],
        ['tfjs backend', result.backend],
      ];
      const width = Math.max(...rows.map(([k]) => k.length));
      process.stdout.write(rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n');
    }
    return 0;
  },
};
