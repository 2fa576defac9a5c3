// Chooses dynamic evaluation's settings: bits per byte with adaptation, for each combination of a grid,
// on tuning sets (never the files reported in docs/BENCHMARKS.md), against the same files without it.
//   node out/scripts/tune-dynamic.js [--model DIR] [--rate 0.1,0.3,1] [--decay 0.001,0.01] [--segment 128]
//     [--sample 16] --set NAME=LIST [--set NAME=LIST...]
// LIST is a file naming one text file per line. Prints a Markdown table, one row per combination, with the
// change of bits per byte on each set and their mean.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const cli = join(resolve(__dirname, '../..'), 'dist', 'cli.js');

/** eval-lm's bits per byte (and the adaptation's cost) on `files`, with `extra` options. */
export function bitsPerByte(model: string | undefined, files: string[], extra: string[]): { bitsPerByte: number; msPerKB?: number } {
  const args = [cli, 'eval-lm', '--positions', '0', '--replay-bytes', '0', ...(model ? ['--model', model] : []), ...extra, ...files];
  const r = JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 }));
  return { bitsPerByte: r.bitsPerByte, msPerKB: r.adaptation?.msPerKB };
}

export function readList(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '');
}

function main(): void {
  const { values: a } = parseArgs({ strict: true, options: {
    model: { type: 'string' }, set: { type: 'string', multiple: true }, rate: { type: 'string', default: '0.1,0.3,1' },
    decay: { type: 'string', default: '0.001,0.01' }, segment: { type: 'string', default: '128' }, sample: { type: 'string', default: '16' },
  } });
  const sets = (a.set ?? []).map((s) => {
    const [name, list] = s.split('=');
    return { name, files: readList(list) };
  });
  if (sets.length === 0) throw new Error('name at least one --set NAME=LIST');
  const grid = (s: string) => s.split(',').map(Number);
  const base = sets.map((s) => bitsPerByte(a.model, s.files, []).bitsPerByte);
  process.stdout.write(`| rate | decay | segment | sample | ${sets.map((s, i) => `${s.name} (${base[i].toFixed(3)})`).join(' | ')} | mean change | ms/KB |\n`);
  process.stdout.write(`| --- | --- | --- | --- | ${sets.map(() => '---').join(' | ')} | --- | --- |\n`);
  for (const segment of grid(a.segment!)) for (const sample of grid(a.sample!)) for (const decay of grid(a.decay!)) for (const rate of grid(a.rate!)) {
    const opts = ['--dynamic', '--dynamic-rate', String(rate), '--dynamic-decay', String(decay), '--dynamic-segment', String(segment), '--dynamic-sample', String(sample)];
    const results = sets.map((s) => bitsPerByte(a.model, s.files, opts));
    const changes = results.map((r, i) => r.bitsPerByte / base[i] - 1);
    const mean = changes.reduce((x, y) => x + y, 0) / changes.length;
    const ms = results.reduce((x, r) => x + (r.msPerKB ?? 0), 0) / results.length;
    const cells = results.map((r, i) => `${r.bitsPerByte.toFixed(3)} (${(changes[i] * 100).toFixed(1)}%)`);
    process.stdout.write(`| ${rate} | ${decay} | ${segment} | ${sample} | ${cells.join(' | ')} | ${(mean * 100).toFixed(1)}% | ${ms.toFixed(1)} |\n`);
  }
}

main();
