// Calibrates the cut-offs of src/completion/engine/confidence.ts on the tune split of the held-out files
// (scripts/bench-pauses.ts; --split report checks them on the other). Two measures:
// - the keystroke replay (default), the measure bench-pauses reports: for each candidate cut-off at pauses, the
//   files are replayed as typed with it (eval-lm's typist, who accepts what matches), and shown rate and
//   precision at pauses are tallied per script, with precision inside words and keystroke savings;
// - --per-cursor: every cursor of the replayed windows judged on its own (nothing accepted), the greedy
//   continuation generated once and shown under each candidate, at pauses and inside words.
//   npm run build && node out/scripts/tune-cutoffs.js [--split tune|report] [--per-cursor] [--replay-bytes 8000] [--group 'Chinese prose']
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CUT_OFFS, lowestCutOff, scriptBefore, typingWord, type CutOffs, type TextKind } from '../src/completion/engine/confidence';
import { generate } from '../src/completion/engine/generate';
import { DEFAULT_SUGGEST_OPTIONS, shapeGenerated, suggestCompletion } from '../src/completion/engine/suggest';
import type { ScoringDecoder } from '../src/model/lm/types';
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
const root = resolve(__dirname, '../..');

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

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'replay-bytes': { type: 'string', default: '8000' }, split: { type: 'string', default: 'tune' }, 'per-cursor': { type: 'boolean', default: false }, group: { type: 'string' } } });
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
