import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompletionStatistics, localDay } from '../../../src/completion/statistics';

test('shown, accepted in full and by word, characters, rate and latency, per language and in total', () => {
  const stats = new CompletionStatistics(undefined, () => new Date(2026, 10, 30, 9));
  for (const ms of [3, 4, 5, 6, 200]) stats.recordShown('markdown', ms);
  stats.recordShown('typescript', 10);
  stats.recordAccepted('markdown', 12, 'full', true);
  stats.recordAccepted('markdown', 4, 'word', true);
  stats.recordAccepted('markdown', 5, 'word', false); // a second word of the same suggestion
  const { rows, total } = stats.summary('today');
  assert.deepEqual(rows.map((r) => r.language), ['markdown', 'typescript']);
  const md = rows[0];
  assert.deepEqual([md.shown, md.acceptedFull, md.acceptedByWord, md.charsAccepted], [5, 1, 1, 21]);
  assert.equal(md.acceptanceRate, 2 / 5);
  assert.ok(md.latencyP50 >= 5 && md.latencyP50 < 5 * 1.25, `p50 ${md.latencyP50}`);
  assert.ok(md.latencyP95 >= 200 && md.latencyP95 < 250, `p95 ${md.latencyP95}`);
  assert.equal(total.shown, 6);
  assert.ok(Number.isNaN(new CompletionStatistics(undefined).summary('all').total.latencyP50), 'no latency without data');
});

test('today and all time; the data survives a round trip through storage, and resets', () => {
  let now = new Date(2026, 10, 29, 23, 59);
  const stats = new CompletionStatistics(undefined, () => now);
  stats.recordShown('go', 1);
  now = new Date(2026, 10, 30, 0, 1);
  stats.recordShown('go', 1);
  assert.equal(stats.summary('today').total.shown, 1);
  assert.equal(stats.summary('all').total.shown, 2);
  const stored = JSON.parse(JSON.stringify(stats.toJSON()));
  assert.deepEqual(Object.keys(stored.days), [localDay(new Date(2026, 10, 29)), localDay(new Date(2026, 10, 30))]);
  assert.equal(new CompletionStatistics(stored, () => now).summary('all').total.shown, 2);
  stats.reset();
  assert.equal(stats.summary('all').total.shown, 0);
});

test('stored data that is not what this version writes starts afresh instead of failing', () => {
  for (const bad of [null, 'x', { version: 2, days: {} }, { version: 1, days: { d: { go: { shown: 'many' } } } }, { version: 1, days: { d: { go: { shown: 1, acceptedFull: 0, acceptedByWord: 0, charsAccepted: 0, latency: [1] } } } }]) {
    assert.equal(new CompletionStatistics(bad).summary('all').total.shown, 0, JSON.stringify(bad));
  }
});
