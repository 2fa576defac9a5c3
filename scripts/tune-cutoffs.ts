// Calibrates the cut-offs of src/completion/engine/confidence.ts: on the tune split of the held-out files
// (scripts/bench-pauses.ts; --split report checks them on the other), at every cursor of the replayed windows, the greedy continuation is generated
// once and shown under each candidate cut-off; prints, per kind of text and cut-off, how often something is
// shown and how often its first word is what follows, at pauses between words and inside words.
//   npm run build && node out/scripts/tune-cutoffs.js [--split tune|report] [--replay-bytes 4000]
// Cursors are judged one by one (no accepted text is skipped), so the rates differ a little from eval-lm's.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { lowestCutOff, scriptBefore, typingWord, type CutOffs, type TextKind } from '../src/completion/engine/confidence';
import { generate } from '../src/completion/engine/generate';
import { DEFAULT_SUGGEST_OPTIONS, shapeGenerated } from '../src/completion/engine/suggest';
import { evaluateLanguageModel } from '../src/model/lm/evaluate';
import { bestAcceptance, isWordBoundary } from '../src/model/lm/keystrokes';
import { createTextDecoder } from '../src/model/lm/textDecoder';
import { loadLanguageModel } from '../src/model/lm/io';
import { initBackend } from '../src/model/backend';

const CANDIDATES = [0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7];
const root = resolve(__dirname, '../..');

interface Tally { positions: number; shown: number; right: number }
const rate = (t: Tally) => `${(100 * t.shown / Math.max(1, t.positions)).toFixed(1)}% / ${(100 * t.right / Math.max(1, t.shown)).toFixed(1)}%`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'replay-bytes': { type: 'string', default: '4000' }, split: { type: 'string', default: 'tune' } } });
  const groups = JSON.parse(execFileSync(process.execPath, [join(root, 'out', 'scripts', 'bench-pauses.js'), '--split', values.split!, '--list'], { encoding: 'utf8' })) as
    { name: string; kind: TextKind; files: string[] }[];
  await initBackend({ preference: ['cpu'] });
  const { model } = await loadLanguageModel(join(root, 'models', 'lm'));
  const decoder = createTextDecoder(model, {});
  const minProbability = DEFAULT_SUGGEST_OPTIONS.minProbability;
  for (const group of groups) {
    // [pause or inside a word][script][cut-off index]
    const tallies = new Map<string, Tally>();
    const tally = (key: string) => tallies.get(key) ?? tallies.set(key, { positions: 0, shown: 0, right: 0 }).get(key)!;
    const files = group.files.map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(f)) }));
    evaluateLanguageModel(decoder, files, {
      positions: 0, seed: 1, replayBytes: Number(values['replay-bytes']),
      suggest: (d, linePrefix, textBefore, file) => {
        const saved = d.snapshot();
        const generated = generate(d, { ...DEFAULT_SUGGEST_OPTIONS, minProbability: Math.min(lowestCutOff(group.kind, minProbability), CANDIDATES[0]) });
        d.restore(saved);
        const at = Buffer.byteLength(textBefore);
        const where = isWordBoundary(linePrefix) ? 'pause' : typingWord(linePrefix) ? 'word' : 'other';
        const script = scriptBefore(linePrefix);
        for (const c of CANDIDATES) {
          const cutOffs: CutOffs = { nextWord: c, wordEnd: c };
          const shown = shapeGenerated(generated, { linePrefix, lineSuffix: '', textBefore, kind: group.kind, minProbability }, cutOffs);
          const t = tally(`${where} ${script} ${c}`);
          t.positions++;
          if (shown) { t.shown++; t.right += Number(bestAcceptance(shown, file.bytes, at).firstWordRight); }
        }
        return ''; // every cursor is judged: nothing is accepted
      },
    });
    console.log(`\n${group.name} (${group.kind}): shown / precision`);
    console.log(`| cut-off | ${['pause spaced', 'pause cjk', 'word spaced'].join(' | ')} |`);
    console.log('| ---: | ---: | ---: | ---: |');
    for (const c of CANDIDATES) {
      console.log(`| ${c} | ${['pause spaced', 'pause cjk', 'word spaced'].map((k) => { const [w, s] = k.split(' '); return rate(tally(`${w} ${s} ${c}`)); }).join(' | ')} |`);
    }
  }
  model.dispose();
}

main().catch((e: Error) => { process.stderr.write(`tune-cutoffs: ${e.stack}\n`); process.exitCode = 1; });
