// Everyday-style polarity examples for the English sentiment members, from the language model's corpus
// (`npm run corpus`): the sentences of its English training files (manuals, documentation, the fortunes
// file's quips and complaints), labelled by a lexicon teacher.
//   node out/scripts/everyday-polarity.js [--corpus DIR] [--out FILE] [--threshold 0.5]
// A sentence is kept when it has 5 to 30 words, starts with a capital, ends with . ! or ?, is at least 85%
// plain words and has no code marks; VADER (`vader-sentiment` 1.1.3, a dev dependency) labels it:
// compound >= threshold positive (1), <= -threshold negative (0); the rest are left out. Output: the
// `label<TAB>sentence` form of SST-2 (a header line), for `train-sentiment --extra-polarity FILE`.
// SST-2's movie reviews rarely praise a tool or complain about a machine; the lexicon knows those words.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultCorpusDir, readManifest } from './corpus/manifest';

const { values: args } = parseArgs({
  options: {
    corpus: { type: 'string', default: defaultCorpusDir() },
    out: { type: 'string', default: 'everyday-polarity.tsv' },
    threshold: { type: 'string', default: '0.5' },
  },
});
const corpus = resolve(args.corpus!);
const threshold = Number(args.threshold);
const manifest = readManifest(corpus);
const vader = (createRequire(__filename)('vader-sentiment') as { SentimentIntensityAnalyzer: { polarity_scores(t: string): { compound: number } } }).SentimentIntensityAnalyzer;

/** Every file under `dir`, in the order the file system lists them. */
function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

const PLAIN_WORD = /^[A-Za-z][a-z'’,.;:!?"-]*$/;
const CODE_MARKS = /[{}<>=_\\|#@*[\]`$]|\(\d|--|\.\w+\(|::/;
const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
const seen = new Set<string>();
const rows: string[] = [];
const counts = { sentences: 0, positive: 0, negative: 0 };
for (const file of walk(join(corpus, 'train', 'english'))) {
  const text = readFileSync(file, 'utf8');
  if (text.includes('\u0000')) continue;
  // Paragraphs, and the fortunes file's entries (separated by a line holding %).
  for (const paragraph of text.split(/\n\s*\n|\n%\n/)) {
    const flat = paragraph.replace(/\s+/g, ' ').trim();
    if (flat.length < 20 || flat.length > 3000) continue;
    for (const { segment } of segmenter.segment(flat)) {
      const s = segment.trim();
      const words = s.split(' ');
      if (words.length < 5 || words.length > 30 || !/^[A-Z"]/.test(s) || !/[.!?]"?$/.test(s) || CODE_MARKS.test(s)) continue;
      if (words.filter((w) => PLAIN_WORD.test(w)).length < 0.85 * words.length || seen.has(s)) continue;
      seen.add(s);
      counts.sentences++;
      const compound = vader.polarity_scores(s).compound;
      if (compound >= threshold) { rows.push(`1\t${s}`); counts.positive++; }
      else if (compound <= -threshold) { rows.push(`0\t${s}`); counts.negative++; }
    }
  }
}
writeFileSync(args.out!, ['label\tsentence', ...rows].join('\n') + '\n');
console.log(`${relative(process.cwd(), join(corpus, 'train', 'english')).split(sep).join('/')} (corpus ${manifest.id}): ` +
  `${counts.sentences} sentences, ${counts.positive} positive and ${counts.negative} negative (|compound| >= ${threshold}) written to ${args.out}`);
