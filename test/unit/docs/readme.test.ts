// The README's tables of commands and settings match what the manifest contributes, and its source map
// matches the tree.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..', '..', '..');

test('README lists every contributed command and setting', () => {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'readme-tables.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

/** The rows of the README's source map: the paths the first cell names, and the text of the second. */
function sourceMapRows(): { paths: string[]; text: string }[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.split(/^## Source map$/m)[1]?.split(/^## /m)[0];
  assert.ok(section, 'README has a "Source map" section');
  return section.split('\n').filter((line) => /^\| `/.test(line)).map((line) => {
    const [first, second] = line.split(' | ').map((cell) => cell.replace(/^\| |\s*\|$/g, ''));
    return { paths: [...first.matchAll(/`([^`]+)`/g)].map((m) => m[1]), text: second ?? '' };
  });
}

test('README source map: every file of src/ and webview/ is under a row, and every path it names exists', () => {
  const rows = sourceMapRows();
  const named = rows.flatMap((r) => r.paths);
  for (const path of named) assert.ok(existsSync(join(root, ...path.split('/'))), `the source map names ${path}, which does not exist`);
  const tracked = execFileSync('git', ['ls-files', 'src', 'webview'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
  const uncovered = tracked.filter((file) => !named.some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p)));
  assert.deepEqual(uncovered, [], 'files in no row of the source map');
  // Files and folders a row's text names (`store.ts`, `lm/`, `src/model/lm/surprise.ts`) exist too: in
  // src/ or webview/, or under the folder the row is about (`unit/` of `test/`).
  const names = new Set(tracked.flatMap((file) => {
    const parts = file.split('/');
    return [file, parts[parts.length - 1], ...parts.slice(0, -1).map((folder) => `${folder}/`)];
  }));
  for (const row of rows) {
    for (const [, mention] of row.text.matchAll(/`([\w./-]+\.(?:ts|mjs)|[\w-]+\/)`/g)) {
      const found = names.has(mention) || row.paths.some((p) => p.endsWith('/') && existsSync(join(root, ...p.split('/'), mention)));
      assert.ok(found, `the row of ${row.paths.join(', ')} names ${mention}, which is not there`);
    }
  }
});
