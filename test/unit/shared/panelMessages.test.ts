// Every message type a panel's schemas accept is sent by the other side: a type that is validated and
// then never sent (or sent and never handled) is dead code that still widens what a page may post.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { insideHostSchemas, insideWebviewSchemas } from '../../../src/inside/protocol';
import { hostSchemas, webviewSchemas } from '../../../src/training/protocol';

const root = join(__dirname, '..', '..', '..', '..');

/** The message types the TypeScript files of `folder` (those `keep` accepts) post, as `type: 'name'`. */
function postedTypes(folder: string, keep: (file: string) => boolean = () => true): Set<string> {
  const types = new Set<string>();
  for (const file of readdirSync(join(root, folder)).filter((f) => f.endsWith('.ts') && f !== 'protocol.ts' && keep(f))) {
    for (const m of readFileSync(join(root, folder, file), 'utf8').matchAll(/\btype: '(\w+)'/g)) types.add(m[1]);
  }
  return types;
}

const cases = [
  { name: 'training panel, host to page', schemas: hostSchemas, sent: () => postedTypes(join('src', 'training')) },
  { name: 'training panel, page to host', schemas: webviewSchemas, sent: () => postedTypes('webview', (f) => f !== 'inside.entry.ts') },
  { name: 'inside panel, host to page', schemas: insideHostSchemas, sent: () => postedTypes(join('src', 'inside')) },
  { name: 'inside panel, page to host', schemas: insideWebviewSchemas, sent: () => postedTypes('webview', (f) => f === 'inside.entry.ts') },
];

for (const c of cases) {
  test(`${c.name}: every message type the schemas accept is sent`, () => {
    const sent = c.sent();
    assert.deepEqual(Object.keys(c.schemas).filter((type) => !sent.has(type)), []);
  });
}
