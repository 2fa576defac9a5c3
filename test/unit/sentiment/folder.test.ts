// A sentiment model folder names its ensemble members in metadata.json: each must be a folder inside the model folder.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { SentimentModelError } from '../../../src/model/sentiment/artifacts';
import { readSentimentArtifacts } from '../../../src/model/sentiment/folder';

const bundled = join(__dirname, '..', '..', '..', '..', 'models', 'sentiment');
const root = mkdtempSync(join(tmpdir(), 'gru-sentiment-folder-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A copy of the bundled model whose metadata lists `members`; a member folder is also copied to `outside`. */
function modelWithMembers(name: string, members: string[]): string {
  const dir = join(root, name);
  cpSync(bundled, dir, { recursive: true });
  cpSync(join(bundled, 'member-1'), join(root, 'outside'), { recursive: true });
  const metadata = JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8'));
  writeFileSync(join(dir, 'metadata.json'), JSON.stringify({ ...metadata, members }));
  return dir;
}

test('members inside the model folder are read', () => {
  const artifacts = readSentimentArtifacts(modelWithMembers('good', ['member-1', 'member-2']));
  assert.equal(artifacts.members.length, 2);
});

test('a member outside the model folder is refused, however it is named', () => {
  const link = modelWithMembers('link', ['member-1', 'linked']);
  symlinkSync(join(root, 'outside'), join(link, 'linked'), 'dir');
  const cases: [string, string[], RegExp][] = [
    ['up', ['member-1', '../outside'], /member "\.\.\/outside" is not a folder inside the model folder/],
    ['up-windows', ['member-1', '..\\outside'], /member "\.\.\\outside" is not a folder inside/],
    ['hidden-up', ['member-1/../../outside'], /is not a folder inside/],
    ['absolute', [join(root, 'outside')], /is not a folder inside/],
    ['drive', ['C:\\models\\outside'], /is not a folder inside/],
    ['empty', [''], /is not a folder inside/],
  ];
  for (const [name, members, message] of cases) {
    assert.throws(() => readSentimentArtifacts(modelWithMembers(name, members)), (e: Error) => e instanceof SentimentModelError && message.test(e.message), name);
  }
  assert.throws(() => readSentimentArtifacts(link), (e: Error) => e instanceof SentimentModelError && /member "linked" is not a folder inside/.test(e.message));
});
