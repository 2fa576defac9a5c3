// Bits per byte of general-purpose compressors on files, as reference points for a language model:
//   node out/scripts/reference-compressors.js [--concat] FILE...
// Each file is compressed on its own (like eval-lm, which resets the model's state at each file), with
// `xz -9e` and with 7z PPMd at every order from 2 to 32 (best order reported). --conditional TRAIN...
// -- TEST... reports xz's conditional cost: xz(train+test) − xz(train), in bits per test byte.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const tmp = mkdtempSync(join(tmpdir(), 'refcomp-'));

function xzBytes(data: Uint8Array): number {
  return execFileSync('xz', ['-9e', '-c', '--format=xz'], { input: data, maxBuffer: 1 << 30 }).length;
}

function ppmdBytes(data: Uint8Array, order: number): number {
  const src = join(tmp, 'in.txt'), out = join(tmp, `o${order}.7z`);
  writeFileSync(src, data);
  rmSync(out, { force: true });
  execFileSync('7z', ['a', '-bd', '-bso0', '-bsp0', `-m0=PPMd:o=${order}`, out, src]);
  return statSync(out).size;
}

const args = process.argv.slice(2);
const read = (paths: string[]) => paths.map((p) => new Uint8Array(readFileSync(p)));
const concat = (parts: Uint8Array[]) => { const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0)); let at = 0; for (const p of parts) { all.set(p, at); at += p.length; } return all; };

if (args[0] === '--conditional') {
  const sep = args.indexOf('--');
  const train = concat(read(args.slice(1, sep))), test = concat(read(args.slice(sep + 1)));
  const both = xzBytes(concat([train, test])), alone = xzBytes(train);
  console.log(JSON.stringify({ testBytes: test.length, xzConditionalBitsPerByte: Number(((both - alone) * 8 / test.length).toFixed(4)) }));
} else {
  const together = args[0] === '--concat';
  const files = read(together ? args.slice(1) : args);
  const units = together ? [concat(files)] : files;
  const bytes = units.reduce((n, f) => n + f.length, 0);
  const xz = units.reduce((n, f) => n + xzBytes(f), 0);
  const orders: Record<number, number> = {};
  for (const o of [2, 3, 4, 5, 6, 8, 10, 12, 16, 24, 32]) orders[o] = units.reduce((n, f) => n + ppmdBytes(f, o), 0);
  const best = Object.entries(orders).sort((a, b) => a[1] - b[1])[0];
  console.log(JSON.stringify({
    files: files.length, bytes, xz9eBitsPerByte: Number((xz * 8 / bytes).toFixed(4)),
    ppmdBestOrder: Number(best[0]), ppmdBitsPerByte: Number((best[1] * 8 / bytes).toFixed(4)),
  }));
}
rmSync(tmp, { recursive: true, force: true });
