// Every user-visible string of the manifest is in package.nls.json and translated into Simplified Chinese.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..', '..', '..');
const read = (f: string) => JSON.parse(readFileSync(join(root, f), 'utf8')) as Record<string, unknown>;

test('no manifest string is left untranslated', () => {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'l10n-manifest.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('the Chinese manifest strings are translations, not copies, and keep their placeholders', () => {
  const en = read('package.nls.json') as Record<string, string>;
  const zh = read('package.nls.zh-cn.json') as Record<string, string>;
  const sameOnPurpose = new Set(['displayName', 'command.category', 'configuration.title']);
  for (const [key, english] of Object.entries(en)) {
    if (sameOnPurpose.has(key) || key.endsWith('.media')) continue;
    assert.notEqual(zh[key], english, `${key} is not translated`);
    for (const code of english.match(/`[^`]+`/g) ?? []) assert.ok(zh[key].includes(code), `${key} lost ${code}`);
  }
});

test('each language has its own walkthrough pages, and they exist', () => {
  for (const file of ['package.nls.json', 'package.nls.zh-cn.json']) {
    const pages = Object.entries(read(file)).filter(([k]) => k.endsWith('.media')).map(([, v]) => String(v));
    assert.ok(pages.length >= 3, `${file} names ${pages.length} walkthrough pages`);
    for (const page of pages) assert.ok(existsSync(join(root, page)), `${file}: ${page} is missing`);
  }
});
