// What dynamic evaluation costs: CPU time of reading files with the editor's decoder (network + match
// model), with and without adapting the output layer as they are read, in the same process, alternating
// rounds (the least of each kind counts: the machine is shared). CPU time rather than wall time, so that
// other processes on the machine do not count.
//   node out/scripts/bench-dynamic.js [--model DIR] [--rounds 3] FILE...
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { initBackend } from '../src/model/backend';
import { FastByteDecoder } from '../src/model/lm/decoder';
import { DEFAULT_ADAPTATION, OutputAdapter } from '../src/model/lm/dynamicEvaluation';
import { loadLanguageModel } from '../src/model/lm/io';
import { MixedDecoder } from '../src/model/lm/mixedDecoder';
import { createTextDecoder } from '../src/model/lm/textDecoder';
import { join } from 'node:path';

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function main(): Promise<void> {
  const { values: a, positionals } = parseArgs({ allowPositionals: true, options: {
    model: { type: 'string', default: join(__dirname, '..', '..', 'models', 'lm') }, rounds: { type: 'string', default: '3' },
  } });
  await initBackend({ preference: ['cpu'] });
  const { model } = await loadLanguageModel(a.model!);
  const decoder = createTextDecoder(model) as MixedDecoder;
  model.dispose();
  const network = decoder.network as FastByteDecoder;
  const adapter = new OutputAdapter(network, DEFAULT_ADAPTATION);
  const files = positionals.map((f) => new Uint8Array(readFileSync(f)));
  const kb = files.reduce((s, f) => s + f.length, 0) / 1024;

  const read = (adapt: boolean): { ms: number; steps: number } => {
    let steps = 0;
    const t0 = cpuMs();
    files.forEach((bytes, i) => {
      decoder.reset();
      const doc = adapt ? adapter.newDocument(i + 1) : undefined;
      adapter.use(doc);
      for (let k = 0; k < bytes.length; k++) {
        if (doc) adapter.observe(doc, bytes[k]);
        decoder.feed(bytes[k]);
        if (doc?.ready) steps += Number(adapter.step(doc));
      }
    });
    adapter.use(undefined);
    return { ms: cpuMs() - t0, steps };
  };
  let plain = Infinity, adapted = Infinity, steps = 0;
  for (let r = 0; r < Number(a.rounds); r++) {
    plain = Math.min(plain, read(false).ms);
    const x = read(true);
    adapted = Math.min(adapted, x.ms);
    steps = x.steps;
  }
  const result = {
    kernel: network.kernelName, settings: DEFAULT_ADAPTATION, kb: Number(kb.toFixed(1)), steps,
    readMsPerKB: Number((plain / kb).toFixed(2)),
    readAndAdaptMsPerKB: Number((adapted / kb).toFixed(2)),
    adaptationMsPerKB: Number(((adapted - plain) / kb).toFixed(2)),
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
