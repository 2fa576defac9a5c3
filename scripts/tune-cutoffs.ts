// Calibrates the cut-offs of src/completion/engine/confidence.ts on the tune split of the held-out files
// (scripts/bench-pauses.ts; --split report checks them on the other). Two measures:
// - the keystroke replay (default), the measure bench-pauses reports: for each candidate cut-off at pauses, the
//   files are replayed as typed with it (eval-lm's typist, who accepts what matches), and shown rate and
//   precision at pauses are tallied per script, with precision inside words and keystroke savings;
// - --per-cursor: every cursor of the replayed windows judged on its own (nothing accepted), the greedy
//   continuation generated once and shown under each candidate, at pauses and inside words.
//   npm run build && node out/scripts/tune-cutoffs.js [--split tune|report] [--per-cursor] [--replay-bytes 8000] [--group 'Chinese prose']
// - --withhold: which suggestions to withhold, on sets named on the command line (--set NAME=KIND:LIST, LIST a
//   file of paths, relative to the current folder) with any model (--model DIR, its memory included): the greedy
//   continuation is generated once at every cursor of the replayed windows, then the replay is run again for
//   each candidate cut-off of the first word (at pauses, and inside words with and without the document's word
//   as evidence) on what the policy shows of it, without the model.
//   node out/scripts/tune-cutoffs.js --withhold --model DIR --set rxjs=code:tune.txt [--replay-bytes 40000] [--min-confidence 0.2,0.1]
//     [--next-word 0.5,0.6] [--word-end 0.4,0.5] [--known-word-end 0,0.2,wordEnd] [--indentation nextWord,Infinity]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CUT_OFFS, holdsFinishedWord, lowestCutOff, scriptBefore, typingWord, type CutOffs, type TextKind } from '../src/completion/engine/confidence';
import { generate, stoppedEarlier, type Generated } from '../src/completion/engine/generate';
import { DEFAULT_SUGGEST_OPTIONS, shapeGenerated, suggestCompletion } from '../src/completion/engine/suggest';
import { DecoderSnapshot, type ScoringDecoder } from '../src/model/lm/types';
import { readMatchMemory } from '../src/model/lm/memoryFile';
import { evaluateLanguageModel, type EvalFile } from '../src/model/lm/evaluate';
import { bestAcceptance, isWordBoundary } from '../src/model/lm/keystrokes';
import { createTextDecoder } from '../src/model/lm/textDecoder';
import { loadLanguageModel } from '../src/model/lm/io';
import { initBackend } from '../src/model/backend';

const CANDIDATES = [0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7];
/** At pauses, a cut-off at or above the whole-suggestion one (0.2) shows what it alone shows: the rule off. */
const REPLAY_CANDIDATES = [0.05, 0.075, 0.1, 0.15, 0.2];
/**
 * Whole-suggestion cut-offs above it at the pauses of a spaced script in a mostly-Chinese document (the other
 * pauses keep the calibrated cut-offs); Infinity shows nothing there.
 */
const PAUSE_CANDIDATES = [0.3, 0.4, 0.6, Infinity];
const root = resolve(__dirname, '..', '..');

interface Tally { positions: number; shown: number; right: number }
const rate = (t: Tally) => `${(100 * t.shown / Math.max(1, t.positions)).toFixed(1)}% / ${(100 * t.right / Math.max(1, t.shown)).toFixed(1)}%`;
type Group = { name: string; kind: TextKind; files: EvalFile[] };

class Tallies {
  private readonly all = new Map<string, Tally>();
  get(key: string): Tally {
    return this.all.get(key) ?? this.all.set(key, { positions: 0, shown: 0, right: 0 }).get(key)!;
  }
  /** Records what is shown (or '') at a cursor, under `key`'s pause, word or other and script. */
  record(key: string, linePrefix: string, textBefore: string, shown: string, file: EvalFile): void {
    const where = isWordBoundary(linePrefix) ? 'pause' : typingWord(linePrefix) ? 'word' : 'other';
    const t = this.get(`${where} ${scriptBefore(linePrefix, textBefore)} ${key}`);
    t.positions++;
    if (shown) { t.shown++; t.right += Number(bestAcceptance(shown, file.bytes, Buffer.byteLength(textBefore)).firstWordRight); }
  }
}

const COLUMNS = ['pause spaced', 'pause spacedInCjk', 'pause cjk', 'word spaced'];
const header = (first: string, extra: string[] = []) => [
  `| ${[first, 'at pauses, spaced scripts', 'spaced, in mostly-Chinese text', 'after a CJK character or punctuation', 'inside words', ...extra].join(' | ')} |`,
  `| ---: | ${[...COLUMNS, ...extra].map(() => '---:').join(' | ')} |`,
].join('\n');
const row = (tallies: Tallies, c: number) => COLUMNS.map((k) => { const [w, s] = k.split(' '); return rate(tallies.get(`${w} ${s} ${c}`)); });

/** Every cursor judged on its own under each candidate cut-off (at pauses and inside words alike). */
function perCursor(decoder: ScoringDecoder, group: Group, replayBytes: number): void {
  const minProbability = DEFAULT_SUGGEST_OPTIONS.minProbability;
  const tallies = new Tallies();
  evaluateLanguageModel(decoder, group.files, {
    positions: 0, seed: 1, replayBytes,
    suggest: (d, linePrefix, textBefore, file) => {
      const saved = d.snapshot();
      const generated = generate(d, { ...DEFAULT_SUGGEST_OPTIONS, minProbability: Math.min(lowestCutOff(group.kind, minProbability), CANDIDATES[0]) });
      d.restore(saved);
      for (const c of CANDIDATES) {
        const shown = shapeGenerated(generated, { linePrefix, lineSuffix: '', textBefore, kind: group.kind, minProbability }, { nextWord: c, wordEnd: c });
        tallies.record(String(c), linePrefix, textBefore, shown, file);
      }
      return ''; // every cursor is judged: nothing is accepted
    },
  });
  console.log(`\n${group.name} (${group.kind}), every cursor on its own: shown / precision`);
  console.log(header('cut-off'));
  for (const c of CANDIDATES) console.log(`| ${c} | ${row(tallies, c).join(' | ')} |`);
}

/** The keystroke replay with each candidate cut-off at pauses (inside words the calibrated one). */
function replay(decoder: ScoringDecoder, group: Group, replayBytes: number): void {
  const options = { ...DEFAULT_SUGGEST_OPTIONS, kind: group.kind };
  const wordEnd = CUT_OFFS[group.kind].spaced.wordEnd;
  const tallies = new Tallies();
  const lines: string[] = [];
  for (const c of [...REPLAY_CANDIDATES, ...PAUSE_CANDIDATES]) {
    const raised = c > options.minProbability;
    const cutOffs: CutOffs = { nextWord: c, wordEnd, ...(raised ? { pause: c } : {}) };
    const r = evaluateLanguageModel(decoder, group.files, {
      positions: 0, seed: 1, replayBytes,
      suggest: (d, linePrefix, textBefore, file) => {
        const own = !raised || scriptBefore(linePrefix, textBefore) === 'spacedInCjk';
        const shown = suggestCompletion(d, linePrefix, '', { ...options, ...(own ? { cutOffs } : {}) }, textBefore);
        tallies.record(String(c), linePrefix, textBefore, shown, file);
        return shown;
      },
    });
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    lines.push(`| ${c}${c === options.minProbability ? ' (off)' : raised ? ' (whole, spaced in Chinese only)' : ''} | ${row(tallies, c).join(' | ')} | ${pct(r.wordBoundary.shownRate)} / ${pct(r.wordBoundary.precision)} | ${pct(r.keystrokeSavings)} |`);
  }
  console.log(`\n${group.name} (${group.kind}), keystroke replay: shown / precision`);
  console.log(header('cut-off at pauses', ['all pauses', 'keystroke savings']));
  for (const l of lines) console.log(l);
}

/** A decoder that knows nothing: the replay of cached continuations needs no model. */
class NoDecoder implements ScoringDecoder {
  reset(): void {}
  feed(): void {}
  feedAll(): void {}
  nextProbabilities(out = new Float32Array(256)): Float32Array { return out.fill(1 / 256); }
  snapshot(): DecoderSnapshot { return new NoSnapshot(); }
  restore(): void {}
  logProbability(): number { return -Math.log(256); }
}
class NoSnapshot extends DecoderSnapshot {}

/**
 * Candidate cut-offs of the first word (--next-word, --word-end, --known-word-end, --indentation: comma-separated
 * lists); `wordEnd` as a known-word cut-off is the candidate's wordEnd (the document's word no evidence), and
 * `nextWord` as an indentation cut-off its nextWord (indentation no different).
 */
interface WithholdGrid { nextWord: number[]; wordEnd: number[]; knownWordEnd: Array<number | 'wordEnd'>; indentation: Array<number | 'nextWord'> }
const WITHHOLD_GRID = { nextWord: '0.5,0.6', wordEnd: '0.4,0.45,0.5,0.55,0.6', knownWordEnd: '0,0.2,0.3', indentation: 'nextWord,Infinity' };
/** The lowest cut-off any candidate asks for: the continuation cached at each cursor goes down to it. */
const CACHE_CUT_OFF = 0.01;

/**
 * The keystroke replay of `group` under each candidate, from continuations generated once (see the header).
 * Every combination of the grid is replayed, and the calibrated cut-offs first.
 */
function withhold(decoder: ScoringDecoder, group: Group, replayBytes: number, minProbabilities: number[], grid: WithholdGrid): void {
  const cache = new Map<string, Generated>();
  const key = (file: EvalFile, textBefore: string) => `${file.name}\0${textBefore.length}`;
  const started = Date.now();
  evaluateLanguageModel(decoder, group.files, {
    positions: 0, seed: 1, replayBytes,
    suggest: (d, _linePrefix, textBefore, file) => {
      const saved = d.snapshot();
      cache.set(key(file, textBefore), generate(d, { ...DEFAULT_SUGGEST_OPTIONS, minProbability: CACHE_CUT_OFF }));
      d.restore(saved);
      return ''; // every cursor of the windows is reached
    },
  });
  process.stderr.write(`${group.name}: ${cache.size} cursors generated in ${Math.round((Date.now() - started) / 1000)} s\n`);
  const none = new NoDecoder();
  const replayWith = (cutOffs: CutOffs, minProbability: number = DEFAULT_SUGGEST_OPTIONS.minProbability) => evaluateLanguageModel(none, group.files, {
    positions: 0, seed: 1, replayBytes,
    suggest: (_d, linePrefix, textBefore, file) => {
      const generated = stoppedEarlier(cache.get(key(file, textBefore))!, {
        minProbability, extend: { minProbability: lowestCutOff(group.kind, minProbability, cutOffs), until: holdsFinishedWord },
      });
      return shapeGenerated(generated, { linePrefix, lineSuffix: '', textBefore, kind: group.kind, minProbability }, cutOffs);
    },
  });
  const calibrated = CUT_OFFS[group.kind].spaced;
  console.log(`\n${group.name} (${group.kind}), keystroke replay of ${replayBytes} bytes`);
  console.log('| nextWord | wordEnd | knownWordEnd | indentation | minConfidence | keystroke savings (÷ word completion) | precision | shown per 100 bytes | at pauses: shown / precision | inside words: shown / precision |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const seen = new Set<string>();
  const row = (c: CutOffs, minProbability?: number) => {
    const id = JSON.stringify([c.nextWord, c.wordEnd, c.knownWordEnd ?? 0, String(c.indentation ?? c.nextWord), minProbability]);
    if (seen.has(id)) return;
    seen.add(id);
    const r = replayWith(c, minProbability);
    const b = r.baseline.wordCompletion;
    console.log(`| ${c.nextWord} | ${c.wordEnd} | ${c.knownWordEnd ?? 0} | ${c.indentation ?? c.nextWord} | ${minProbability ?? DEFAULT_SUGGEST_OPTIONS.minProbability} | ${r.keystrokeSavings.toFixed(4)} (${(r.keystrokeSavings / b.keystrokeSavings).toFixed(2)}×) | ${r.precision.toFixed(3)} | ${r.shownPer100Bytes.toFixed(2)} | ${pct(r.wordBoundary.shownRate)} / ${pct(r.wordBoundary.precision)} | ${pct(r.midWord.shownRate)} / ${pct(r.midWord.precision)} |`);
  };
  for (const minProbability of minProbabilities) {
    row(calibrated, minProbability);
    for (const nextWord of grid.nextWord) {
      for (const wordEnd of grid.wordEnd) {
        for (const known of grid.knownWordEnd) {
          for (const indent of grid.indentation) {
            row({ ...calibrated, withholdFirstWord: true, nextWord, wordEnd, knownWordEnd: known === 'wordEnd' ? wordEnd : known, indentation: indent === 'nextWord' ? nextWord : indent }, minProbability);
          }
        }
      }
    }
  }
  console.log(`word completion: ${JSON.stringify(replayWith(calibrated).baseline.wordCompletion)}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'replay-bytes': { type: 'string', default: '8000' }, split: { type: 'string', default: 'tune' }, 'per-cursor': { type: 'boolean', default: false }, group: { type: 'string' },
      withhold: { type: 'boolean', default: false }, model: { type: 'string' }, set: { type: 'string', multiple: true },
      'min-confidence': { type: 'string', default: String(DEFAULT_SUGGEST_OPTIONS.minProbability) },
      'next-word': { type: 'string', default: WITHHOLD_GRID.nextWord }, 'word-end': { type: 'string', default: WITHHOLD_GRID.wordEnd },
      'known-word-end': { type: 'string', default: WITHHOLD_GRID.knownWordEnd }, indentation: { type: 'string', default: WITHHOLD_GRID.indentation },
    },
  });
  if (values.withhold) {
    await initBackend();
    const dir = values.model ?? join(root, 'models', 'lm');
    const { model, metadata } = await loadLanguageModel(dir);
    const decoder = createTextDecoder(model, { memory: readMatchMemory(dir, metadata).memory });
    const list = (text: string) => text.split(',').map((x) => { const n = Number(x); if (Number.isNaN(n)) throw new Error(`not a cut-off: "${x}"`); return n; });
    const grid: WithholdGrid = {
      nextWord: list(values['next-word']!), wordEnd: list(values['word-end']!),
      knownWordEnd: values['known-word-end']!.split(',').map((x) => (x === 'wordEnd' ? x : list(x)[0])),
      indentation: values.indentation!.split(',').map((x) => (x === 'nextWord' ? x : list(x)[0])),
    };
    for (const spec of values.set ?? []) {
      const m = /^([^=]+)=(prose|code):(.+)$/.exec(spec);
      if (!m) throw new Error(`--set takes NAME=prose|code:LIST, not "${spec}"`);
      const files = readFileSync(m[3], 'utf8').split('\n').filter((l) => l.trim() !== '').map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(f)) }));
      withhold(decoder, { name: m[1], kind: m[2] as TextKind, files }, Number(values['replay-bytes']), list(values['min-confidence']!), grid);
    }
    model.dispose();
    return;
  }
  const groups = JSON.parse(execFileSync(process.execPath, [join(root, 'out', 'scripts', 'bench-pauses.js'), '--split', values.split!, '--list'], { encoding: 'utf8' })) as
    { name: string; kind: TextKind; files: string[] }[];
  await initBackend({ preference: ['cpu'] });
  const { model } = await loadLanguageModel(join(root, 'models', 'lm'));
  const decoder = createTextDecoder(model, {});
  for (const g of groups.filter((x) => !values.group || x.name === values.group)) {
    const group = { ...g, files: g.files.map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(f)) })) };
    if (values['per-cursor']) perCursor(decoder, group, Number(values['replay-bytes']));
    else replay(decoder, group, Number(values['replay-bytes']));
  }
  model.dispose();
}

main().catch((e: Error) => { process.stderr.write(`tune-cutoffs: ${e.stack}\n`); process.exitCode = 1; });
