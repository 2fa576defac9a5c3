// Chooses dynamic evaluation's settings: bits per byte with adaptation, for each combination of a grid,
// on tuning sets (never the files reported in docs/BENCHMARKS.md), against the same files without it.
// The model is read once; each file is read as `eval-lm --dynamic --positions 0 --replay-bytes 0` reads it
// (network and match model, state and weights reset at each file).
//   node out/scripts/tune-dynamic.js [--model DIR] [--rule sgd,rms] [--rate 0.01,0.03] [--decay 0.001,0.01]
//     [--segment 64] [--sample 8] [--floor 0.01] [--rms-text LIST] --set NAME=LIST [--set NAME=LIST...]
// LIST is a file naming one text file per line. The RMS rule's gradient statistics come from the files of
// --rms-text (text the model was trained on). Prints a Markdown table, one row per combination, with the
// change of bits per byte on each set, their mean, and the adaptation's wall time per KB read.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend } from '../src/model/backend';
import { FastByteDecoder } from '../src/model/lm/decoder';
import { checkAdaptationSettings, DEFAULT_ADAPTATION, OutputAdapter, type AdaptationSettings } from '../src/model/lm/dynamicEvaluation';
import { evaluateLanguageModel, type EvalFile } from '../src/model/lm/evaluate';
import { loadLanguageModel } from '../src/model/lm/io';
import { readMatchMemory } from '../src/model/lm/memoryFile';
import type { MixedDecoder } from '../src/model/lm/mixedDecoder';
import { createTextDecoder } from '../src/model/lm/textDecoder';

function readList(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '');
}

const readFiles = (list: string): EvalFile[] => readList(list).map((name) => ({ name, bytes: new Uint8Array(readFileSync(name)) }));

async function main(): Promise<void> {
  const { values: a } = parseArgs({ strict: true, options: {
    model: { type: 'string', default: join(__dirname, '..', '..', 'models', 'lm') }, set: { type: 'string', multiple: true },
    rule: { type: 'string', default: 'sgd' }, rate: { type: 'string', default: String(DEFAULT_ADAPTATION.learningRate) },
    decay: { type: 'string', default: String(DEFAULT_ADAPTATION.decay) }, segment: { type: 'string', default: String(DEFAULT_ADAPTATION.segmentBytes) },
    sample: { type: 'string', default: String(DEFAULT_ADAPTATION.sampleEvery) }, floor: { type: 'string', default: String(DEFAULT_ADAPTATION.gradientFloor) },
    'rms-text': { type: 'string' },
  } });
  const sets = (a.set ?? []).map((s) => {
    const [name, list] = s.split('=');
    return { name, files: readFiles(list) };
  });
  if (sets.length === 0) throw new Error('name at least one --set NAME=LIST');
  await initBackend({ preference: ['cpu'] });
  const { model, metadata } = await loadLanguageModel(a.model!);
  const { memory } = readMatchMemory(a.model!, metadata);
  const decoder = createTextDecoder(model, { memory }) as MixedDecoder;
  model.dispose();
  const network = decoder.network as FastByteDecoder;
  const evaluate = (files: EvalFile[], adapter?: OutputAdapter) =>
    evaluateLanguageModel(decoder, files, { positions: 0, replayBytes: 0, seed: 1, suggest: () => '', adapter });
  const rmsText = a['rms-text'] ? readFiles(a['rms-text']).map((f) => f.bytes) : undefined;
  const meanSquares = new Map<number, Float32Array>();
  const grid = (s: string) => s.split(',');
  const base = sets.map((s) => evaluate(s.files).bitsPerByte);
  process.stdout.write(`| rule | rate | decay | segment | one in | floor | ${sets.map((s, i) => `${s.name} (${base[i].toFixed(3)})`).join(' | ')} | mean change | ms/KB |\n`);
  process.stdout.write(`| --- | --- | --- | --- | --- | --- | ${sets.map(() => '---').join(' | ')} | --- | --- |\n`);
  for (const rule of grid(a.rule!)) for (const segment of grid(a.segment!).map(Number)) for (const sample of grid(a.sample!).map(Number))
    for (const floor of grid(a.floor!).map(Number)) for (const decay of grid(a.decay!).map(Number)) for (const rate of grid(a.rate!).map(Number)) {
      const settings: AdaptationSettings = checkAdaptationSettings({ segmentBytes: segment, sampleEvery: sample, learningRate: rate, decay, gradientFloor: floor, rule: rule as AdaptationSettings['rule'] });
      const adapter = new OutputAdapter(network, settings);
      if (rule === 'rms') {
        if (!rmsText) throw new Error('the RMS rule needs --rms-text LIST');
        if (!meanSquares.has(segment)) meanSquares.set(segment, adapter.gradientMeanSquares(rmsText));
        adapter.setGradientMeanSquares(meanSquares.get(segment)!);
      }
      const results = sets.map((s) => evaluate(s.files, adapter));
      const changes = results.map((r, i) => r.bitsPerByte / base[i] - 1);
      const mean = changes.reduce((x, y) => x + y, 0) / changes.length;
      const ms = results.reduce((x, r) => x + (r.adaptation?.msPerKB ?? 0), 0) / results.length;
      const cells = results.map((r, i) => `${r.bitsPerByte.toFixed(3)} (${(changes[i] * 100).toFixed(1)}%)`);
      process.stdout.write(`| ${rule} | ${rate} | ${decay} | ${segment} | ${sample} | ${floor} | ${cells.join(' | ')} | ${(mean * 100).toFixed(1)}% | ${ms.toFixed(2)} |\n`);
    }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
