// The sentiment worker with both bundled models: English and Chinese sentences of one document each
// labelled by their own model, and hostile input (traditional characters, full-width punctuation, emoji,
// Chinese in code comments and Markdown, a megabyte of Chinese without punctuation) labelled or skipped
// with a reason, never a hang or a crash.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { SentimentWorkerClient } from '../../../src/sentiment/client';
import type { ScoredSpan, SkippedSpan } from '../../../src/sentiment/protocol';

// This bundle runs from out/test/unit/sentiment/.
const ROOT = join(__dirname, '..', '..', '..', '..');
const client = new SentimentWorkerClient(join(ROOT, 'dist', 'workers', 'sentimentWorker.js'), {
  en: join(ROOT, 'models', 'sentiment'),
  zh: join(ROOT, 'models', 'sentiment-zh'),
});
after(() => client.dispose());

async function analyze(text: string, languageId: string): Promise<{ scored: ScoredSpan[]; skipped: SkippedSpan[]; planned: number }> {
  const scored: ScoredSpan[] = [];
  const skipped: SkippedSpan[] = [];
  let planned = 0;
  const run = client.analyze({ text, languageId, offset: 0, priority: [], batchSize: 128 }, {
    onPlan: (n, s) => { planned = n; skipped.push(...s); },
    onResults: (sc, sk) => { scored.push(...sc); skipped.push(...sk); },
  });
  assert.equal(await run.finished, false);
  return { scored, skipped, planned };
}

/** What became of the sentence `sentence` of `text`: "language label" or "skipped reason". */
function outcome(text: string, r: { scored: ScoredSpan[]; skipped: SkippedSpan[] }, sentence: string, bands: Record<string, [number, number]>): string {
  const start = text.indexOf(sentence);
  const s = r.scored.find((a) => a.start === start && a.end === start + sentence.length);
  if (s) {
    const [low, high] = bands[s.language];
    return `${s.language} ${s.score < low ? 'negative' : s.score > high ? 'positive' : 'neutral'}`;
  }
  const k = r.skipped.find((a) => a.start === start && a.end === start + sentence.length);
  return k ? `skipped ${k.reason}` : 'missing';
}

test('a mixed Markdown document: each sentence to its own model, headings skipped', async () => {
  const { neutralBands } = await client.ensureModels();
  assert.deepEqual(neutralBands.zh, [0.33, 0.67], 'the Chinese band from its metadata');
  const expected: Array<[string, string]> = [
    ['Reader reviews', 'skipped not-a-sentence'],
    ['This is a wonderful film with a moving story and superb acting.', 'en positive'],
    ['The plot is a mess and the dialogue is painfully dull.', 'en negative'],
    ['最后一章写得非常感人，我很喜欢。', 'zh positive'],
    ['质量太差了，用了三天就坏了；', 'zh negative'],
    ['这款手机质量很好', 'zh positive'],
    ['這款手機質量很好，非常滿意！', 'zh positive'],
    ['物流很快，包装也很好ＯＫ！！', 'zh positive'],
    ['太失望了😡，客服根本不理人。', 'zh negative'],
    ['Отличный фильм.', 'skipped other-script'],
    // A heading is skipped for the first reason the CLI gives too (../../../src/sentiment/judge).
    ['Отзывы читателей', 'skipped other-script'],
  ];
  const text = [
    '# Reader reviews', '',
    `${expected[1][0]} ${expected[2][0]}${expected[3][0]}`, '',
    `${expected[4][0]}再也不买了。`, '',
    `${expected[5][0]}\n${expected[6][0]}`, '',
    `- ${expected[7][0]}`, `- ${expected[8][0]}`, '',
    `> ${expected[9][0]}`, '',
    `## ${expected[10][0]}`, '',
  ].join('\n');
  const r = await analyze(text, 'markdown');
  assert.deepEqual(expected.map(([s]) => [s, outcome(text, r, s, neutralBands)]), expected);
});

test('Chinese in code comments, with emoji and full-width text', async () => {
  const { neutralBands } = await client.ensureModels();
  const text = '// 这个函数写得很清楚，很好用。\nconst s = "质量太差了";\n/* 代码太乱了，看不懂😡！ */\n// ＴＯＤＯ：再看看\n';
  const r = await analyze(text, 'typescript');
  assert.equal(outcome(text, r, '这个函数写得很清楚，很好用。', neutralBands), 'zh positive');
  assert.equal(outcome(text, r, '代码太乱了，看不懂😡！', neutralBands), 'zh negative');
  assert.ok(!r.scored.some((a) => text.slice(a.start, a.end).includes('质量')), 'strings are not comments');
  assert.equal(r.scored.length + r.skipped.length, 3);
});

test('a megabyte of Chinese without punctuation: one paragraph, or one line after another', async () => {
  const phrase = '这个东西很好用我很喜欢下次还会再来买';
  const paragraph = phrase.repeat(Math.ceil(2 ** 20 / phrase.length));
  const one = await analyze(paragraph, 'plaintext');
  assert.deepEqual(one.scored.map((a) => [a.start, a.end, a.language]), [[0, paragraph.length, 'zh']], 'one sentence, labelled by its start');
  const lines = Array.from({ length: Math.ceil(2 ** 20 / 40) }, (_, i) => `第${i}行${phrase}`).join('\n');
  const many = await analyze(lines, 'plaintext');
  const count = lines.split('\n').length;
  assert.equal(many.scored.length + many.skipped.length, count, 'every line is a sentence, labelled or skipped');
  assert.ok(many.scored.every((a) => a.language === 'zh'));
});
