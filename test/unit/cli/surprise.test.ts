// `gru-scribe surprise` through `node dist/cli.js`, on a tiny random model.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadLanguageModel } from '../../../src/model/lm/io';
import { MAX_SURPRISE_BYTES } from '../../../src/model/lm/surprise';
import { isCleanFailure, removeTempDirs, runCli, tempDir, tinyModelFolder } from './lmFixture';

let model = '';
let dir = '';
// No three bytes repeat, so the match model never predicts and the bits are the network's alone.
const TEXT = 'fn abc(x) {\n  q = 7;\n}\nZ';

before(async () => {
  model = await tinyModelFolder();
  dir = tempDir();
});

after(removeTempDirs);

/** Bits per line computed directly: tfjs's predict over the whole text, the first byte from the zero state. */
async function directBits(text: string): Promise<number[]> {
  await tf.setBackend('cpu');
  const { model: m } = await loadLanguageModel(model);
  const bytes = new TextEncoder().encode(text);
  const costs = tf.tidy(() => {
    // Step t's output is the distribution of byte t + 1; byte 0's comes from the state before any byte,
    // zeros, through the output layer: its bias.
    const dense = m.layers[m.layers.length - 1].getWeights()[1];
    const first = tf.logSoftmax(dense).dataSync();
    const rest = tf.logSoftmax(m.predict(tf.tensor2d(Array.from(bytes), [1, bytes.length])) as tf.Tensor).dataSync();
    return Array.from(bytes, (b, t) => -(t === 0 ? first[b] : rest[(t - 1) * 256 + b]) / Math.LN2);
  });
  m.dispose();
  const lines: number[] = [];
  let sum = 0;
  bytes.forEach((b, i) => {
    sum += costs[i];
    if (b === 0x0a || i === bytes.length - 1) { lines.push(sum); sum = 0; }
  });
  return lines;
}

test('one JSON object per line, in order, with the bits computed directly from the model', async () => {
  const file = join(dir, 'code.rs');
  writeFileSync(file, TEXT);
  const r = runCli('surprise', '--model', model, file);
  assert.equal(r.status, 0, r.stderr);
  const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(rows.map((o) => Object.keys(o)), Array(4).fill(['line', 'bits', 'bitsPerByte', 'surprise']));
  assert.deepEqual(rows.map((o) => o.line), [1, 2, 3, 4]);
  const expected = await directBits(TEXT);
  rows.forEach((o, i) => assert.ok(Math.abs(o.bits - expected[i]) < 1e-3, `line ${i + 1}: ${o.bits} vs ${expected[i]}`));
  assert.deepEqual(rows.map((o) => o.bitsPerByte), rows.map((o, i) => o.bits / [12, 9, 2, 1][i]));
  assert.ok(rows.every((o) => Number.isFinite(o.surprise)));
});

test('bad input: a clear message, a non-zero exit and nothing on stdout', () => {
  const write = (name: string, data: string | Uint8Array) => { const p = join(dir, name); writeFileSync(p, data); return p; };
  const cases: Array<[string[], RegExp]> = [
    [[write('nul.bin', Uint8Array.from([97, 10, 0, 98, 10]))], /nul\.bin: it contains NUL bytes \(binary file\?\)/],
    [[write('latin1.txt', Uint8Array.from([0x63, 0x61, 0x66, 0xe9, 10, 0x61, 10]))], /latin1\.txt: it is not valid UTF-8/],
    [[write('empty.txt', '')], /empty/],
    [[write('one.txt', 'only one line\n')], /one\.txt has one line; .* two or more/],
    [[join(dir, 'missing.txt')], /file not found: .*missing\.txt/],
    [[dir], /is a folder/],
    [[], /exactly one FILE/],
    [[write('a.txt', 'a\nb\n'), write('b.txt', 'a\nb\n')], /exactly one FILE/],
  ];
  const huge = write('huge.txt', '');
  truncateSync(huge, MAX_SURPRISE_BYTES + 1);
  cases.push([[huge], /huge\.txt is 1\.0 MiB; surprise reads files of at most 1 MiB/]);
  for (const [args, message] of cases) {
    const r = runCli('surprise', '--model', model, ...args);
    assert.ok(isCleanFailure(r, message), `${args.join(' ')}: ${r.status} ${r.stderr}`);
  }
});
