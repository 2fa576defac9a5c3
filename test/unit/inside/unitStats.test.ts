// The text properties units are compared with, the correlations against a direct two-pass Pearson
// computation over the tiny model's states, and the view's per-character figures and signals.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { likeliestCharacters } from '../../../src/model/inside/nextCharacters';
import { PROPERTIES, textProperties, type PropertyName } from '../../../src/model/inside/properties';
import { BITS_SCALE, decodeSignals, encodeSignals } from '../../../src/model/inside/signals';
import { InsideTrace } from '../../../src/model/inside/trace';
import { UnitCorrelations } from '../../../src/model/inside/unitStats';
import { characterEnds, InsideView } from '../../../src/model/inside/view';
import { referenceTrace, tinyDecoder, tinyWeights, UNITS } from './tinyModel';

function property(text: string, name: PropertyName): number[] {
  return [...textProperties(Array.from(text))[PROPERTIES.indexOf(name)]];
}

test('strings and quotations: opening quote inside, closing one not, escapes and apostrophes ignored', () => {
  assert.deepEqual(property('a "b\\"c" d', 'inString'), [0, 0, 1, 1, 1, 1, 1, 0, 0, 0]);
  assert.deepEqual(property("don't 'x'", 'inString'), [0, 0, 0, 0, 0, 0, 1, 1, 0]);
  assert.deepEqual(property('他说“好”。', 'inString'), [0, 0, 1, 1, 0, 0]);
  // An ASCII string ends at the line's end; a template literal does not.
  assert.deepEqual(property('"a\nb`c\nd`', 'inString'), [1, 1, 0, 0, 1, 1, 1, 1, 0]);
});

test('bracket depth outside strings and comments, line position, comments, whitespace, script', () => {
  assert.deepEqual(property('f(a[1], "(")', 'bracketDepth'), [0, 1, 1, 2, 2, 1, 1, 1, 1, 1, 1, 0]);
  assert.deepEqual(property('ab\ncd', 'linePosition'), [1, 2, 0, 1, 2]);
  assert.deepEqual(property('x // y\nz /* w */ v', 'inComment'), [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0]);
  assert.deepEqual(property('<!--a-->b', 'inComment'), [0, 0, 0, 1, 1, 1, 1, 0, 0]);
  assert.deepEqual(property('a b\tc\n', 'afterWhitespace'), [0, 1, 0, 1, 0, 1]);
  assert.deepEqual(property('ab 中文, x。', 'chineseScript'), [0, 0, 0, 1, 1, 1, 1, 0, 0]);
});

/** Pearson correlation of two series, two passes, straight from the definition. */
function pearson(x: number[], y: number[]): number {
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(x), my = mean(y);
  let sxy = 0, sxx = 0, syy = 0;
  x.forEach((v, i) => { sxy += (v - mx) * (y[i] - my); sxx += (v - mx) ** 2; syy += (y[i] - my) ** 2; });
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

const SAMPLE = 'const s = "a (b) c"; // note\nif (x[0]) { y = f(1, 2); }\n他说：“今天(很)好。”\n'.repeat(3);

test('each unit\'s correlation with each property is the two-pass Pearson correlation; ranking by |r|', () => {
  const chars = Array.from(SAMPLE);
  const bytes = new TextEncoder().encode(SAMPLE);
  const states = referenceTrace(tinyWeights(), bytes);
  const { ends } = characterEnds(SAMPLE);
  const props = textProperties(chars);
  const trace = new InsideTrace(tinyDecoder());
  trace.update(bytes);
  const stats = new UnitCorrelations(UNITS);
  chars.forEach((_, i) => stats.add(trace.hidden, (ends[i] - 1) * UNITS, props, i));
  assert.equal(stats.samples, chars.length);
  for (let j = 0; j < UNITS; j++) {
    const h = chars.map((_, i) => states[ends[i] - 1].h[j]);
    PROPERTIES.forEach((name, p) => {
      const expected = pearson(h, [...props[p]]);
      assert.ok(Math.abs(stats.correlation(j, p) - expected) < 1e-4, `unit ${j}, ${name}: ${stats.correlation(j, p)} vs ${expected}`);
    });
  }
  const ranked = stats.ranked();
  assert.equal(ranked.length, UNITS);
  for (let k = 1; k < ranked.length; k++) assert.ok(Math.abs(ranked[k - 1].correlation) >= Math.abs(ranked[k].correlation));
  for (const f of ranked) {
    const best = Math.max(...PROPERTIES.map((_, p) => Math.abs(stats.correlation(f.unit, p))));
    assert.equal(Math.abs(f.correlation), best);
    assert.equal(f.correlation, stats.correlation(f.unit, PROPERTIES.indexOf(f.property)));
  }
});

test('a property that never varies correlates with nothing', () => {
  const stats = new UnitCorrelations(2);
  const props = textProperties(Array.from('abcdef'));
  for (let i = 0; i < 6; i++) stats.add(Float32Array.of(i, -i * 2), 0, props, i);
  assert.equal(stats.correlation(0, PROPERTIES.indexOf('inComment')), 0);
  assert.ok(Math.abs(stats.correlation(1, PROPERTIES.indexOf('linePosition')) + 1) < 1e-9);
});

test('the view sums bits over each character, and its signals decode to the figures within a step', () => {
  const view = new InsideView(tinyDecoder());
  const w = view.update(SAMPLE, [3]);
  const bytes = new TextEncoder().encode(SAMPLE);
  const states = referenceTrace(tinyWeights(), bytes);
  const { chars, ends } = characterEnds(SAMPLE);
  assert.deepEqual(ends.at(-1), bytes.length);
  assert.equal(w.chars, chars.length);
  assert.ok(w.unitIds.includes(3));
  const signals = decodeSignals(w.signals, w.chars)!;
  assert.equal(signals.units.length, w.unitIds.length);
  chars.forEach((c, i) => {
    const start = i ? ends[i - 1] : 0;
    const bits = states.slice(start, ends[i]).reduce((a, s) => a + s.bits, 0);
    assert.ok(Math.abs(signals.bits[i] - Math.min(bits, 255 / BITS_SCALE)) <= 0.5 / BITS_SCALE + 1e-6, `bits of ${c} at ${i}`);
    const d = view.detail(i, 3);
    assert.ok(Math.abs(d.bits - bits) < 1e-3);
    assert.equal(d.char, c);
    const last = states[ends[i] - 1];
    assert.ok(Math.abs(d.unit!.h - last.h[3]) < 1e-5 && Math.abs(d.unit!.z - last.z[3]) < 1e-5 && Math.abs(d.unit!.r - last.r[3]) < 1e-5);
    assert.ok(Math.abs(signals.units[w.unitIds.indexOf(3)][i] - last.h[3]) <= 1 / 127.5);
    // Exactly: the signal is the hidden value at the character's last byte, quantized, and decodes by the formula.
    const n = w.chars, row = 3 + w.unitIds.indexOf(3);
    assert.equal(w.signals[row * n + i], Math.max(0, Math.min(255, Math.round((d.unit!.h + 1) * 127.5))), `unit 3 at ${i}`);
    assert.equal(signals.units[row - 3][i], Math.fround(w.signals[row * n + i] / 127.5 - 1));
    assert.equal(signals.bits[i], Math.fround(w.signals[i] / BITS_SCALE));
    assert.equal(signals.z[i], Math.fround(w.signals[n + i] / 255));
    assert.equal(signals.r[i], Math.fround(w.signals[2 * n + i] / 255));
  });
  assert.throws(() => view.detail(chars.length), /no character/);
  assert.equal(decodeSignals(Uint8Array.of(1, 2), 3), undefined);
  assert.equal(decodeSignals(encodeSignals(Float32Array.of(1), Float32Array.of(0), Float32Array.of(1), []), 2), undefined);
});

test('the next characters are whole characters with the product of their bytes\' probabilities', () => {
  // 中 is E4 B8 AD: favouring E4 and B8 makes three-byte characters likely next.
  const decoder = tinyDecoder(9, [0xe4, 0xb8]);
  decoder.feedAll(new TextEncoder().encode('中'));
  const before = decoder.nextProbabilities().slice();
  const guesses = likeliestCharacters(decoder, 5);
  assert.deepEqual(decoder.nextProbabilities(), before, 'the decoder is left where it was');
  assert.equal(guesses.length, 5);
  assert.ok(guesses.some((g) => new TextEncoder().encode(g.text).length === 3), JSON.stringify(guesses));
  for (let k = 1; k < guesses.length; k++) assert.ok(guesses[k - 1].probability >= guesses[k].probability);
  const snapshot = decoder.snapshot();
  for (const g of guesses) {
    // Directly: the probability of each byte of the character in turn.
    decoder.restore(snapshot);
    let p = 1;
    const bytes = g.text.startsWith('\\x') ? [parseInt(g.text.slice(2), 16)] : [...new TextEncoder().encode(g.text)];
    for (const b of bytes) { p *= decoder.nextProbabilities()[b]; decoder.feed(b); }
    assert.ok(Math.abs(p - g.probability) < 1e-6, `${g.text}: ${g.probability} vs ${p}`);
  }
  // Every single-byte character at least as likely as the fifth guess is among the guesses.
  const fifth = guesses[4].probability;
  for (let b = 0; b < 0x80; b++) if (before[b] > fifth) assert.ok(guesses.some((g) => g.text === String.fromCharCode(b)), `byte ${b}`);
});

test('the same window asked for again is not read again; other units or an edit are', () => {
  const view = new InsideView(tinyDecoder());
  const first = view.update(SAMPLE, [3]);
  assert.equal(first.readFrom, 0);
  assert.equal(view.update(SAMPLE, [3]), first, 'the same text and units: the same result');
  const other = view.update(SAMPLE, [4]);
  assert.notEqual(other, first);
  assert.ok(other.unitIds.includes(4));
  assert.equal(other.readFrom, other.bytes, 'new units: the statistics again, no byte read again');
  const edited = view.update(SAMPLE + 'x', [4]);
  assert.ok(edited.readFrom < edited.bytes && edited.chars === first.chars + 1);
  // Back to the first text: read again (the trace holds the edited window now), with the first figures.
  const back = view.update(SAMPLE, [3]);
  assert.notEqual(back, first);
  assert.deepEqual(back.signals, first.signals);
  assert.deepEqual(back.units, first.units);
});

test('an update that fails part way leaves no window cached: the old text asked for again is read again', () => {
  const before = 'const a = 1;\n'.repeat(12), after = 'let b = "加法";\n'.repeat(12);
  const decoder = tinyDecoder();
  const feed = decoder.feed.bind(decoder);
  let fedLeft = Infinity;
  decoder.feed = (b: number) => {
    if (fedLeft-- <= 0) throw new Error('the model failed');
    feed(b);
  };
  const view = new InsideView(decoder);
  view.update(before);
  fedLeft = 100; // past the first snapshot of the new text, short of its end
  assert.throws(() => view.update(after), /the model failed/);
  assert.throws(() => view.detail(3), RangeError, 'no window to give details of');
  fedLeft = Infinity;
  const fresh = new InsideView(tinyDecoder());
  for (const text of [before, after]) {
    const expected = fresh.update(text);
    const window = view.update(text);
    assert.deepEqual([...window.signals], [...expected.signals], text.slice(0, 12));
    assert.deepEqual(window.unitIds, expected.unitIds);
    assert.deepEqual(view.detail(20, 2), fresh.detail(20, 2));
  }
});
