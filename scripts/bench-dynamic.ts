// What dynamic evaluation costs: CPU time of reading files with the editor's decoder (network + match
// model), with and without adapting the output layer as they are read, in the same process, alternating
// rounds (the least of each kind counts: the machine is shared). CPU time rather than wall time, so that
// other processes on the machine do not count. Then what the typist waits for, as `gru-scribe bench`
// times it: a 40-byte greedy suggestion after one more typed byte, from the state after the files, with
// adaptation off and on (its steps run between suggestions, as in the idle worker), interleaved.
// The adaptation's cost is measured twice: as the difference of the two readings' CPU time (what it adds
// to reading, noisy on a busy machine: the difference of two large figures), and as the CPU time of its
// own work, summed over its update steps and a pass that records every position as reading does.
// Last, what text that is learnt from and then deleted costs (the worker keeps what it learnt; it rewinds
// only the recurrent state): bits per byte of each file's second half after its first half, with and
// without 512 bytes of the next file read (and learnt from) in between and then rewound.
//   node out/scripts/bench-dynamic.js [--model DIR] [--rounds 3] [--runs 200] [--rule sgd|rms --rms-text LIST]
//     [--rate R] [--decay D] [--segment BYTES] [--sample N] [--floor F] FILE...
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { initBackend } from '../src/model/backend';
import { FastByteDecoder } from '../src/model/lm/decoder';
import { checkAdaptationSettings, DEFAULT_ADAPTATION, OutputAdapter, type AdaptationSettings } from '../src/model/lm/dynamicEvaluation';
import { loadLanguageModel } from '../src/model/lm/io';
import { MixedDecoder } from '../src/model/lm/mixedDecoder';
import { createTextDecoder } from '../src/model/lm/textDecoder';
import { generateBytes, mulberry32 } from '../src/model/lm/sampler';
import { percentile } from '../src/cli/commands/bench';
import { join } from 'node:path';

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function main(): Promise<void> {
  const { values: a, positionals } = parseArgs({ allowPositionals: true, options: {
    model: { type: 'string', default: join(__dirname, '..', '..', 'models', 'lm') }, rounds: { type: 'string', default: '3' }, runs: { type: 'string', default: '200' },
    rule: { type: 'string', default: DEFAULT_ADAPTATION.rule ?? 'sgd' }, 'rms-text': { type: 'string' },
    rate: { type: 'string' }, decay: { type: 'string' }, segment: { type: 'string' }, sample: { type: 'string' }, floor: { type: 'string' },
  } });
  const d = DEFAULT_ADAPTATION;
  const settings = checkAdaptationSettings({
    rule: a.rule as AdaptationSettings['rule'], learningRate: Number(a.rate ?? d.learningRate), decay: Number(a.decay ?? d.decay),
    segmentBytes: Number(a.segment ?? d.segmentBytes), sampleEvery: Number(a.sample ?? d.sampleEvery), gradientFloor: Number(a.floor ?? d.gradientFloor),
  });
  await initBackend({ preference: ['cpu'] });
  const { model } = await loadLanguageModel(a.model!);
  const decoder = createTextDecoder(model) as MixedDecoder;
  model.dispose();
  const network = decoder.network as FastByteDecoder;
  const adapter = new OutputAdapter(network, settings);
  const files = positionals.map((f) => new Uint8Array(readFileSync(f)));
  if (settings.rule === 'rms') {
    if (!a['rms-text']) throw new Error('the RMS rule needs --rms-text LIST (text the model was trained on)');
    const list = readFileSync(a['rms-text'], 'utf8').split('\n').filter((l) => l.trim() !== '');
    adapter.setGradientMeanSquares(adapter.gradientMeanSquares(list.map((f) => new Uint8Array(readFileSync(f.trim())))));
  }
  const kb = files.reduce((s, f) => s + f.length, 0) / 1024;

  const read = (adapt: boolean): { ms: number; steps: number; ownMs: number } => {
    let steps = 0, ownMs = 0;
    const t0 = cpuMs();
    files.forEach((bytes, i) => {
      decoder.reset();
      const doc = adapt ? adapter.newDocument(i + 1) : undefined;
      adapter.use(doc);
      for (let k = 0; k < bytes.length; k++) {
        if (doc) adapter.observe(doc, bytes[k]);
        decoder.feed(bytes[k]);
        if (doc?.ready) {
          const s0 = cpuMs();
          steps += Number(adapter.step(doc));
          ownMs += cpuMs() - s0;
        }
      }
    });
    adapter.use(undefined);
    const ms = cpuMs() - t0;
    if (adapt) { // recording, timed alone: the same copies as while reading (what is recorded does not change the cost)
      const docs = files.map((_, i) => adapter.newDocument(i + 1));
      const r0 = cpuMs();
      files.forEach((bytes, i) => {
        for (let k = 0; k < bytes.length; k++) adapter.observe(docs[i], bytes[k]);
      });
      ownMs += cpuMs() - r0;
    }
    return { ms, steps, ownMs };
  };
  let plain = Infinity, adapted = Infinity, own = Infinity, steps = 0;
  for (let r = 0; r < Number(a.rounds); r++) {
    plain = Math.min(plain, read(false).ms);
    const x = read(true);
    adapted = Math.min(adapted, x.ms);
    own = Math.min(own, x.ownMs);
    steps = x.steps;
  }
  // Suggestion latency, adaptation off and on, alternating run by run.
  const all = new Uint8Array(files.reduce((s, f) => s + f.length, 0));
  files.reduce((at, f) => (all.set(f, at), at + f.length), 0);
  decoder.reset();
  const doc = adapter.newDocument(99);
  for (const b of all.subarray(Math.max(0, all.length - 2048))) decoder.feed(b);
  const saved = decoder.snapshot();
  const times: Record<'off' | 'on', number[]> = { off: [], on: [] };
  const random = mulberry32(1);
  const typed = all[all.length - 1] ?? 32;
  for (let i = 0; i < Number(a.runs) + 10; i++) {
    for (const mode of ['off', 'on'] as const) {
      const t0 = performance.now();
      adapter.use(mode === 'on' ? doc : undefined);
      if (mode === 'on') adapter.observe(doc, typed);
      decoder.feed(typed);
      generateBytes(decoder, 40, { temperature: 0 }, random);
      const ms = performance.now() - t0;
      decoder.restore(saved);
      if (i >= 10) times[mode].push(ms);
      if (mode === 'on') while (doc.ready) adapter.step(doc); // the idle worker's steps, untimed
    }
  }
  const secondHalves = (deleted: boolean): number => {
    let nats = 0, count = 0;
    files.forEach((bytes, i) => {
      decoder.reset();
      const d = adapter.newDocument(i + 1);
      adapter.use(d);
      const read = (text: Uint8Array, score: boolean) => {
        for (const b of text) {
          if (score) { nats -= decoder.logProbability(b); count++; }
          adapter.observe(d, b);
          decoder.feed(b);
          if (d.ready) adapter.step(d);
        }
      };
      const half = bytes.length >> 1;
      read(bytes.subarray(0, half), false);
      if (deleted) {
        const state = decoder.snapshot();
        read(files[(i + 1) % files.length].subarray(0, 512), false);
        decoder.restore(state);
      }
      read(bytes.subarray(half), true);
    });
    adapter.use(undefined);
    return nats / Math.LN2 / Math.max(1, count);
  };
  const rewind = { secondHalvesBitsPerByte: Number(secondHalves(false).toFixed(4)), afterDeleted512Bytes: Number(secondHalves(true).toFixed(4)) };
  const latency = (t: number[]) => { t.sort((x, y) => x - y); return { p50Ms: Number(percentile(t, 0.5).toFixed(3)), p95Ms: Number(percentile(t, 0.95).toFixed(3)) }; };
  const result = {
    kernel: network.kernelName, settings, kb: Number(kb.toFixed(1)), steps,
    readMsPerKB: Number((plain / kb).toFixed(2)),
    readAndAdaptMsPerKB: Number((adapted / kb).toFixed(2)),
    adaptationMsPerKB: Number(((adapted - plain) / kb).toFixed(2)),
    adaptationOwnMsPerKB: Number((own / kb).toFixed(2)),
    suggestion40Bytes: { adaptationOff: latency(times.off), adaptationOn: latency(times.on) },
    rewind,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
