// The everyday check set and what is measured on it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readCheckSet, scoreCheckSet } from '../../../src/model/sentiment/checkSet';

const FIXTURE = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'everyday-sentiment.tsv');
const TUNING = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'everyday-sentiment-tune.tsv');

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
