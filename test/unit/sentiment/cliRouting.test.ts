// `gru-scribe sentiment` on English and Chinese lines: each line judged by the model of its main script,
// one JSON object per input line, a "skipped" reason where the editor leaves a line unlabelled, and
// hostile input (traditional characters, full-width punctuation, emoji, a megabyte without punctuation)
// labelled or skipped, never a crash.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

// This bundle runs from out/test/unit/sentiment/.
const ROOT = join(__dirname, '..', '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

interface Line { label: string; score: number; skipped?: string }

function sentiment(input: string, ...args: string[]): Line[] {
  const r = spawnSync(process.execPath, [CLI, 'sentiment', ...args], { input, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Line);
}

/** Input line -> expected label, or skip reason. */
const CASES: Array<[string, string]> = [
  ['This is a wonderful film with a moving story and superb acting.', 'positive'],
  ['The plot is a mess and the dialogue is painfully dull.', 'negative'],
  ['这部电影非常感人，我很喜欢。', 'positive'],
  ['质量太差了，用了三天就坏了，再也不买了。', 'negative'],
  ['這款手機質量很好，非常滿意！', 'positive'], // traditional characters
  ['物流很快，包装也很好ＯＫ！！', 'positive'], // full-width punctuation and letters
  ['太失望了😡，客服根本不理人。', 'negative'], // emoji inside
  ['😀👍🎉', 'skipped:no-words'],
  ['', 'skipped:no-words'],
  ['# Notes from the editor', 'skipped:not-a-sentence'],
  ['## 使用说明', 'skipped:not-a-sentence'],
  ['Night Train', 'skipped:not-a-sentence'],
  ['Отличный фильм, всем советую.', 'skipped:other-script'],
];

const outcome = (r: Line) => (r.skipped ? `skipped:${r.skipped}` : r.label);

test('English and Chinese lines in one input, each judged by its own model', () => {
  const out = sentiment(CASES.map(([line]) => line).join('\n'));
  assert.equal(out.length, CASES.length, 'one result per input line');
  assert.deepEqual(out.map(outcome), CASES.map(([, expected]) => expected));
  for (const r of out) {
    assert.ok(r.score >= 0 && r.score <= 1);
    if (r.skipped) assert.equal(r.label, 'neutral', 'a skipped line is shown neutral');
  }
});

test('--binary: every line positive or negative, skipped ones still say why', () => {
  const out = sentiment(CASES.map(([line]) => line).join('\n'), '--binary');
  assert.equal(out.length, CASES.length);
  for (const r of out) assert.ok(r.label === 'positive' || r.label === 'negative', JSON.stringify(r));
  assert.deepEqual(out.map((r) => r.skipped), CASES.map(([, e]) => (e.startsWith('skipped:') ? e.slice(8) : undefined)));
});

test('--model with the Chinese model replaces only the Chinese model', () => {
  const input = `${CASES[0][0]}\n${CASES[2][0]}\n`;
  assert.deepEqual(sentiment(input, '--model', join(ROOT, 'models', 'sentiment-zh')), sentiment(input));
});

test('a megabyte of Chinese without punctuation on one line: one result, from the Chinese model', () => {
  const line = '这个东西很好用我很喜欢下次还会再来买'.repeat(60_000);
  const out = sentiment(`${line}\n${CASES[0][0]}`);
  assert.equal(out.length, 2);
  assert.equal(out[0].skipped, undefined);
  assert.equal(out[0].label, 'positive');
});
