// Nothing leaves the machine: the Node bundles the extension runs contain no network client at all.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const dist = join(__dirname, "..", "..", "..", "..", "dist");
const NETWORK_MODULES = ['http', 'https', 'http2', 'net', 'tls', 'dgram', 'dns', 'node-fetch', 'undici', 'ws'];

function nodeBundles(): string[] {
  const top = readdirSync(dist).filter((f) => f.endsWith('.js')).map((f) => join(dist, f));
  const workers = existsSync(join(dist, 'workers'))
    ? readdirSync(join(dist, 'workers')).filter((f) => f.endsWith('.js')).map((f) => join(dist, 'workers', f)) : [];
  return [...top, ...workers];
}

test('the extension, worker and CLI bundles exist', () => {
  const names = nodeBundles().map((f) => f.slice(dist.length + 1));
  assert.ok(names.includes('extension.js') && names.includes('cli.js'), names.join(', '));
});

for (const bundle of nodeBundles()) {
  test(`${bundle.slice(dist.length + 1)} requires no network module`, () => {
    const source = readFileSync(bundle, 'utf8');
    const required = new Set([...source.matchAll(/require\(["'](?:node:)?([^"'/]+)[^"']*["']\)/g)].map((m) => m[1]));
    const offending = NETWORK_MODULES.filter((m) => required.has(m));
    assert.deepEqual(offending, [], `${bundle} requires ${offending.join(', ')}`);
  });
}
