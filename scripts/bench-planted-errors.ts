// Planted errors: how often is a changed line among the 3 most surprising lines of its file?
//   node out/scripts/bench-planted-errors.js [--split tune|report|all] [--model DIR] [--corpus DIR] [--seed 1]
//     [--bonuses "12,12,8,8 8,8,4,4"] [FILE...]
// Source files of 50-300 lines (by default the corpus's held-out code files) each get, in turn, one change
// of each kind on one line: an operator swapped, an identifier misspelled, a token dropped or two
// arguments swapped. The line ranking by `surprise` (src/model/lm/surprise.ts) is compared with ranking
// by line length and by chance, and with the other scores one could rank by. The files are split in two
// by a hash of their path: the score's choices were tuned on `tune`; `report` is what docs/BENCHMARKS.md gives.
// False alarms: the same files unchanged, where every line the file's inconsistencies mark is a wrong mark;
// counted as marked lines per 1,000 and as the share of files with a marked line among their 3 highest.
// --bonuses scores other inconsistency bonuses (operator, argument order, dropped token, bracket) on the
// same model readings, beside the product's.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend } from '../src/model/backend';
import { createTextDecoder } from '../src/model/lm/textDecoder';
import { loadLanguageModel } from '../src/model/lm/io';
import { mulberry32 } from '../src/model/lm/sampler';
import type { InconsistencyKind } from '../src/text/inconsistencies';
import { byteCosts, INCONSISTENCY_BONUS, type LineSurprise, lineRanges, modelExcess, surprisesFromCosts, surpriseScores } from '../src/model/lm/surprise';
import { corpusFilePath, defaultCorpusDir, readManifest } from './corpus/manifest';

const root = resolve(__dirname, '../..');

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
const KINDS: Mutation[] = ['operator', 'misspelling', 'dropped token', 'swapped arguments'];

/** Which half a file belongs to: a hash of its path, so the halves never change as files are added. */
function splitOf(path: string): 'tune' | 'report' {
  return createHash('sha256').update(path).digest()[0] % 2 ? 'report' : 'tune';
}

/** Indexes of the 3 highest values (ties: the earlier line). */
function top3(values: number[]): number[] {
  return values.map((v, i) => [v, i] as const).sort((x, y) => y[0] - x[0] || x[1] - y[1]).slice(0, 3).map(([, i]) => i);
}

/** Bonuses in the order of `--bonuses`. */
const BONUS_KINDS: InconsistencyKind[] = ['operator', 'argument order', 'dropped token', 'bracket'];

/** The surprise scores with the inconsistency bonuses `bonus` in place of the product's. */
function withBonus(scored: LineSurprise[], bonus: Record<InconsistencyKind, number>): number[] {
  return scored.map((s) => s.surprise + (s.inconsistency ? bonus[s.inconsistency] - INCONSISTENCY_BONUS[s.inconsistency] : 0));
}

async function main() {
  const { values: a, positionals } = parseArgs({ strict: true, allowPositionals: true, options: {
    model: { type: 'string', default: join(root, 'models', 'lm') }, corpus: { type: 'string' }, seed: { type: 'string', default: '1' },
    split: { type: 'string', default: 'report' }, bonuses: { type: 'string', default: '' },
  } });
  const variants = new Map<string, Record<InconsistencyKind, number>>([['surprise', INCONSISTENCY_BONUS]]);
  for (const spec of a.bonuses!.split(/\s+/).filter(Boolean)) {
    const v = spec.split(',').map(Number);
    if (v.length !== 4 || v.some((x) => !Number.isFinite(x))) throw new Error(`--bonuses takes four numbers per variant (operator,argument order,dropped token,bracket), not ${spec}`);
    variants.set(`surprise ${spec}`, Object.fromEntries(BONUS_KINDS.map((k, i) => [k, v[i]])) as Record<InconsistencyKind, number>);
  }
  if (!['tune', 'report', 'all'].includes(a.split!)) throw new Error('--split is tune, report or all');
  let paths = positionals.map((p) => ({ path: p, name: p }));
  if (!paths.length) {
    const dir = resolve(a.corpus ?? defaultCorpusDir());
    // Held-out code: sources of several languages and shell scripts (bash completions have no extension).
    paths = readManifest(dir).files.filter((f) => f.split === 'heldout' && f.kind === 'code' && !/\.(ya?ml|json)$/.test(f.path))
      .map((f) => ({ path: corpusFilePath(dir, f), name: f.path }));
  }
  const texts = paths.filter(({ name }) => a.split === 'all' || splitOf(name) === a.split)
    .map(({ path }) => readFileSync(path, 'utf8'))
    .filter((text) => { const n = text.split('\n').length; return n >= 50 && n <= 300; });
  const random = mulberry32(Number(a.seed));
  await initBackend();
  const { model } = await loadLanguageModel(a.model!);
  const decoder = createTextDecoder(model);
  const hits: Record<string, number> = {};
  const byKind: Record<string, { n: number; hit: number; lengthHit: number; random: number }> = {};
  let n = 0, randomExpected = 0;
  // False alarms on the files unchanged: marked lines, all lines, files with a marked line in the top 3 per variant.
  let marked = 0, cleanLines = 0;
  const alarmFiles = new Map([...variants.keys()].map((name) => [name, 0]));
  for (const text of texts) {
    const clean = encoder.encode(text), cleanScored = surprisesFromCosts(byteCosts(decoder, clean), lineRanges(clean), clean);
    marked += cleanScored.filter((s) => s.inconsistency).length;
    cleanLines += cleanScored.length;
    for (const [name, bonus] of variants) {
      alarmFiles.set(name, alarmFiles.get(name)! + Number(top3(withBonus(cleanScored, bonus)).some((i) => cleanScored[i].inconsistency)));
    }
    for (const kind of KINDS) {
      const lines = text.split('\n');
      const candidates = lines.map((_, i) => i).filter((i) => isCodeLine(lines[i]));
      let planted: number | undefined;
      // The line is drawn among those the kind applies to.
      for (let attempt = 0; attempt < 50 && planted === undefined; attempt++) {
        const index = candidates[Math.floor(random() * candidates.length)];
        const changed = index === undefined ? undefined : mutateLine(lines[index], kind, random);
        if (changed !== undefined && changed !== lines[index]) { lines[index] = changed; planted = index; }
      }
      if (planted === undefined) continue;
      const bytes = encoder.encode(lines.join('\n'));
      const costs = byteCosts(decoder, bytes), { bits, entropy } = costs;
      const ranges = lineRanges(bytes);
      const scored = surprisesFromCosts(costs, ranges, bytes);
      const rankings: Record<string, number[]> = {
        ...Object.fromEntries([...variants].map(([name, bonus]) => [name, withBonus(scored, bonus)])),
        'line length': scored.map((s) => s.bytes),
        'raw bits': scored.map((s) => s.bits),
        'bits per byte': scored.map((s) => s.bitsPerByte),
        'costliest byte': ranges.map(([s, e]) => Math.max(...bits.subarray(s, e))),
        // The parts of the score alone: the model's peak of excess bits, lookalike words, inconsistencies.
        'model peak only': surpriseScores(modelExcess(bits, entropy, bytes), ranges).map((x) => x.score),
        'lookalikes only': scored.map((s) => (s.lookalike ? 1 : 0)),
        'inconsistencies only': scored.map((s) => (s.inconsistency ? INCONSISTENCY_BONUS[s.inconsistency] : 0)),
      };
      for (const [name, values] of Object.entries(rankings)) hits[name] = (hits[name] ?? 0) + Number(top3(values).includes(planted));
      const k = (byKind[kind] ??= { n: 0, hit: 0, lengthHit: 0, random: 0 });
      k.n++;
      k.hit += Number(top3(rankings.surprise).includes(planted));
      k.lengthHit += Number(top3(rankings['line length']).includes(planted));
      k.random += Math.min(1, 3 / scored.length);
      randomExpected += Math.min(1, 3 / scored.length);
      n++;
    }
  }
  const pct = (x: number, of = n) => `${((100 * x) / of).toFixed(1)}%`;
  console.log(`${texts.length} files of 50-300 lines (split ${a.split}), ${n} planted errors (one per file and kind, seed ${a.seed}); share with the changed line among the 3 highest:`);
  for (const [name, h] of Object.entries(hits)) {
    const alarms = alarmFiles.get(name);
    console.log(`  ${name.padEnd(20)} ${pct(h)}${alarms === undefined ? '' : `   false alarms: a marked line in the top 3 of ${pct(alarms, texts.length)} of the files unchanged`}`);
  }
  console.log(`  ${'random'.padEnd(20)} ${pct(randomExpected)} (expected)`);
  console.log(`the files unchanged: ${marked} of ${cleanLines} lines marked inconsistent, ${((1000 * marked) / cleanLines).toFixed(1)} per 1,000`);
  console.log('by kind: surprise / line length / random');
  for (const [kind, k] of Object.entries(byKind)) console.log(`  ${kind.padEnd(18)} ${k.hit}/${k.n} = ${pct(k.hit, k.n)} / ${pct(k.lengthHit, k.n)} / ${pct(k.random, k.n)}`);
}

main().catch((e) => { process.stderr.write(`${(e as Error).stack}\n`); process.exit(1); });
