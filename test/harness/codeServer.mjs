// Starts and stops a code-server (a real VS Code whose workbench runs in the browser) for tests and `npm start`.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCodeServer } from './toolchain.mjs';

/** Settings that keep the workbench quiet and predictable under test. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'editor.inlineSuggest.enabled': true,
  'chat.disableAIFeatures': true,
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.commandCenter.enabled': false,
};

/**
 * Writes the profile's settings. In a profile that outlives the run (`npm start`'s), what the user set there
 * wins over the defaults, and a settings file that is not plain JSON (comments) is left as it is.
 */
export function writeSettings(file, defaults, keepUserSettings) {
  let user = {};
  if (keepUserSettings && existsSync(file)) {
    try { user = JSON.parse(readFileSync(file, 'utf8')); } catch { return; }
  }
  writeFileSync(file, JSON.stringify({ ...defaults, ...user }, null, 2));
}

/**
 * Launches code-server on a free loopback port.
 * @param {{ settings?: object, env?: object, port?: number, extensionsDir?: string, smokeTestDriver?: boolean, log?: (line: string) => void, userDataDir?: string }} [options]
 * @returns {Promise<{ url: string, host: string, userDataDir: string, extensionsDir: string, stop: () => Promise<void> }>}
 */
export async function startCodeServer(options = {}) {
  const { node, entry } = ensureCodeServer();
  const ownsUserData = !options.userDataDir;
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'gru-scribe-vscode-'));
  const extensionsDir = options.extensionsDir ?? join(userDataDir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeSettings(join(userDataDir, 'User', 'settings.json'), { ...QUIET_SETTINGS, ...options.settings }, !ownsUserData);

  const baseArgs = ['--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  const env = { ...process.env, VSCODE_IPC_HOOK_CLI: '', ...options.env };
  const args = [entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${options.port ?? 0}`, ...baseArgs];
  if (options.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');

  // detached: the server and everything it spawns form one process group we can kill as a whole.
  const child = spawn(node, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = options.log ?? (() => {});
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start within 60 s. Its output:\n${output}`)), 60_000);
    const onData = (chunk) => {
      const text = chunk.toString();
      output += text;
      for (const line of text.split('\n')) if (line.trim()) log(line);
      const m = /HTTP server listening on (http:\/\/[^\s]+)/.exec(output);
      if (m) { clearTimeout(timer); resolve(m[1].replace(/\/$/, '')); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`code-server exited with code ${code} before it was ready:\n${output}`)); });
  });
  child.removeAllListeners('exit');

  const killGroup = (signal) => { try { process.kill(-child.pid, signal); } catch { /* already gone */ } };
  const onExit = () => killGroup('SIGKILL');
  process.on('exit', onExit);

  return {
    url,
    host: new URL(url).host,
    userDataDir,
    extensionsDir,
    async stop() {
      process.off('exit', onExit);
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        killGroup('SIGTERM');
        const timer = setTimeout(() => killGroup('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      killGroup('SIGKILL');
      if (ownsUserData) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Installs a .vsix into an extensions folder with code-server's own `--install-extension`. */
export function installExtension(vsixPath, extensionsDir) {
  const { node, entry } = ensureCodeServer();
  mkdirSync(extensionsDir, { recursive: true });
  return runCli(node, entry, ['--extensions-dir', extensionsDir, '--install-extension', vsixPath],
    { ...process.env, VSCODE_IPC_HOOK_CLI: '' });
}

function runCli(node, entry, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(node, [entry, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`code-server ${args.join(' ')} failed (${code}):\n${out}`))));
  });
}
