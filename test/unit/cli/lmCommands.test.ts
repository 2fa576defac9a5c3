// generate, eval-lm and bench through `node dist/cli.js`, on a tiny random model.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parameterCount } from '../../../src/model/lm/architecture';
import { CLI, isCleanFailure, removeTempDirs, runCli, runCliIn, tempDir, tinyModelFolder } from './lmFixture';

let model = '';
let dir = '';
let text = '';
let text2 = '';

before(async () => {
  model = await tinyModelFolder();
  dir = tempDir();
  text = join(dir, 'a.txt');
  text2 = join(dir, 'b.md');
  writeFileSync(text, 'hello world, hello there\nfunction hello() { return 1; }\n中文文本\n'.repeat(5));
  writeFileSync(text2, '# Title\n\nSome more words here.\n');
});

after(removeTempDirs);

test('generate prints a reproducible continuation', () => {
  const a = runCli('generate', '--model', model, '--max-bytes', '30', '--seed', '7', 'Hello');
  assert.equal(a.status, 0, a.stderr);
  // An untrained model emits arbitrary bytes, so only the character count is bounded (invalid UTF-8 becomes U+FFFD).
  assert.ok(a.stdout.length > 0 && a.stdout.length <= 30, JSON.stringify(a.stdout));
  assert.equal(runCli('generate', '--model', model, '--max-bytes', '30', '--seed', '7', 'Hello').stdout, a.stdout);
  // "-" reads the prompt from stdin, so it can span lines.
  const piped = spawnSync(process.execPath, [CLI, 'generate', '--model', model, '--max-bytes', '30', '--seed', '7', '-'], { input: 'Hello', encoding: 'utf8' });
  assert.equal(piped.stdout, a.stdout);
  const greedy1 = runCli('generate', '--model', model, '--max-bytes', '20', '--temperature', '0', '--seed', '1', 'Hi');
  const greedy2 = runCli('generate', '--model', model, '--max-bytes', '20', '--temperature', '0', '--seed', '2', 'Hi');
  assert.equal(greedy1.stdout, greedy2.stdout);
});

test('generate stops where the text starts going round in a loop, keeping one copy', () => {
  // Greedy decoding with the match model, on the bundled model: it used to print the prompt again and again.
  const r = runCli('generate', '--temperature', '0', '--match', '--max-bytes', '300', 'The meaning of life is');
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.trim().length > 0, 'a continuation');
  const words = r.stdout.split(/\s+/).filter(Boolean);
  const phrases = new Map<string, number>();
  for (let i = 0; i + 4 <= words.length; i++) {
    const phrase = words.slice(i, i + 4).join(' ');
    phrases.set(phrase, (phrases.get(phrase) ?? 0) + 1);
  }
  assert.ok(Math.max(0, ...phrases.values()) <= 2, `a phrase comes three times or more: ${JSON.stringify(r.stdout)}`);
});

test('eval-lm prints one JSON object with every field', () => {
  const r = runCli('eval-lm', '--model', model, '--positions', '30', '--seed', '3', text, text2);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1);
  const j = JSON.parse(lines[0]);
  assert.deepEqual(Object.keys(j), ['bytes', 'bitsPerByte', 'positions', 'acceptRate', 'meanMatchedBytes', 'replayedBytes',
    'keystrokeSavings', 'precision', 'shownPer100Bytes', 'wordBoundary', 'midWord', 'baseline']);
  assert.deepEqual(Object.keys(j.baseline.wordCompletion), ['acceptRate', 'meanMatchedBytes', 'keystrokeSavings', 'precision', 'shownPer100Bytes', 'wordBoundary', 'midWord']);
  // The files are smaller than the default replay: all of them is replayed as if typed.
  assert.equal(j.replayedBytes, j.bytes);
  for (const v of [j.keystrokeSavings, j.baseline.wordCompletion.keystrokeSavings]) assert.ok(v >= 0 && v <= 1);
  assert.equal(j.bytes, Buffer.byteLength('hello world, hello there\nfunction hello() { return 1; }\n中文文本\n'.repeat(5)) + 31);
  // The text repeats five times: the match model predicts the repeats even though the network is untrained.
  assert.ok(j.bitsPerByte < 4, String(j.bitsPerByte));
  // The untrained network alone is close to uniform over 256 bytes: about 8 bits per byte.
  const alone = JSON.parse(runCli('eval-lm', '--model', model, '--positions', '30', '--seed', '3', '--network-only', text, text2).stdout);
  assert.ok(alone.bitsPerByte > 7 && alone.bitsPerByte < 9, String(alone.bitsPerByte));
  assert.equal(j.positions, 30);
  for (const v of [j.acceptRate, j.baseline.wordCompletion.acceptRate]) assert.ok(v >= 0 && v <= 1);
  // Repeated words: the word-completion baseline finds some of them.
  assert.ok(j.baseline.wordCompletion.meanMatchedBytes > 0);
  assert.deepEqual(JSON.parse(runCli('eval-lm', '--model', model, '--positions', '30', '--seed', '3', text, text2).stdout), j);
});

test('eval-lm skips binary files with a message', () => {
  const bin = join(dir, 'data.bin');
  writeFileSync(bin, Uint8Array.from([0, 1, 2, 255, 0, 7]));
  const r = runCli('eval-lm', '--model', model, '--positions', '5', text2, bin);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /skipping .*data\.bin/);
  assert.equal(JSON.parse(r.stdout).bytes, 31);
});

test('bad input: clear message, non-zero exit, no stack trace', () => {
  const empty = join(dir, 'empty.txt');
  writeFileSync(empty, '');
  const bin = join(dir, 'only.bin');
  writeFileSync(bin, Uint8Array.from([0, 0, 0]));
  const folder = join(dir, 'folder');
  mkdirSync(folder, { recursive: true });
  const corrupt = join(dir, 'corrupt');
  mkdirSync(corrupt, { recursive: true });
  writeFileSync(join(corrupt, 'model.json'), '{ not json');
  writeFileSync(join(corrupt, 'metadata.json'), '{}');
  writeFileSync(join(corrupt, 'weights.bin'), '');
  // A sound network whose metadata describes another size: refused before tfjs builds anything.
  const mismatch = join(dir, 'mismatch');
  cpSync(model, mismatch, { recursive: true });
  const metadata = JSON.parse(readFileSync(join(mismatch, 'metadata.json'), 'utf8'));
  const other = { ...metadata.architecture, hiddenSize: 17 };
  writeFileSync(join(mismatch, 'metadata.json'), JSON.stringify({ ...metadata, architecture: { ...other, parameters: parameterCount(other) } }));
  const cases: Array<[string[], RegExp]> = [
    [['eval-lm', '--model', mismatch, text], /cannot load the language model: .*model\.json does not fit the GRU 17 model that metadata\.json describes/],
    [['eval-lm', '--model', model, join(dir, 'missing.txt')], /file not found/],
    [['eval-lm', '--model', model, folder], /is a folder/],
    [['eval-lm', '--model', model, empty], /empty/],
    [['eval-lm', '--model', model, bin], /no text files/],
    [['eval-lm', '--model', model], /no input files/],
    [['eval-lm', '--model', join(dir, 'nope'), text], /cannot load the language model: .*not found/],
    [['eval-lm', '--model', corrupt, text], /cannot load the language model: .*corrupt/],
    [['eval-lm', '--model', folder, text], /cannot load the language model/],
    [['eval-lm', '--positions', 'many', text], /--positions must be a number/],
    [['generate', '--model', model], /give a PROMPT/],
    [['generate', '--model', corrupt, 'x'], /cannot load the language model/],
    [['generate', '--model', model, '--temperature', '-1', 'x'], /--temperature/],
    [['bench', '--model', join(dir, 'nope')], /cannot load the language model/],
  ];
  for (const [args, message] of cases) {
    const r = runCli(...args);
    assert.ok(isCleanFailure(r, message), `${args.join(' ')} -> ${r.status} ${JSON.stringify(r.stderr)} ${JSON.stringify(r.stdout)}`);
  }
});

test('bench --json reports latency, the naive loop and the speedup', () => {
  const r = runCli('bench', '--json', '--model', model, '--runs', '20', '--training-seconds', '0');
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.completion.bytes, 40);
  assert.equal(j.completion.kernel, 'wasm-simd');
  // Which is faster, and by how much, is for the benchmark to say (docs/BENCHMARKS.md); here, that every
  // figure was measured: percentiles in order, the ratio of the two loops' times.
  assert.ok(j.completion.p50Ms > 0 && j.completion.p95Ms >= j.completion.p50Ms);
  assert.ok(j.jsKernel.p50Ms > 0 && j.jsKernel.p95Ms >= j.jsKernel.p50Ms);
  assert.ok(j.withMatchModel.p50Ms > 0 && j.withMatchModel.p95Ms >= j.withMatchModel.p50Ms);
  assert.ok(j.seedLoop.msPerCompletion > 0);
  // Each figure is rounded (ms to 3 and 1 decimals, the ratio to 1): allow for that much.
  const ratio = j.seedLoop.msPerCompletion / j.completion.p50Ms;
  const rounding = ratio * (0.0005 / j.completion.p50Ms + 0.05 / j.seedLoop.msPerCompletion) + 0.05;
  assert.ok(Math.abs(j.speedup - ratio) <= rounding * 1.01, `speedup ${j.speedup}, ratio ${ratio}`);
});

test('eval-lm takes the editor\'s confidence cut-off, within 0 to 1', () => {
  // No suggestion of an untrained network is certain (nor is any word of it as likely as the cut-offs at
  // pauses ask): with a cut-off of 1 none is shown, so none is accepted.
  const sure = JSON.parse(runCli('eval-lm', '--model', model, '--network-only', '--positions', '30', '--min-confidence', '1', text).stdout);
  assert.equal(sure.acceptRate, 0);
  assert.equal(sure.meanMatchedBytes, 0);
  const bad = runCli('eval-lm', '--model', model, '--min-confidence', '2', text);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--min-confidence must be a number between 0 and 1/);
});

test('eval-lm --shortest bounds the accept rate of every cut-off from above', () => {
  // The bundled model on text that repeats, so that suggestions are often right.
  const run = (...extra: string[]) => JSON.parse(runCli('eval-lm', '--positions', '60', '--seed', '2', ...extra, text).stdout);
  const bound = run('--shortest');
  assert.ok(bound.acceptRate > 0.3, `bound ${bound.acceptRate}`);
  for (const c of ['0', '0.2', '0.6']) {
    const r = run('--min-confidence', c);
    assert.ok(r.acceptRate <= bound.acceptRate, `cut-off ${c}: ${r.acceptRate} > ${bound.acceptRate}`);
  }
});

test('eval-lm searches a model folder\'s memory; --no-memory leaves it out; a broken one is named', () => {
  const withMemory = join(dir, 'lm-memory');
  cpSync(model, withMemory, { recursive: true });
  const memory = 'export function observableArray(initialValues, options) {\n  return new ObservableArray(initialValues);\n}\n\n';
  writeFileSync(join(withMemory, 'memory.bin'), memory);
  const metadataPath = join(withMemory, 'metadata.json');
  const metadata = JSON.parse(readFileSync(metadataPath, 'utf8'));
  writeFileSync(metadataPath, JSON.stringify({ ...metadata, memory: { bytes: memory.length, files: 1, ofFiles: 1 } }));
  const file = join(dir, 'uses-memory.ts');
  writeFileSync(file, 'const list = observableArray(initialValues, options);\n');
  const bpb = (...extra: string[]) => JSON.parse(runCli('eval-lm', '--model', withMemory, '--positions', '0', ...extra, file).stdout).bitsPerByte;
  const searched = bpb();
  const left = bpb('--no-memory');
  assert.ok(searched < left - 0.5, `memory ${searched}, without ${left}`);
  writeFileSync(join(withMemory, 'memory.bin'), memory.slice(1));
  const broken = runCli('eval-lm', '--model', withMemory, '--positions', '0', file);
  assert.equal(broken.status, 0);
  assert.match(broken.stderr, /memory\.bin has \d+ bytes, metadata\.json says \d+/);
  assert.equal(JSON.parse(broken.stdout).bitsPerByte, left);
});

test('train-lm leaves out secrets and links out of its folder, says why, and generate cannot type a password back', () => {
  const project = join(tempDir(), 'project');
  const outside = join(tempDir(), 'outside');
  mkdirSync(project, { recursive: true });
  mkdirSync(outside, { recursive: true });
  // Built at run time, so that this file itself holds nothing that looks like a secret.
  const password = ['Vq7x9', 'Lm2Rt8', 'Kp4Zw'].join('');
  const url = `postgres://app:${password}@db.internal:5432/app`;
  writeFileSync(join(project, '.env'), `DATABASE_URL=${url}\n`);
  writeFileSync(join(project, 'config.yml'), `database:\n  url: ${url}\n`);
  const code = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n'.repeat(20);
  writeFileSync(join(project, 'app.ts'), code);
  writeFileSync(join(outside, 'diary.md'), 'Private notes that live outside the project.\n'.repeat(5));
  symlinkSync(join(outside, 'diary.md'), join(project, 'diary.md'));
  symlinkSync('app.ts', join(project, 'same-app.ts'));

  const r = runCliIn(project, 'train-lm', '--from', model, '--out', 'out', '--minutes', '0.02', '.env', 'config.yml', 'app.ts', 'diary.md', 'same-app.ts');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^gru-scribe: skipping \.env: looks like a secret \(an environment file\)$/m);
  assert.match(r.stderr, /^gru-scribe: skipping config\.yml: looks like a secret \(a URL with a password on line 2\)$/m);
  assert.match(r.stderr, /^gru-scribe: skipping diary\.md: it links to .*diary\.md, outside .*project$/m);
  assert.doesNotMatch(r.stderr, /skipping (app|same-app)\.ts/);
  assert.ok(!r.stderr.includes(password), 'the messages never show the secret');

  const memory = readFileSync(join(project, 'out', 'memory.bin'), 'utf8');
  assert.equal(memory, `${code}\n\n${code}\n\n`, 'only app.ts and its link inside the project are kept');
  const metadata = JSON.parse(readFileSync(join(project, 'out', 'metadata.json'), 'utf8'));
  assert.deepEqual(metadata.training.data.map((d: { source: string }) => d.source), ['app.ts', 'same-app.ts']);
  const typed = runCliIn(project, 'generate', '--model', 'out', '--max-bytes', '40', '--temperature', '0', 'DATABASE_URL=postgres://app:');
  assert.equal(typed.status, 0, typed.stderr);
  assert.ok(!typed.stdout.includes(password.slice(0, 6)), `the model typed ${JSON.stringify(typed.stdout)}`);
});
