// The bundled English sentiment model (models/sentiment) with its subjectivity head: plain statements of
// fact are shown neutral, clear opinions keep their label. None of these sentences is in the everyday
// check set (test/fixtures/everyday-sentiment.tsv), whose figures are in the model card.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadSentimentClassifier } from '../../../src/model/sentiment/folder';

const MODEL_DIR = join(__dirname, '..', '..', '..', '..', 'models', 'sentiment');

const FACTS = [
  'The train leaves at seven from platform four.',
  'The office is on the second floor.',
  'The meeting room has a projector.',
  'Our team has six developers.',
  'The file is saved in the downloads folder.',
  'The conference takes place in May.',
];

test('the English model has a subjectivity head and shows plain statements of fact as neutral', () => {
  const classifier = loadSentimentClassifier(MODEL_DIR);
  assert.ok(classifier.metadata.subjectivity, 'metadata.json carries the head');
  for (const fact of FACTS) {
    const parts = classifier.scoreParts(classifier.encode(fact));
    assert.equal(classifier.classify(fact).label, 'neutral', `${fact}: polarity ${parts.polarity.toFixed(3)}, subjectivity ${parts.subjectivity.toFixed(3)}`);
  }
});

test('clear opinions keep their label, and --binary still decides every sentence', () => {
  const classifier = loadSentimentClassifier(MODEL_DIR);
  assert.equal(classifier.classify('This is a wonderful film with a moving story and superb acting.').label, 'positive');
  assert.equal(classifier.classify('The plot is a mess and the dialogue is painfully dull.').label, 'negative');
  assert.equal(classifier.classify('A charming, funny and heartfelt book.').label, 'positive');
  assert.equal(classifier.classify('Boring characters and a predictable ending.').label, 'negative');
  for (const fact of FACTS) assert.notEqual(classifier.classify(fact, { binary: true }).label, 'neutral');
});
