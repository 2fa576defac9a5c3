// The number shown for a sentence is P(positive) + P(neutral) / 2 (src/model/sentiment/subjectivity.ts), not
// the probability of positive: a plain statement of fact scores near 0.5. The hover, the reading steps of the
// inside panel and the neutral-band setting say so, in English and in Chinese.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { INSIDE_STRINGS } from '../../../src/inside/strings';

const root = join(__dirname, '..', '..', '..', '..');
const json = (...path: string[]) => JSON.parse(readFileSync(join(root, ...path), 'utf8')) as Record<string, string>;
const nls = json('package.nls.json');
const nlsZh = json('package.nls.zh-cn.json');
const bundle = json('l10n', 'bundle.l10n.zh-cn.json');

test('no English or Chinese string calls the sentiment score the probability of positive', () => {
  const english = [...Object.values(nls), ...Object.keys(bundle)].filter((s) => /probability of positive/i.test(s));
  const chinese = [...Object.values(nlsZh), ...Object.values(bundle)].filter((s) => /(正面|积极)(的)?概率|判为积极的概率/.test(s));
  assert.deepEqual(english, []);
  assert.deepEqual(chinese, []);
});

test('the neutral-band setting gives the score as P(positive) + P(neutral) / 2, in both languages', () => {
  assert.match(nls['config.sentiment.neutralBand.markdownDescription'], /P\(positive\) \+ P\(neutral\) \/ 2/);
  assert.match(nlsZh['config.sentiment.neutralBand.markdownDescription'], /P\(正面\) \+ P\(中性\) \/ 2/);
});

test('the hover and the inside panel name the score the same way', () => {
  const hover = Object.keys(bundle).find((k) => k.startsWith('**Sentiment: {0}**'));
  assert.ok(hover, 'hover string in the Chinese bundle');
  assert.match(hover, /score \{1\}% \(P\(positive\) \+ P\(neutral\) \/ 2\)/);
  assert.match(bundle[hover], /P\(正面\) \+ P\(中性\) \/ 2/);
  assert.ok(INSIDE_STRINGS.some((s) => /^Sentiment score \(P\(positive\) \+ P\(neutral\) \/ 2\) after each word/.test(s)));
});
