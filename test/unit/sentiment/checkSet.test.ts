// The everyday check set and what is measured on it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readCheckSet, scoreCheckSet } from '../../../src/model/sentiment/checkSet';

const FIXTURE = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'everyday-sentiment.tsv');
const TUNING = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'everyday-sentiment-tune.tsv');
const TRAINING = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'everyday-sentiment-train.tsv');
/** More training sentences, written later for the fifth stage (the fourth stage's file stays as it trained). */
const MORE_TRAINING = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'everyday-sentiment-train-2.tsv');

/** A sentence's set of lower-case words, for telling a near-copy (the same words reordered or retouched). */
const wordSet = (text: string) => new Set(text.toLowerCase().match(/[a-z']+/g) ?? []);
const overlap = (a: Set<string>, b: Set<string>) => [...a].filter((w) => b.has(w)).length / new Set([...a, ...b]).size;

test('the everyday check set: at least 150 sentences, a third of each label, no repeats, the reported ones in', () => {
  const rows = readCheckSet(FIXTURE);
  assert.ok(rows.length >= 150, `${rows.length} sentences`);
  for (const label of ['positive', 'neutral', 'negative'] as const) {
    const n = rows.filter((r) => r.label === label).length;
    assert.ok(Math.abs(n - rows.length / 3) <= 2, `${n} ${label} of ${rows.length}`);
  }
  assert.equal(new Set(rows.map((r) => r.text)).size, rows.length);
  const label = (text: string) => rows.find((r) => r.text === text)?.label;
  assert.equal(label('The hotel room was clean and the staff were friendly.'), 'positive');
  assert.equal(label('I loved every minute of it.'), 'positive');
  assert.equal(label("I don't recommend it to anyone."), 'negative');
  assert.equal(label('The package arrived on Tuesday.'), 'neutral');
});

test('the everyday tuning set: at least 150 sentences, a third of each label, none of them in the check set', () => {
  const rows = readCheckSet(TUNING);
  assert.ok(rows.length >= 150, `${rows.length} sentences`);
  for (const label of ['positive', 'neutral', 'negative'] as const) {
    assert.equal(rows.filter((r) => r.label === label).length, rows.length / 3, label);
  }
  assert.equal(new Set(rows.map((r) => r.text)).size, rows.length);
  const checkSet = new Set(readCheckSet(FIXTURE).map((r) => r.text.toLowerCase()));
  assert.deepEqual(rows.filter((r) => checkSet.has(r.text.toLowerCase())).map((r) => r.text), []);
});

test('the everyday training sets: as much praise as complaint, statements of fact, no copy or near-copy of a tuning or check sentence', () => {
  const first = readCheckSet(TRAINING);
  const more = readCheckSet(MORE_TRAINING);
  for (const [rows, least] of [[first, { opinions: 125, facts: 100 }], [more, { opinions: 50, facts: 20 }]] as const) {
    const count = (label: string) => rows.filter((r) => r.label === label).length;
    assert.ok(count('positive') >= least.opinions, `${count('positive')} positive`);
    assert.equal(count('negative'), count('positive'));
    assert.ok(count('neutral') >= least.facts, `${count('neutral')} neutral`);
  }
  const rows = [...first, ...more];
  assert.equal(new Set(rows.map((r) => r.text.toLowerCase())).size, rows.length);
  for (const other of [TUNING, FIXTURE]) {
    const sets = readCheckSet(other).map((r) => wordSet(r.text));
    // Everyday sentences share common words; 60% of the words in common is a rewording of the same sentence.
    const near = rows.filter((r) => sets.some((s) => overlap(wordSet(r.text), s) >= 0.6)).map((r) => r.text);
    assert.deepEqual(near, [], other);
  }
});

test('near-copies are told apart from sentences that merely share words', () => {
  assert.ok(overlap(wordSet('The update broke the login page.'), wordSet('The login page broke after the update!')) >= 0.6);
  assert.ok(overlap(wordSet('The update broke the login page.'), wordSet('The page loads fast after the update.')) < 0.6);
});

test('a malformed check-set line is reported with its line number', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gru-scribe-check-set-'));
  try {
    const path = join(dir, 'bad.tsv');
    writeFileSync(path, 'label\tsentence\npositive\tFine.\nmixed\tSo-so.\n');
    assert.throws(() => readCheckSet(path), /bad\.tsv:3: expected positive\|neutral\|negative/);
    writeFileSync(path, 'label\tsentence\nneutral\t  \n');
    assert.throws(() => readCheckSet(path), /bad\.tsv:2/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('three-class accuracy counts exact labels; swaps count positive <-> negative only', () => {
  const score = scoreCheckSet(
    ['positive', 'positive', 'neutral', 'negative', 'negative', 'neutral'],
    ['positive', 'negative', 'positive', 'negative', 'neutral', 'neutral'],
  );
  assert.equal(score.accuracy, 3 / 6);
  assert.equal(score.swaps, 1 / 6);
  assert.deepEqual(score.confusion.positive, { positive: 1, neutral: 0, negative: 1 });
  assert.deepEqual(score.confusion.neutral, { positive: 1, neutral: 1, negative: 0 });
  assert.throws(() => scoreCheckSet(['positive'], []), /one prediction per sentence/);
});
