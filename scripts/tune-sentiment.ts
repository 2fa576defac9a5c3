// scratch: exploration of the English combination on tuning sets only
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readCheckSet, scoreCheckSet } from '../src/model/sentiment/checkSet';
import { labelFor, type SentimentLabel } from '../src/model/sentiment/classifier';
import { loadSentimentClassifier } from '../src/model/sentiment/folder';
import { readSst2, splitTuning } from '../src/model/sentiment/sstData';
import { subjectivitySplits } from '../src/model/sentiment/subjectivityData';
import { tokenizerFor } from '../src/model/sentiment/tokenizers';
import { mulberry32 } from '../src/model/lm/sampler';

const classifier = loadSentimentClassifier(resolve(process.argv[2] ?? 'models/sentiment'));
const c = classifier as unknown as { members: { features(ids: Int32Array): Float32Array; predictFromFeatures(f: Float32Array): number }[] };
const tokenize = tokenizerFor('en-words');
const rows = readSst2('../shared/data/sst2/train.tsv').map((r) => ({ tokens: tokenize(r.text), label: r.label }));
const { train, tuning } = splitTuning(rows, 700, mulberry32(1));
const subj = subjectivitySplits(resolve('../shared/data/subj'), { seed: 1, heldOutShare: 0.1, tuningShare: 0.1 });
const everyday = readCheckSet('test/fixtures/everyday-sentiment-tune.tsv');
const feat = (ids: Int32Array) => c.members.map((m) => Array.from(m.features(ids)));
const dump = (name: string, items: { ids: Int32Array; label: string | number; text?: string }[]) => {
  const f = new Float32Array(items.length * 512);
  items.forEach((d, i) => { if (d.ids.length) f.set(feat(d.ids).flat(), i * 512); });
  writeFileSync(join('/tmp/senti', `${name}.f32`), f);
  writeFileSync(join('/tmp/senti', `${name}.json`), JSON.stringify(items.map((d) => ({ label: d.label, text: d.text, n: d.ids.length, ...classifier.scoreParts(d.ids), pm: d.ids.length ? c.members.map((m) => m.predictFromFeatures(m.features(d.ids))) : [0.5, 0.5] }))));
  console.log(name, items.length);
};
const enc = (tokens: string[]) => classifier.vocabulary.encode(tokens);
dump('everyday', everyday.map((s) => ({ ids: classifier.encode(s.text), label: s.label, text: s.text })));
dump('tuning', tuning.map((r) => ({ ids: enc(r.tokens), label: r.label, text: r.tokens.join(' ') })));
dump('subjTuning', subj.tuning.map((r) => ({ ids: classifier.encode(r.text), label: r.label, text: r.text })));
dump('subjTrain', subj.train.map((r) => ({ ids: classifier.encode(r.text), label: r.label, text: r.text })));
if (process.argv.includes('--corpus')) {
  const lines = require('node:fs').readFileSync('/tmp/senti/corpus.tsv', 'utf8').trim().split('\n').map((l: string) => l.split('\t'));
  dump('corpus', lines.map(([score, src, text]: string[]) => ({ ids: classifier.encode(text), label: Number(score), text: src + '|' + text })));
}
if (process.argv.includes('--train')) {
  const whole = train.filter((r) => r.tokens.length >= 1);
  dump('train', whole.map((r) => ({ ids: enc(r.tokens), label: r.label, text: r.tokens.join(' ') })));
}
void labelFor; void scoreCheckSet; void (null as unknown as SentimentLabel);
