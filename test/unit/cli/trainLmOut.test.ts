// `train-lm --out DIR` never deletes what it did not write: folders that are not model folders, the current
// folder and its parents, the home folder, the root and folders holding an input are refused.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, win32 } from 'node:path';
import { after, before, test } from 'node:test';
import { CliError } from '../../../src/cli/args';
import { trainLmCommand } from '../../../src/cli/commands/trainLm';
import { forbiddenOut } from '../../../src/cli/outFolder';
import { isCleanFailure, removeTempDirs, runCli, tempDir, tinyModelFolder } from './lmFixture';

let base = '';
let dir = '';
let text = '';

before(async () => {
  base = await tinyModelFolder();
  dir = tempDir();
  text = join(dir, 'notes.txt');
  writeFileSync(text, 'export function add(a: number, b: number): number {\n  return a + b;\n}\n'.repeat(30));
});
after(removeTempDirs);

/** Every file under `root` with its content, to prove a refused run changed nothing. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(root, { recursive: true }).map(String).sort()) {
    const p = join(root, f);
    out[f] = statSync(p).isFile() ? readFileSync(p, 'utf8') : '<folder>';
  }
  return out;
}

const train = (out: string, ...extra: string[]) => trainLmCommand.run(['--from', base, '--out', out, '--minutes', '0.01', ...extra, text]);

/** Rejects with a user error (exit code 2) whose message matches `pattern`. */
const refused = (run: Promise<number>, pattern: RegExp) =>
  assert.rejects(run, (e: Error) => e instanceof CliError && e.exitCode === 2 && pattern.test(e.message) && !e.message.includes('\n'));

test('a folder that is not a model folder is refused, with or without --force, and left as it was', async () => {
  const victim = join(dir, 'victim');
  mkdirSync(join(victim, 'src'), { recursive: true });
  writeFileSync(join(victim, 'README.md'), '# my project\n');
  writeFileSync(join(victim, 'src', 'main.ts'), 'console.log(1);\n');
  // Model files next to a file of the user's: still not a model folder.
  const mixed = join(dir, 'mixed');
  cpSync(base, mixed, { recursive: true });
  writeFileSync(join(mixed, 'notes.md'), 'keep me\n');
  const file = join(dir, 'a-file');
  writeFileSync(file, 'not a folder\n');
  const before = [snapshot(victim), snapshot(mixed), readFileSync(file, 'utf8')];
  for (const force of [[], ['--force']]) {
    await refused(train(victim, ...force), /victim.*not a model folder.*README\.md/);
    await refused(train(mixed, ...force), /mixed.*not a model folder.*notes\.md/);
    await refused(train(file, ...force), /a-file.*not a folder/);
  }
  assert.deepEqual([snapshot(victim), snapshot(mixed), readFileSync(file, 'utf8')], before);
  assert.deepEqual(readdirSync(dir).sort(), ['a-file', 'mixed', 'notes.txt', 'victim'], 'nothing was written beside them');
});

test('the current folder, its parents, a folder holding an input, the home folder and the root are refused', async (t) => {
  const proj = join(dir, 'proj');
  mkdirSync(join(proj, 'sub'), { recursive: true });
  const input = join(proj, 'input.txt');
  writeFileSync(input, readFileSync(text, 'utf8'));
  const home = join(dir, 'home');
  mkdirSync(home);
  const cwd = process.cwd();
  const savedHome = process.env.HOME;
  t.after(() => { process.chdir(cwd); process.env.HOME = savedHome; });
  const before = snapshot(proj);
  process.chdir(join(proj, 'sub'));
  const run = (out: string, ...extra: string[]) => trainLmCommand.run(['--from', base, '--out', out, '--minutes', '0.01', ...extra, input]);
  await refused(run('.'), /is the current folder/);
  await refused(run('..', '--force'), /contains the current folder/);
  await refused(run(dir), /contains the current folder/);
  process.chdir(home);
  await refused(run(proj), /contains .*input\.txt, an input of this run/);
  await refused(run(join(base, '..')), /contains .*an input of this run/);
  await refused(run(base, '--force'), /is .*an input of this run/);
  process.env.HOME = home;
  process.chdir(dir);
  await refused(run(home), /is the home folder/);
  await refused(run('/'), /is the root of a drive/);
  assert.deepEqual(snapshot(proj), before);
  assert.deepEqual(readdirSync(home), []);
});

test('an existing model folder is replaced only with --force', async () => {
  const out = join(dir, 'model-out');
  assert.equal(await train(out), 0);
  const first = readFileSync(join(out, 'metadata.json'), 'utf8');
  await refused(train(out), /model-out holds a model already; pass --force to replace it/);
  assert.equal(readFileSync(join(out, 'metadata.json'), 'utf8'), first);
  // A model card is part of a model folder (the bundled one has one); it is written by hand, so it is kept.
  writeFileSync(join(out, 'MODEL_CARD.md'), '# My model\n');
  assert.equal(await train(out, '--force'), 0);
  assert.notEqual(readFileSync(join(out, 'metadata.json'), 'utf8'), first);
  assert.deepEqual(readdirSync(out).sort(), ['MODEL_CARD.md', 'memory.bin', 'metadata.json', 'model.json', 'weights.bin']);
  assert.equal(readFileSync(join(out, 'MODEL_CARD.md'), 'utf8'), '# My model\n');
  // An empty folder (made for the purpose) holds nothing to lose.
  const empty = join(dir, 'empty-out');
  mkdirSync(empty);
  assert.equal(await train(empty), 0);
  assert.ok(readdirSync(empty).includes('model.json'));
});

test('the command line prints one line and exits with 2', () => {
  const victim = join(dir, 'victim-cli');
  mkdirSync(victim);
  writeFileSync(join(victim, 'keep.txt'), 'mine\n');
  const r = runCli('train-lm', '--from', base, '--out', victim, '--minutes', '0.01', text);
  assert.equal(r.status, 2, r.stderr);
  assert.ok(isCleanFailure(r, /^gru-scribe: .*victim-cli.* not a model folder.*\n$/), JSON.stringify(r.stderr));
  assert.equal(r.stderr.split('\n').length, 2, r.stderr);
  assert.equal(readFileSync(join(victim, 'keep.txt'), 'utf8'), 'mine\n');
});

test('with Windows paths: drive and share roots, the current folder in any letter case and folders holding inputs', () => {
  const ctx = { cwd: 'C:\\Users\\me\\proj', home: 'C:\\Users\\me', inputs: ['C:\\Users\\me\\proj\\notes.txt', 'D:\\models\\base'] };
  const why = (target: string) => forbiddenOut(target, ctx, win32);
  assert.match(why('C:\\') ?? '', /is the root of a drive/);
  assert.match(why('D:\\') ?? '', /is the root of a drive/);
  assert.match(why('\\\\server\\share\\') ?? '', /is the root of a drive/);
  assert.match(why('c:\\users\\ME\\PROJ') ?? '', /is the current folder/);
  assert.match(why('C:\\Users') ?? '', /contains the current folder/);
  assert.match(why('D:\\models') ?? '', /contains D:\\models\\base, an input of this run/);
  assert.match(why('d:\\MODELS\\base') ?? '', /is D:\\models\\base, an input of this run/);
  assert.match(forbiddenOut('C:\\Users\\me', { ...ctx, cwd: 'E:\\work' }, win32) ?? '', /is the home folder/);
  assert.equal(why('C:\\Users\\me\\proj-model'), undefined, 'a sibling whose name starts the same is another folder');
  assert.equal(why('C:\\Users\\me\\proj\\model'), undefined);
});
