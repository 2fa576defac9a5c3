// Opens the real VS Code workbench (code-server) in headless Chromium, with GRU Scribe loaded.
// Used by the integration runner (tests inside the extension host) and by the UI tests (what a person sees).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { format } from 'node:util';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './browser.mjs';
import { startCodeServer } from './codeServer.mjs';

/** The repository root: the nearest folder above this module (or its bundled copy) with our package.json. */
export const ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(dir) {
  for (let d = dir; ; d = dirname(d)) {
    const manifest = join(d, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'gru-scribe') return d;
    if (dirname(d) === d) throw new Error(`no gru-scribe package.json above ${dir}`);
  }
}

/** Monaco's ghost text: the inline suggestion, and its preview while the suggest widget is open. */
export const GHOST_TEXT = 'span.ghost-text-decoration, span.ghost-text-decoration-preview';

/** The training panel's backend line once a tfjs backend has started (it reads 'not started' before). */
export const BACKEND_SHOWN = /^(webgl|wasm|cpu)\b/;

/** Editor settings that keep the suggest widget away, so Tab and the keyboard reach the ghost text. */
export const NO_SUGGEST_WIDGET = {
  'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
  'editor.suggestOnTriggerCharacters': false,
  'editor.wordBasedSuggestions': 'off',
};

/** A throw-away copy of a folder (default: samples/) to open as the workspace. */
export function makeWorkspace(from = join(ROOT, 'samples')) {
  const dir = mkdtempSync(join(tmpdir(), 'gru-scribe-ws-'));
  cpSync(from, dir, { recursive: true });
  return dir;
}

/**
 * Starts code-server + Chromium and opens `workspace` with the extension loaded.
 * - extension: 'development' loads this repository as a development extension (the default);
 *   'installed' expects it installed into `server.extensionsDir` already (see `installVsix`).
 * - developmentPath: with extension 'development', another folder to load as the development extension.
 * - testsPath: absolute path of a compiled mocha index to run inside the extension host.
 * - locale: the editor's display language for the extension (e.g. 'zh-cn').
 * @returns {Promise<Workbench>}
 */
export async function openWorkbench(options = {}) {
  const workspace = options.workspace ?? makeWorkspace();
  const ownsWorkspace = !options.workspace;
  const logs = [];
  const server = await startCodeServer({
    settings: options.settings,
    env: options.env,
    smokeTestDriver: true,
    extensionsDir: options.extensionsDir,
    log: (l) => logs.push(l),
  });
  let browser;
  try {
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    // Requests that leave the machine from a webview, or that name this extension from anywhere.
    // The workbench's own requests (e.g. its extension marketplace) are VS Code's, not ours, and are left out;
    // `*.vscode-resource.vscode-cdn.net` is VS Code's webview resource scheme, answered locally by its
    // service worker from the editor's own server.
    const externalRequests = [];
    const local = new URL(server.url);
    context.on('request', (request) => {
      const url = new URL(request.url());
      if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) return;
      if (url.host === local.host || /\.vscode-resource\.vscode-cdn\.net$/.test(url.hostname)) return;
      let fromWebview = true;
      try { fromWebview = request.frame() !== page.mainFrame(); } catch { /* service worker: treat as webview */ }
      if (fromWebview || request.url().includes(ROOT) || /gru-scribe/i.test(request.url())) externalRequests.push(request.url());
    });
    page.setDefaultTimeout(options.timeout ?? 30_000);
    let resolveExit;
    const exitCode = new Promise((r) => { resolveExit = r; });
    if (options.locale) {
      // Offline there is no language pack to switch the workbench; the extension host's language (what
      // vscode.env.language and vscode.l10n use) follows the workbench's NLS language, set before it loads.
      await page.addInitScript((locale) => { globalThis._VSCODE_NLS_LANGUAGE = locale; }, options.locale);
    }
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = tidyLog(format(...(Array.isArray(args) ? args : [args])));
      if (text) (options.onLog ?? ((t) => process.stdout.write(`${t}\n`)))(text, type);
    });
    const payload = [['skipWelcome', 'true']];
    if ((options.extension ?? 'development') === 'development') {
      payload.push(['extensionDevelopmentPath', `vscode-remote://${server.host}${options.developmentPath ?? ROOT}`]);
    }
    if (options.testsPath) payload.push(['extensionTestsPath', `vscode-remote://${server.host}${options.testsPath}`]);
    const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);
    await page.locator('div.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    return new Workbench({ server, browser, page, workspace, ownsWorkspace, exitCode, logs, externalRequests });
  } catch (e) {
    await browser?.close().catch(() => {});
    await server.stop();
    if (ownsWorkspace) rmSync(workspace, { recursive: true, force: true });
    throw e;
  }
}

/** Keeps the extension host's own output readable: the workbench's stack frames are dropped. */
function tidyLog(text) {
  return text.split('\n').filter((l) => !/^\s+at .*(workbench\.js|static\/out)/.test(l)).join('\n').trimEnd();
}

export class Workbench {
  /**
   * @param {{ server: Awaited<ReturnType<typeof startCodeServer>>, browser: import('playwright-core').Browser,
   *   page: import('playwright-core').Page, workspace: string, ownsWorkspace: boolean,
   *   exitCode: Promise<number>, logs: string[], externalRequests: string[] }} parts
   */
  constructor({ server, browser, page, workspace, ownsWorkspace, exitCode, logs, externalRequests }) {
    this.server = server;
    this.browser = browser;
    /** The Playwright page showing the workbench. */
    this.page = page;
    /** Absolute path of the open workspace folder. */
    this.workspace = workspace;
    this.ownsWorkspace = ownsWorkspace;
    /** Resolves with the integration suite's exit code (only when a test payload was given). */
    this.exitCode = exitCode;
    /** code-server's own output lines. */
    this.logs = logs;
    /** URLs of requests from the browser (workbench and webviews) to hosts other than code-server. */
    this.externalRequests = externalRequests;
  }

  /**
   * Opens a workspace file through Quick Open and waits for its editor.
   * File search answers only once the workspace is indexed, so it retries.
   */
  async openFile(relativePath, { attempts = 4 } = {}) {
    const { page } = this;
    const name = relativePath.split('/').pop();
    for (let i = 0; i < attempts; i++) {
      try {
        const input = await this.quickInput('Control+P');
        await input.fill(relativePath);
        const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
        await row.waitFor({ state: 'visible', timeout: 10_000 });
        await row.click();
        const editor = this.editor(name);
        await editor.locator('.view-lines').waitFor({ state: 'visible' });
        return editor;
      } catch {
        await page.keyboard.press('Escape');
      }
    }
    // File search can stay unanswered on a loaded machine, and a webview that kept the keyboard swallows
    // the shortcuts: a top-level file is then clicked in the Explorer, anything else opened by its path.
    if (!relativePath.includes('/')) {
      try {
        return await this.openFromExplorer(relativePath);
      } catch { /* not shown there */ }
    }
    try {
      return await this.openFileByPath(relativePath);
    } catch {
      await page.keyboard.press('Escape');
    }
    throw new Error(`Neither Quick Open, the Explorer nor Open File opened ${relativePath}.`);
  }

  /** Opens a top-level workspace file by clicking it in the Explorer, as a person does with the mouse. */
  async openFromExplorer(name) {
    await this.page.locator('.explorer-folders-view .monaco-list-row .label-name', { hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).first().click({ timeout: 10_000 });
    const editor = this.editor(name);
    await editor.locator('.view-lines').waitFor({ state: 'visible', timeout: 10_000 });
    return editor;
  }

  /** Opens a workspace file by typing its absolute path into the Open File dialog. */
  async openFileByPath(relativePath) {
    const { page } = this;
    const name = relativePath.split('/').pop();
    const input = await this.quickInput('Control+P');
    await input.fill('>File: Open File...');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Open File...' }).first().click();
    const path = page.locator('.quick-input-widget input');
    await path.waitFor({ state: 'visible', timeout: 5_000 });
    await path.fill(join(this.workspace, relativePath));
    await page.waitForTimeout(300);
    await page.keyboard.press('Enter');
    const editor = this.editor(name);
    await editor.locator('.view-lines').waitFor({ state: 'visible', timeout: 10_000 });
    return editor;
  }

  /**
   * Opens the quick input with `shortcut`. A focused webview can keep the keystroke, or take focus back and
   * close the quick input, so focus first goes to the workbench and the input must stay open a moment.
   */
  async quickInput(shortcut) {
    const { page } = this;
    await page.locator('.monaco-workbench .part.statusbar').hover().catch(() => {});
    await page.evaluate(() => { if (document.activeElement instanceof HTMLIFrameElement) document.activeElement.blur(); });
    await page.keyboard.press(shortcut);
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 5_000 });
    await page.waitForTimeout(100);
    await input.waitFor({ state: 'visible', timeout: 1_000 });
    return input;
  }

  /** The editor showing a file whose URI ends with `name`. */
  editor(name) {
    return this.page.locator(`.monaco-editor[data-uri$="${name}"]`).first();
  }

  /**
   * Runs a command from the palette by its title (e.g. "GRU Scribe: Analyze Sentiment").
   * A development extension's commands can be missing on the very first opening, so it retries.
   */
  async runCommand(title, { attempts = 5 } = {}) {
    const { page } = this;
    for (let i = 0; i < attempts; i++) {
      try {
        const input = await this.quickInput('Control+Shift+P');
        await input.fill(`>${title}`);
        const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
        await row.waitFor({ state: 'visible', timeout: 3_000 });
        await row.click();
        return;
      } catch {
        await page.keyboard.press('Escape');
        await page.waitForTimeout(1_000);
      }
    }
    throw new Error(`The command "${title}" was not found in the command palette.`);
  }

  /** The visible text of an editor, with the non-breaking spaces Monaco renders turned back into spaces. */
  async editorText(editor) {
    return (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
  }

  /**
   * Waits until the user's settings.json gives `key` the value `expected` and returns what it holds.
   * VS Code rewrites the file in place, so a read can catch it empty or half written: such reads are retried.
   */
  async waitForUserSetting(key, expected, { timeout = 10_000 } = {}) {
    const path = join(this.server.userDataDir, 'User', 'settings.json');
    const deadline = Date.now() + timeout;
    let value;
    while (Date.now() < deadline) {
      try {
        value = JSON.parse(readFileSync(path, 'utf8'))[key];
        if (value === expected) return value;
      } catch { /* mid-write; read again */ }
      await this.page.waitForTimeout(250);
    }
    return value;
  }

  /**
   * Waits for ghost text in `editor`. The first request of a session starts the worker and loads the model
   * while keys arrive; if the editor gave up on that request, it asks again with Alt+\ as a user would.
   */
  async waitForGhostText(editor, { timeout = 20_000 } = {}) {
    const ghost = editor.locator(GHOST_TEXT).first();
    await ghost.waitFor({ state: 'visible', timeout }).catch(async () => {
      await this.page.keyboard.press('Alt+\\');
      await ghost.waitFor({ state: 'visible', timeout });
    });
    return ghost;
  }

  /** Text of the status bar, to check what the extension shows there. */
  async statusBarText() {
    return (await this.page.locator('.statusbar').innerText()).replace(/\s+/g, ' ');
  }

  async screenshot(path) {
    await this.page.screenshot({ path });
  }

  /**
   * Saves a screenshot for the README when GRU_SCRIBE_SCREENSHOTS names a folder (e.g. docs/images);
   * does nothing otherwise, so ordinary test runs write no files.
   */
  async captureForDocs(name, locator) {
    const dir = process.env.GRU_SCRIBE_SCREENSHOTS;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${name}.png`);
    if (locator) await locator.screenshot({ path });
    else await this.page.screenshot({ path });
  }

  async close() {
    await this.browser.close().catch(() => {});
    await this.server.stop();
    if (this.ownsWorkspace) rmSync(this.workspace, { recursive: true, force: true });
  }
}
