import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
// The harness is plain JavaScript (ESM), bundled into this test by esbuild.
import { cleanInstallEnv, removePartialInstalls } from '../../harness/toolchain.mjs';

test('the inner install does not inherit the outer npm run (its user agent names Node 20)', () => {
  const outer = {
    PATH: '/usr/bin', HOME: '/root',
    npm_config_user_agent: 'npm/11.6.0 node/v20.20.2 linux x64', npm_execpath: '/usr/lib/npm-cli.js',
    npm_node_execpath: '/usr/bin/node', npm_lifecycle_event: 'test', npm_package_name: 'gru-scribe',
    npm_config_prefix: '/work/main', npm_config_global: '', npm_config_node_gyp: '/x/node-gyp.js',
    npm_config_cache: '/tmp/npm-cache', npm_config_registry: 'https://registry.example/', NPM_CONFIG_HTTPS_PROXY: 'http://proxy:3128',
  };
  assert.deepEqual(cleanInstallEnv(outer), {
    PATH: '/usr/bin', HOME: '/root',
    npm_config_cache: '/tmp/npm-cache', npm_config_registry: 'https://registry.example/', NPM_CONFIG_HTTPS_PROXY: 'http://proxy:3128',
  });
});

test('folders left by interrupted installs are removed; a running install\'s folder is kept', () => {
  const root = mkdtempSync(join(tmpdir(), 'gru-toolchain-'));
  try {
    const dead = join(root, 'code-server-4.139.1-node-24.9.0.partial-999999999');
    const live = join(root, `code-server-4.139.1-node-24.9.0.partial-${process.ppid}`);
    const done = join(root, 'code-server-4.139.1-node-24.9.0');
    for (const d of [dead, live, done]) mkdirSync(join(d, 'node_modules'), { recursive: true });
    assert.deepEqual(removePartialInstalls(root, process.pid), ['code-server-4.139.1-node-24.9.0.partial-999999999']);
    assert.equal(existsSync(dead), false);
    assert.equal(existsSync(live), true);
    assert.equal(existsSync(done), true);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
