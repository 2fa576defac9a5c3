// Planted errors: how often is a changed line among the 3 most surprising lines of its file?
//   node out/scripts/bench-planted-errors.js [--model DIR] [--corpus DIR] [--seed 1] [--files N] [FILE...]
// Source files of 50-300 lines (by default the corpus's held-out code files) each get one change on one
// line: an operator swapped, an identifier misspelled, a token dropped or two arguments swapped. The line
// ranking by `surprise` (src/model/lm/surprise.ts) is compared with ranking by line length and by chance,
// and with the other scores one could rank by (raw bits, bits per byte, the costliest byte).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend } from '../src/model/backend';
import { createTextDecoder } from '../src/model/lm/textDecoder';
import { loadLanguageModel } from '../src/model/lm/io';
import { mulberry32 } from '../src/model/lm/sampler';
import { byteCosts, lineRanges, surprisesFromCosts, surpriseScores } from '../src/model/lm/surprise';
import { corpusFilePath, defaultCorpusDir, readManifest } from './corpus/manifest';

const root = resolve(__dirname, '../..');
const CODE_EXTENSIONS = /\.(ts|js|mjs|cjs|py|go|rs|java|c|h|cc|cpp|hpp|sh)$/;

type Mutation = 'operator' | 'misspelling' | 'dropped token' | 'swapped arguments';

const OPERATORS: [RegExp, (m: string) => string][] = [
  [/===|!==|==|!=|<=|>=|&&|\|\||(?<![<>=!+\-*/&|])[<>](?![<>=])|(?<![+\-=])[+\-](?![+\-=>])/g, (m) => ({
    '===': '!==', '!==': '===', '==': '!=', '!=': '==', '<=': '>=', '>=': '<=', '&&': '||', '||': '&&', '<': '>', '>': '<', '+': '-', '-': '+',
  } as Record<string, string>)[m] ?? m],
];

/** One change to `line`, or undefined when this kind of change does not apply to it. */
export function mutateLine(line: string, kind: Mutation, random: () => number): string | undefined {
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  if (kind === 'operator') {
    const matches = [...line.matchAll(OPERATORS[0][0])];
    if (!matches.length) return undefined;
    const m = pick(matches);
    return line.slice(0, m.index!) + OPERATORS[0][1](m[0]) + line.slice(m.index! + m[0].length);
  }
  if (kind === 'misspelling') {
    const words = [...line.matchAll(/\b[A-Za-z_][A-Za-z0-9_]{3,}\b/g)];
    if (!words.length) return undefined;
    const w = pick(words), word = w[0];
    const i = 1 + Math.floor(random() * (word.length - 2));
    if (word[i] === word[i + 1]) return undefined;
    const spelled = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    return line.slice(0, w.index!) + spelled + line.slice(w.index! + word.length);
  }
  if (kind === 'dropped token') {
    const tokens = [...line.matchAll(/[A-Za-z_][A-Za-z0-9_]*|[()[\]{};,.]/g)];
    if (tokens.length < 3) return undefined;
    const t = pick(tokens);
    return line.slice(0, t.index!) + line.slice(t.index! + t[0].length);
  }
  const call = /\(([^(),]+),\s*([^(),]+)\)/.exec(line);
  if (!call || call[1].trim() === call[2].trim()) return undefined;
  return line.slice(0, call.index) + `(${call[2].trim()}, ${call[1].trim()})` + line.slice(call.index + call[0].length);
}

function isCodeLine(line: string): boolean {
  const t = line.trim();
  return t.length >= 8 && !/^(\/\/|#|\*|\/\*|--|"""|')/.test(t);
}

const encoder = new TextEncoder();

async function main() {
  const { values: a, positionals } = parseArgs({ strict: true, allowPositionals: true, options: {
    model: { type: 'string', default: join(root, 'models', 'lm') }, corpus: { type: 'string' }, seed: { type: 'string', default: '1' }, files: { type: 'string', default: '200' },
  } });
  let paths = positionals;
  if (!paths.length) {
    const dir = resolve(a.corpus ?? defaultCorpusDir());
    paths = readManifest(dir).files.filter((f) => f.split === 'heldout' && f.kind === 'code' && CODE_EXTENSIONS.test(f.path)).map((f) => corpusFilePath(dir, f));
  }
  const texts = paths.map((p) => ({ path: p, text: readFileSync(p, 'utf8') }))
    .filter(({ text }) => { const n = text.split('\n').length; return n >= 50 && n <= 300; });
  const random = mulberry32(Number(a.seed));
  // A spread of files: every k-th so all held-out packages are in (capped at --files).
  const step = Math.max(1, texts.length / Number(a.files));
  const chosen = texts.filter((_, i) => Math.floor(i % step) === 0).slice(0, Number(a.files));
  await initBackend();
  const { model } = await loadLanguageModel(a.model!);
  const decoder = createTextDecoder(model);
  const kinds: Mutation[] = ['operator', 'misspelling', 'dropped token', 'swapped arguments'];
  const hits: Record<string, number> = {};
  const byKind: Record<string, { n: number; hit: number }> = {};
  let n = 0, randomExpected = 0;
  for (const { text } of chosen) {
    const lines = text.split('\n');
    const candidates = lines.map((_, i) => i).filter((i) => isCodeLine(lines[i]));
    let planted: { index: number; kind: Mutation } | undefined;
    // The kinds take turns (file by file); the line is drawn among those the kind applies to.
    const kind = kinds[n % kinds.length];
    for (let attempt = 0; attempt < 50 && !planted; attempt++) {
      const index = candidates[Math.floor(random() * candidates.length)];
      const changed = index === undefined ? undefined : mutateLine(lines[index], kind, random);
      if (changed !== undefined && changed !== lines[index]) { lines[index] = changed; planted = { index, kind }; }
    }
    if (!planted) continue;
    const bytes = encoder.encode(lines.join('\n'));
    const costs = byteCosts(decoder, bytes), { bits } = costs;
    const ranges = lineRanges(bytes);
    const scored = surprisesFromCosts(costs, ranges);
    const rankings: Record<string, number[]> = {
      surprise: scored.map((s) => s.surprise),
      'line length': scored.map((s) => s.bytes),
      'raw bits': scored.map((s) => s.bits),
      'bits per byte': scored.map((s) => s.bitsPerByte),
      'costliest byte': ranges.map(([s, e]) => Math.max(...bits.subarray(s, e))),
      'peak of bits': surpriseScores(bits, ranges).map((x) => x.score),
    };
    for (const [name, values] of Object.entries(rankings)) {
      const top = values.map((v, i) => [v, i] as const).sort((x, y) => y[0] - x[0]).slice(0, 3).map(([, i]) => i);
      hits[name] = (hits[name] ?? 0) + Number(top.includes(planted.index));
    }
    const k = (byKind[planted.kind] ??= { n: 0, hit: 0 });
    k.n++;
    k.hit += Number(rankings.surprise.map((v, i) => [v, i] as const).sort((x, y) => y[0] - x[0]).slice(0, 3).some(([, i]) => i === planted!.index));
    randomExpected += Math.min(1, 3 / scored.length);
    n++;
  }
  const pct = (x: number) => `${((100 * x) / n).toFixed(1)}%`;
  console.log(`${n} files of 50-300 lines, one planted error each (seed ${a.seed}); share with the changed line among the 3 highest:`);
  for (const [name, h] of Object.entries(hits)) console.log(`  ${name.padEnd(16)} ${pct(h)}`);
  console.log(`  ${'random'.padEnd(16)} ${pct(randomExpected)} (expected)`);
  for (const [kind, { n: m, hit }] of Object.entries(byKind)) console.log(`  surprise, ${kind}: ${hit}/${m}`);
}

main().catch((e) => { process.stderr.write(`${(e as Error).stack}\n`); process.exit(1); });
