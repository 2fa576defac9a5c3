import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ByteDecoder } from '../../../src/model/lm/types';
import {
  commonPrefixLength, drawPositions, evaluateLanguageModel, isEligibleOffset, lineEnd, WordCompletion,
} from '../../../src/model/lm/evaluate';
import type { ScoringDecoder } from '../../../src/model/lm/types';
import { FakeSnapshot } from '../completion/fakeDecoder';

const enc = (s: string) => new TextEncoder().encode(s);

test('eligible offsets exclude line ends and the inside of characters', () => {
  const bytes = enc('ab\r\n中\n');
  // a b \r \n [e4 b8 ad] \n
  assert.deepEqual([...bytes.keys()].filter((i) => isEligibleOffset(bytes, i)), [0, 1, 4]);
  assert.equal(isEligibleOffset(bytes, bytes.length), false);
  assert.equal(lineEnd(bytes, 0), 2);
  assert.equal(lineEnd(bytes, 4), 7);
  assert.equal(lineEnd(enc('xyz'), 1), 3);
});

test('positions are distinct, eligible, sorted, reproducible and spread over all files', () => {
  const files = [{ name: 'a', bytes: enc('hello\nworld\n'.repeat(20)) }, { name: 'b', bytes: enc('中文\n'.repeat(50)) }];
  const p = drawPositions(files, 60, 9);
  assert.equal(p.length, 60);
  assert.deepEqual(drawPositions(files, 60, 9), p);
  assert.notDeepEqual(drawPositions(files, 60, 10), p);
  assert.equal(new Set(p.map(([f, o]) => `${f}:${o}`)).size, 60);
  for (const [f, o] of p) assert.ok(isEligibleOffset(files[f].bytes, o));
  assert.deepEqual([...p].sort((x, y) => x[0] - y[0] || x[1] - y[1]), p);
  assert.ok(p.some(([f]) => f === 0) && p.some(([f]) => f === 1));
  // Asking for more than exist gives all of them, once each.
  const eligible = files.reduce((s, f) => s + [...f.bytes.keys()].filter((i) => isEligibleOffset(f.bytes, i)).length, 0);
  assert.equal(drawPositions(files, 1e6, 1).length, eligible);
});

test('common prefix in bytes', () => {
  assert.equal(commonPrefixLength(enc('hello'), enc('help')), 3);
  assert.equal(commonPrefixLength(enc(''), enc('x')), 0);
  assert.equal(commonPrefixLength(enc('中文'), enc('中国')), 3);
  assert.equal(commonPrefixLength(enc('é'), enc('è')), 1);
});

test('word completion offers the most frequent longer earlier word', () => {
  const text = 'render renderer render rendering\nren';
  const w = new WordCompletion();
  assert.equal(w.suggest(text, text.length), 'der');
  // Only words before the cursor count; the typed word itself does not.
  const w2 = new WordCompletion();
  const t2 = 'alpha beta alphabet';
  assert.equal(w2.suggest(t2, 2), '');
  assert.equal(w2.suggest(t2, 13), 'pha');
  assert.equal(w2.suggest(t2, 19), '');
  // No word being typed: nothing.
  assert.equal(new WordCompletion().suggest('foo foo ', 8), '');
});

/** A decoder whose log-probability of every byte is log(1/4): 2 bits per byte. */
function quarterDecoder(): ScoringDecoder & { fed: number[] } {
  const fed: number[] = [];
  return {
    fed,
    reset() { fed.length = 0; },
    feed(b) { fed.push(b); },
    feedAll(bytes) { bytes.forEach((b) => fed.push(b)); },
    nextProbabilities(out = new Float32Array(256)) { return out.fill(1 / 256); },
    snapshot() { return new FakeSnapshot(fed.slice()); },
    restore(s) { fed.length = 0; fed.push(...(s as FakeSnapshot<number[]>).value); },
    logProbability() { return Math.log(0.25); },
  };
}

test('evaluation: bits per byte over every byte, suggestions scored against the rest of the line', () => {
  const files = [{ name: 'a', bytes: enc('abc abd\nabc\n') }, { name: 'b', bytes: enc('xyz') }];
  const decoder = quarterDecoder();
  const seen: Array<[string, string]> = [];
  const result = evaluateLanguageModel(decoder, files, {
    positions: 1000,
    seed: 1,
    // The model always suggests "bc": right after each "a", wrong elsewhere.
    suggest: (d, linePrefix) => {
      seen.push([linePrefix, new TextDecoder().decode(Uint8Array.from((d as ReturnType<typeof quarterDecoder>).fed))]);
      return 'bc';
    },
  });
  assert.equal(result.bytes, 15);
  assert.ok(Math.abs(result.bitsPerByte - 2) < 1e-12);
  // Eligible: 'abc abd' (7) + 'abc' (3) + 'xyz' (3).
  assert.equal(result.positions, 13);
  // The decoder has read exactly the file up to the cursor, and the line prefix matches.
  for (const [prefix, fed] of seen) assert.ok(fed.endsWith(prefix), `${JSON.stringify(fed)} vs ${JSON.stringify(prefix)}`);
  assert.deepEqual(seen.map(([p]) => p).slice(0, 3), ['', 'a', 'ab']);
  // "bc" is fully right after 'a' in "abc" (twice); matches 'b' only after the 'a' of "abd".
  assert.equal(result.acceptRate, 2 / 13);
  assert.equal(result.meanMatchedBytes, (2 + 1 + 2) / 13);
  // Word completion: "a|bd" offers "bc" (1 byte right); on line 2 "abc" and "abd" tie and the more recent
  // "abd" wins: "a|bc" offers "bd" (1 byte right), "ab|c" offers "d" (wrong). Never fully right.
  const { acceptRate, meanMatchedBytes, replayedBytes } = { ...result.baseline.wordCompletion, replayedBytes: result.replayedBytes };
  assert.deepEqual({ acceptRate, meanMatchedBytes }, { acceptRate: 0, meanMatchedBytes: 2 / 13 });
  assert.equal(replayedBytes, 0, 'no keystroke replay unless asked for');
});

test('keystroke replay: a model that always knows the rest of the line saves all but one key per line', () => {
  const text = 'the cat sat\nthe cat ran\n';
  const bytes = enc(text);
  // Suggests exactly the real rest of the line: the typist presses Tab once at each line start.
  const oracle = (d: ByteDecoder) => {
    const at = (d as ReturnType<typeof quarterDecoder>).fed.length;
    return text.slice(at, text.indexOf('\n', at));
  };
  const result = evaluateLanguageModel(quarterDecoder(), [{ name: 'a', bytes }], { positions: 0, seed: 1, replayBytes: 1e9, suggest: oracle });
  assert.equal(result.replayedBytes, bytes.length);
  // Per line: 11 bytes accepted for 1 Tab; the newline is typed. (22 - 2) / 24.
  assert.equal(result.keystrokeSavings, Number((20 / 24).toFixed(4)));
  assert.equal(result.precision, 1);
  // Shown at the two line starts, and nowhere else (the typist skipped the accepted text).
  assert.equal(result.shownPer100Bytes, Number((200 / 24).toFixed(4)));
  // The cursor stops at each line start (a boundary, shown) and each line end (after a letter, nothing shown).
  assert.deepEqual(result.wordBoundary, { shownRate: 1, precision: 1 });
});

test('keystroke replay: a model that is always wrong saves nothing and has no precision', () => {
  const bytes = enc('alpha beta\n');
  const result = evaluateLanguageModel(quarterDecoder(), [{ name: 'a', bytes }], { positions: 0, seed: 1, replayBytes: 1e9, suggest: () => 'zzz qqq' });
  assert.equal(result.keystrokeSavings, 0);
  assert.equal(result.precision, 0);
  // Shown at every character typed (10 of 11 bytes: not after the last, at the newline itself it is shown too).
  assert.ok(result.shownPer100Bytes > 90);
});
