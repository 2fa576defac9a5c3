// What the sentiment classifier reads of a long text: a bounded start, the same in the editor's worker
// and in the command-line tool.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { MAX_SENTENCE_CHARS, readablePart } from '../../../src/model/sentiment/classifier';
import { loadSentimentClassifier } from '../../../src/model/sentiment/folder';

// This bundle runs from out/test/unit/sentiment/.
const ROOT = join(__dirname, '..', '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const MODEL = join(ROOT, 'models', 'sentiment');

/** About `chars` characters of review words with no sentence end, good words first and bad ones after. */
function runOn(chars: number): string {
  const half = 'the film is a wonderful and moving delight with superb acting '.repeat(Math.ceil(chars / 124));
  return half + 'but then it turns into a dull awful tedious mess that nobody could enjoy '.repeat(Math.ceil(chars / 146));
}

test('a text up to the cap is read whole; a longer one up to the cap, ending with a whole word', () => {
  assert.equal(readablePart('Short and sweet.'), 'Short and sweet.');
  const exact = 'a'.repeat(MAX_SENTENCE_CHARS);
  assert.equal(readablePart(exact), exact);
  const long = runOn(50_000);
  const part = readablePart(long);
  assert.ok(part.length <= MAX_SENTENCE_CHARS && part.length > MAX_SENTENCE_CHARS - 20, `${part.length} characters`);
  assert.ok(long.startsWith(part) && long[part.length] === ' ', 'a start of the text, cut at a word end');
  // Runs of white space count as one, as in the editor's sentence text.
  assert.equal(readablePart(long.replace(/ /g, ' \t\n ')), part);
  // One word longer than the cap is cut, never inside a surrogate pair.
  assert.equal(readablePart('x'.repeat(1_000_000)), 'x'.repeat(MAX_SENTENCE_CHARS));
  const emoji = `${'x'.repeat(MAX_SENTENCE_CHARS - 1)}😀😀`;
  assert.equal(readablePart(emoji), 'x'.repeat(MAX_SENTENCE_CHARS - 1));
});

test('the classifier scores a long text by what it reads of it', () => {
  const classifier = loadSentimentClassifier(MODEL);
  const long = runOn(20_000);
  assert.equal(classifier.score(long), classifier.score(readablePart(long)));
  assert.equal(classifier.classify(long).label, 'positive', 'the start of the text is praise');
  assert.deepEqual(classifier.encode(long), classifier.encode(readablePart(long)));
});

test('the CLI on a 236 KB line without a sentence end gives what the editor gives its sentence', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gru-scribe-sentiment-'));
  try {
    const line = runOn(236_000).replace(/ (moving|mess) /g, '  $1\t');
    const file = join(dir, 'long.txt');
    writeFileSync(file, `${line}\n${readablePart(line.replace(/\s+/g, ' ').trim())}\n`);
    const r = spawnSync(process.execPath, [CLI, 'sentiment', file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const [whole, editor] = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { label: string; score: number });
    assert.deepEqual(whole, editor);
    assert.equal(whole.label, 'positive');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
