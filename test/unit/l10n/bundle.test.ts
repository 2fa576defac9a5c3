// Every message the extension shows through vscode.l10n, every text of the training panel's webview and
// every message of the model checks must have a Simplified Chinese entry in l10n/bundle.l10n.zh-cn.json; every entry there must still be used.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { MODEL_CHECK_MESSAGES } from '../../../src/model/lm/modelErrors';
import { fillPlaceholders } from '../../../src/model/placeholders';
import { checkTranslations, WEBVIEW_STRINGS } from '../../../src/training/webviewStrings';
import { INSIDE_STRINGS } from '../../../src/inside/strings';

const root = join(__dirname, '..', '..', '..', '..');
const bundle = JSON.parse(readFileSync(join(root, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? sourceFiles(path) : e.name.endsWith('.ts') ? [path] : [];
  });
}

/** The literal first arguments of `l10n.t(...)` calls: '…', "…" and `…` without substitutions. */
export function l10nMessages(source: string): string[] {
  const out: string[] = [];
  const call = /\bl10n\.t\(\s*(?:'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\$]|\\.)*)`)/g;
  for (const m of source.matchAll(call)) {
    const [, single, double, template] = m;
    const body = single ?? double ?? template;
    // Re-quoted as JSON so escapes (\', \", \\, \n, \u…) decode the way the compiler decodes them.
    out.push(JSON.parse(`"${body.replace(/\\'/g, "'").replace(/\\`/g, '`').replace(/(?<!\\)((?:\\\\)*)"/g, '$1\\"')}"`) as string);
  }
  return out;
}

/** `{0}`, `{name}` placeholders, sorted, for comparing a message with its translation. */
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

const messages = new Map<string, string>(); // message -> first file using it
for (const file of sourceFiles(join(root, 'src'))) {
  for (const message of l10nMessages(readFileSync(file, 'utf8'))) if (!messages.has(message)) messages.set(message, file.slice(root.length + 1));
}

test('the extractor reads the quoting styles and escapes used in calls', () => {
  const src = `vscode.l10n.t('a {0}', x); l10n.t("it's"); vscode.l10n.t(\`plain\`); l10n.t('don\\'t'); l10n.t(\`no \${x}\`); l10n.t(name);`;
  assert.deepEqual(l10nMessages(src), ['a {0}', "it's", 'plain', "don't"]);
});

test('the extension shows messages through vscode.l10n', () => {
  assert.ok(messages.size >= 50, `only ${messages.size} l10n.t messages found in src/`);
});

test('every l10n.t message in src/ has a Chinese translation', () => {
  const missing = [...messages].filter(([m]) => typeof bundle[m] !== 'string' || bundle[m].trim() === '').map(([m, f]) => `${f}: ${JSON.stringify(m)}`);
  assert.deepEqual(missing, [], `add these to l10n/bundle.l10n.zh-cn.json:\n${missing.join('\n')}`);
});

test('every webview text has a Chinese translation', () => {
  const missing = [...WEBVIEW_STRINGS, ...INSIDE_STRINGS].filter((s) => typeof bundle[s] !== 'string' || bundle[s].trim() === '');
  assert.deepEqual(missing, [], `add these to l10n/bundle.l10n.zh-cn.json:\n${missing.join('\n')}`);
});

test('every message of the model checks has a Chinese translation', () => {
  const missing = MODEL_CHECK_MESSAGES.filter((s) => typeof bundle[s] !== 'string' || bundle[s].trim() === '');
  assert.deepEqual(missing, [], `add these to l10n/bundle.l10n.zh-cn.json:\n${missing.join('\n')}`);
});

test('translations keep the placeholders of their message', () => {
  const wrong = Object.entries(bundle).filter(([en, zh]) => placeholders(en).join() !== placeholders(zh).join());
  assert.deepEqual(wrong, []);
});

test('the bundle holds no stale entries', () => {
  const used = new Set<string>([...messages.keys(), ...WEBVIEW_STRINGS, ...INSIDE_STRINGS, ...MODEL_CHECK_MESSAGES]);
  assert.deepEqual(Object.keys(bundle).filter((k) => !used.has(k)), []);
});

test('the webview keeps only known keys with text values, and fills placeholders', () => {
  const checked = checkTranslations({ Start: '开始', 'not a key': 'x', Stop: 42, '{0} files, {1}': '{0} 个文件，{1}' });
  assert.deepEqual(checked, { Start: '开始', '{0} files, {1}': '{0} 个文件，{1}' });
  assert.deepEqual(checkTranslations('[1]'), {});
  assert.deepEqual(checkTranslations(null), {});
  assert.equal(fillPlaceholders(checked['{0} files, {1}']!, [3, '1.0 KB']), '3 个文件，1.0 KB');
  assert.equal(fillPlaceholders('{0} · step {1}', ['GRU']), 'GRU · step {1}');
});
