// Atomic file and folder writes: where their temporary entries go (with Windows paths too), and what
// recovery makes of every state an interrupted write can leave.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, win32 } from 'node:path';
import { after, test } from 'node:test';
import { recoverFolder, recoverFolders, removeFolderAtomic, writeFolderAtomic, writePaths } from '../../../src/fs/atomicWrite';
import { isInside } from '../../../src/fs/paths';

const root = mkdtempSync(join(tmpdir(), 'gru-atomic-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('temporary entries go beside the target, in its own folder, with Windows paths as with POSIX ones', () => {
  const file = writePaths('C:\\Users\\me\\store\\runs\\20260101T000000-abcd\\run.json', '12-0badc0de', win32);
  assert.equal(file.parent, 'C:\\Users\\me\\store\\runs\\20260101T000000-abcd');
  assert.equal(file.staged, 'C:\\Users\\me\\store\\runs\\20260101T000000-abcd\\.run.json.tmp-12-0badc0de');
  // Forward slashes, a trailing separator and a lower-case drive are all Windows paths to the path module.
  const folder = writePaths('c:/store/models/current/', '12-0badc0de', win32);
  assert.deepEqual([folder.target, folder.parent, folder.base], ['c:\\store\\models\\current', 'c:\\store\\models', 'current']);
  assert.equal(folder.old, 'c:\\store\\models\\.current.old-12-0badc0de');
  const unc = writePaths('\\\\server\\share\\models\\current', '12-0badc0de', win32);
  assert.equal(unc.staged, '\\\\server\\share\\models\\.current.tmp-12-0badc0de');
  assert.throws(() => writePaths('D:\\', '12-0badc0de', win32), /root of a file system/);
  assert.equal(writePaths('/srv/models/current', '1-00000000', posix).staged, '/srv/models/.current.tmp-1-00000000');
  assert.throws(() => writePaths('/', '1-00000000', posix), /root of a file system/);
});

test('isInside follows the platform: case-insensitive drives on Windows, whole names only', () => {
  assert.equal(isInside('C:\\Users\\Me', 'c:\\users\\me\\proj\\notes.txt', win32), true);
  assert.equal(isInside('C:\\Users\\Me', 'C:\\Users\\Me', win32), true);
  assert.equal(isInside('C:\\Users\\Me', 'C:\\Users\\Me2', win32), false);
  assert.equal(isInside('C:\\x', 'D:\\x\\y', win32), false);
  assert.equal(isInside('C:\\a', 'C:\\a\\..b', win32), true);
  assert.equal(isInside('/home/me', '/home/me-too', posix), false);
  assert.equal(isInside('/home/me', '/home/Me/x', posix), false);
});

const tag = '4242-0badc0de';
const make = (path: string, content: string) => { mkdirSync(path, { recursive: true }); writeFileSync(join(path, 'model.json'), content); };
const content = (path: string) => readFileSync(join(path, 'model.json'), 'utf8');

test('recovery: the staged folder of a write that set the old one aside is renamed in', async () => {
  const p = writePaths(join(root, 'forward', 'current'), tag);
  make(p.old, 'old');
  make(p.staged, 'new');
  await recoverFolder(p.target);
  assert.equal(content(p.target), 'new');
  assert.deepEqual(readdirSync(p.parent), ['current']);
});

test('recovery: without a staged folder, the set-aside old one is put back', async () => {
  const p = writePaths(join(root, 'back', 'current'), tag);
  make(p.old, 'old');
  make(writePaths(p.target, '4242-00000001').staged, 'another write, never committed');
  await recoverFolder(p.target);
  assert.equal(content(p.target), 'old');
  assert.deepEqual(readdirSync(p.parent), ['current']);
});

test('recovery: a staged folder of a write that never got to the swap is removed; the target is untouched', async () => {
  const first = writePaths(join(root, 'unfinished', 'first'), tag);
  make(first.staged, 'half');
  const second = writePaths(join(root, 'unfinished', 'second'), tag);
  make(second.target, 'kept');
  make(second.staged, 'half');
  make(second.old, 'already replaced');
  await recoverFolders(first.parent);
  assert.equal(existsSync(first.target), false);
  assert.equal(content(second.target), 'kept');
  assert.deepEqual(readdirSync(first.parent), ['second']);
});

test('a removed folder stays removed, even when the removal was interrupted', async () => {
  const p = writePaths(join(root, 'removed', 'current'), tag);
  make(p.removed, 'cleared');
  await recoverFolder(p.target);
  assert.deepEqual(readdirSync(p.parent), []);
  make(p.target, 'x');
  await removeFolderAtomic(p.target);
  assert.deepEqual(readdirSync(p.parent), []);
});

test('a refused replacement leaves the target and nothing else', async () => {
  const target = join(root, 'refused', 'current');
  make(target, 'mine');
  await assert.rejects(writeFolderAtomic(target, [{ name: 'model.json', data: 'new' }], {
    beforeReplace: () => { throw new Error('not yours'); },
  }), /not yours/);
  assert.equal(content(target), 'mine');
  assert.deepEqual(readdirSync(join(root, 'refused')), ['current']);
  await assert.rejects(writeFolderAtomic(target, [{ name: '.hidden', data: 'x' }]), /not a plain file name/);
  await assert.rejects(writeFolderAtomic(target, [{ name: 'a\\b', data: 'x' }]), /not a plain file name/);
});
