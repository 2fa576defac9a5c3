// The sentence at the cursor read word by word by the bundled classifier of its language ("Look Inside the Model"):
// each step is the classifier's score of the words so far, and the last is the sentence's own score.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadSentimentClassifier } from '../../../src/model/sentiment/folder';
import { sentenceSteps } from '../../../src/sentiment/sentenceSteps';

const modelDir = (name: string) => join(__dirname, '..', '..', '..', '..', 'models', name);
const classifier = loadSentimentClassifier(modelDir('sentiment'));
const chinese = loadSentimentClassifier(modelDir('sentiment-zh'));
const models = { en: classifier, zh: chinese };

test('each step is the score of the words read so far; the last is the whole sentence\'s', () => {
  const text = 'The plot was dull. But the acting is wonderful and the music is great!';
  const steps = sentenceSteps(models, text, 'plaintext', text.indexOf('acting'))!;
  assert.ok(steps);
  assert.equal(text.slice(steps.start, steps.end).trim(), 'But the acting is wonderful and the music is great!');
  assert.equal(steps.words.length, steps.scores.length);
  assert.deepEqual(steps.words.slice(0, 3).map((w) => w.toLowerCase()), ['but', 'the', 'acting']);
  steps.words.forEach((_, i) => {
    const prefix = classifier.encode(steps.words.slice(0, i + 1).join(' '));
    assert.ok(Math.abs(classifier.scoreIds(prefix) - steps.scores[i]) < 1e-6, `step ${i}`);
  });
  assert.ok(Math.abs(steps.scores.at(-1)! - classifier.score(text.slice(steps.start, steps.end))) < 1e-6);
  // "wonderful" moves it up.
  const at = steps.words.findIndex((w) => w.toLowerCase() === 'wonderful');
  assert.ok(steps.scores[at] > steps.scores[at - 1], JSON.stringify(steps));
});

test('in code, the comment the cursor is at or next to', () => {
  const code = '// The parser is wonderfully fast.\nconst x = 1;\n'.repeat(2) + 'x'.repeat(200) + '\n// Slow and broken.\n';
  assert.equal(sentenceSteps(models, code, 'typescript', 0)?.start, 3);
  assert.deepEqual(sentenceSteps(models, code, 'typescript', code.length - 3)?.words.slice(0, 3), ['slow', 'and', 'broken']);
  // Far from any comment: none.
  assert.equal(sentenceSteps(models, code, 'typescript', code.indexOf('x'.repeat(200)) + 100), undefined);
});

test('a Chinese sentence is read by the Chinese model, as Analyze Sentiment routes it', () => {
  const text = '这部电影很好看。';
  const steps = sentenceSteps(models, text, 'plaintext', 3)!;
  assert.ok(steps);
  assert.equal(steps.words.length, steps.scores.length);
  assert.ok(Math.abs(steps.scores.at(-1)! - chinese.score(text.slice(steps.start, steps.end))) < 1e-6);
});

test('nothing to judge at the cursor: an empty document, a heading', () => {
  assert.equal(sentenceSteps(models, '', 'plaintext', 0), undefined);
  assert.equal(sentenceSteps(models, '# Notes from the editor\n', 'markdown', 4), undefined);
});
