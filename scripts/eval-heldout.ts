// Held-out bits per byte of a language model per kind and source of the corpus, beside xz -9e and 7z PPMd:
//   node out/scripts/eval-heldout.js [--model DIR] [--corpus DIR] [--max-kb 96] [--json OUT]
// For every source with held-out files: whole files in path order, taken round-robin across the source's
// folders until --max-kb; each file is read from its start (state reset), as eval-lm and the editor read it.
// Columns: the network alone, network + match model, the same learning from each file as it reads it (what
// the editor does by default: gruScribe.completions.learnFromDocument), xz -9e and the best PPMd order,
// each compressor on each file separately. Needs `xz` and `7z` (Debian: xz-utils, p7zip-full).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { corpusFilePath, defaultCorpusDir, readManifest, type CorpusFile } from './corpus/manifest';

const root = resolve(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');

interface Row { kind: string; source: string; files: number; bytes: number; network: number; mixed: number; learning: number; xz: number; ppmd: number; ppmdOrder: number }

type Reading = 'network' | 'mixed' | 'learning';

function evalLm(model: string | undefined, files: string[], reading: Reading): { bytes: number; bitsPerByte: number } {
  const flags = { network: ['--network-only'], mixed: [], learning: ['--dynamic'] }[reading];
  const args = [cli, 'eval-lm', '--positions', '0', '--replay-bytes', '0', ...(model ? ['--model', model] : []), ...flags, ...files];
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 }));
}

function compressors(files: string[]): { xz9eBitsPerByte: number; ppmdBitsPerByte: number; ppmdBestOrder: number } {
  return JSON.parse(execFileSync(process.execPath, [join(root, 'out', 'scripts', 'reference-compressors.js'), ...files], { encoding: 'utf8', maxBuffer: 1 << 26 }));
}

/** Whole held-out files of one source, alternating between its folders, up to `maxBytes` (at least one file). */
export function pickFiles(files: CorpusFile[], maxBytes: number): CorpusFile[] {
  const byFolder = new Map<string, CorpusFile[]>();
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const folder = f.path.slice(0, f.path.lastIndexOf('/'));
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), f]);
  }
  const queues = [...byFolder.values()];
  const picked: CorpusFile[] = [];
  let total = 0;
  for (let round = 0; queues.some((q) => q.length > round); round++) {
    for (const q of queues) {
      const f = q[round];
      if (!f || (total > 0 && total + f.bytes > maxBytes)) continue;
      picked.push(f);
      total += f.bytes;
    }
    if (total >= maxBytes) break;
  }
  return picked;
}

function main() {
  const { values: a } = parseArgs({ strict: true, options: {
    model: { type: 'string' }, corpus: { type: 'string' }, 'max-kb': { type: 'string', default: '96' }, json: { type: 'string' },
  } });
  const corpus = resolve(a.corpus ?? defaultCorpusDir());
  const manifest = readManifest(corpus);
  const maxBytes = Number(a['max-kb']) * 1024;
  const rows: Row[] = [];
  const sources = [...new Set(manifest.files.filter((f) => f.split === 'heldout').map((f) => `${f.kind}\t${f.source}`))];
  for (const key of sources) {
    const [kind, source] = key.split('\t');
    const picked = pickFiles(manifest.files.filter((f) => f.split === 'heldout' && f.kind === kind && f.source === source), maxBytes);
    const paths = picked.map((f) => corpusFilePath(corpus, f));
    const net = evalLm(a.model, paths, 'network'), mixed = evalLm(a.model, paths, 'mixed'), learning = evalLm(a.model, paths, 'learning');
    const ref = compressors(paths);
    const row = { kind, source, files: paths.length, bytes: net.bytes, network: net.bitsPerByte, mixed: mixed.bitsPerByte,
      learning: learning.bitsPerByte, xz: ref.xz9eBitsPerByte, ppmd: ref.ppmdBitsPerByte, ppmdOrder: ref.ppmdBestOrder };
    rows.push(row);
    process.stderr.write(`${kind} ${source}: ${JSON.stringify(row)}\n`);
  }
  // Per kind: byte-weighted means of the rows.
  const kinds = [...new Set(rows.map((r) => r.kind))].map((kind) => {
    const rs = rows.filter((r) => r.kind === kind);
    const bytes = rs.reduce((s, r) => s + r.bytes, 0);
    const mean = (k: Reading | 'xz' | 'ppmd') => rs.reduce((s, r) => s + r[k] * r.bytes, 0) / bytes;
    return { kind, source: '(all)', files: rs.reduce((s, r) => s + r.files, 0), bytes, network: mean('network'), mixed: mean('mixed'), learning: mean('learning'), xz: mean('xz'), ppmd: mean('ppmd'), ppmdOrder: 0 };
  });
  const f = (x: number) => x.toFixed(3);
  const lines = ['| kind | held-out source | files | bytes | network alone | network + match | learning from the file | xz -9e | best PPMd (order) |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |'];
  for (const r of [...kinds, ...rows]) {
    const bold = (x: number) => (x < r.xz && x < r.ppmd ? `**${f(x)}**` : f(x));
    lines.push(`| ${r.kind} | ${r.source} | ${r.files} | ${r.bytes} | ${f(r.network)} | ${bold(r.mixed)} | ${bold(r.learning)} | ${f(r.xz)} | ${f(r.ppmd)}${r.ppmdOrder ? ` (${r.ppmdOrder})` : ''} |`);
  }
  process.stdout.write(lines.join('\n') + '\n');
  if (a.json) writeFileSync(a.json, JSON.stringify({ model: a.model ?? 'models/lm', corpus: manifest.id, kinds, rows }, null, 1) + '\n');
}

main();
