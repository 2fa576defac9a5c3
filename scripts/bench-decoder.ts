// Decoder latency across model sizes, for choosing the architecture: a 40-byte greedy suggestion after a
// 2 KiB prefix, plain JS kernel vs WebAssembly SIMD kernel, same process. Weights are random (the cost of
// a step does not depend on their values).
//   node out/scripts/bench-decoder.js [--runs N]
import * as tf from '@tensorflow/tfjs';
import { createDecoder, type FastByteDecoder } from '../src/model/lm/decoder';
import { buildLanguageModel, parameterCount, type LmConfig } from '../src/model/lm/model';
import { generateBytes, mulberry32 } from '../src/model/lm/sampler';

const SIZES: LmConfig[] = [
  { cell: 'gru', embedDim: 64, hiddenSize: 128, layers: 1 },
  { cell: 'gru', embedDim: 64, hiddenSize: 192, layers: 1 },
  { cell: 'gru', embedDim: 64, hiddenSize: 256, layers: 1 },
  { cell: 'gru', embedDim: 64, hiddenSize: 384, layers: 1 },
  { cell: 'gru', embedDim: 64, hiddenSize: 512, layers: 1 },
  { cell: 'gru', embedDim: 64, hiddenSize: 256, layers: 2 },
  { cell: 'gru', embedDim: 64, hiddenSize: 384, layers: 2 },
  { cell: 'lstm', embedDim: 64, hiddenSize: 256, layers: 1 },
];

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function measure(decoder: FastByteDecoder, runs: number): { feedMsPerByte: number; p50: number; p95: number } {
  const prefix = new TextEncoder().encode('function add(a, b) { return a + b; }\n'.repeat(60)).slice(0, 2048);
  const t0 = performance.now();
  decoder.feedAll(prefix);
  const feedMsPerByte = (performance.now() - t0) / prefix.length;
  const saved = decoder.snapshot();
  const times: number[] = [];
  for (let i = 0; i < runs + 10; i++) {
    const start = performance.now();
    generateBytes(decoder, 40, { temperature: 0 }, mulberry32(1));
    decoder.restore(saved);
    if (i >= 10) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { feedMsPerByte, p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

async function main(): Promise<void> {
  const runsArg = process.argv.indexOf('--runs');
  const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 100;
  await tf.setBackend('cpu');
  console.log('| cell | embed | hidden | layers | parameters | kernel | feed ms/byte | 40 bytes p50 ms | p95 ms | SIMD speedup (p50) |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const config of SIZES) {
    const model = buildLanguageModel(config, { seed: 1 });
    const js = measure(createDecoder(model, { kernel: 'js' }), Math.max(10, Math.round(runs / 4)));
    const simd = measure(createDecoder(model, { kernel: 'wasm' }), runs);
    model.dispose();
    const row = (name: string, r: typeof js, extra: string) => console.log(
      `| ${config.cell} | ${config.embedDim} | ${config.hiddenSize} | ${config.layers} | ${parameterCount(config).toLocaleString('en-US')} | ${name} | ${r.feedMsPerByte.toFixed(3)} | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)} | ${extra} |`);
    row('js', js, '');
    row('wasm-simd', simd, `${(js.p50 / simd.p50).toFixed(1)}x`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
