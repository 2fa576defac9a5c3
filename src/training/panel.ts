// The training panel's webview: one panel at a time, restored after a reload by a serializer,
// with a strict Content-Security-Policy (nonce-only scripts, resources only from dist/ and media/).
import * as vscode from 'vscode';
import { checkWebviewMessage, type HostMessage, type WebviewMessage } from './protocol';
import { WEBVIEW_STRINGS } from './webviewStrings';
import { escapeAttribute, webviewHtml } from '../panels/html';

export const VIEW_TYPE = 'gruScribe.trainingPanel';

/** Folders the webview may load from; nothing else on disk is reachable. */
export function resourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: resourceRoots(extensionUri) };
}

/** The webview's texts in the editor's language, keyed by their English wording. */
export function webviewTranslations(): Record<string, string> {
  return Object.fromEntries(WEBVIEW_STRINGS.map((s) => [s, vscode.l10n.t(s)]));
}


/**
 * The HTML shell. `wasm-unsafe-eval` lets the tfjs wasm backend compile its binary (it is not `unsafe-eval`:
 * no string is ever evaluated); `connect-src` lets it fetch the .wasm from dist/.
 */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce?: string): string {
  return webviewHtml(webview, extensionUri, {
    title: vscode.l10n.t('GRU Scribe Training'),
    // The trainer compiles tfjs's WebAssembly backend and fetches its binaries from dist/.
    extraPolicy: [`img-src ${webview.cspSource} data:`, `connect-src ${webview.cspSource}`],
    scriptSources: ["'wasm-unsafe-eval'"],
    styles: [['dist', 'webview', 'training.css'], ['media', 'training.css']],
    script: ['dist', 'webview', 'training.js'],
    mainAttributes: (asset, nonce) => ({ 'data-wasm-base': `${asset('dist')}/`, 'data-nonce': nonce, 'data-l10n': JSON.stringify(webviewTranslations()) }),
    placeholder: `<p class="loading">${escapeAttribute(vscode.l10n.t('Loading…'))}</p>`,
  }, nonce);
}

export interface PanelHandler {
  onMessage(message: WebviewMessage): void | Promise<void>;
  onInvalidMessage(error: string): void;
  onDispose(): void;
}

/** Wraps a WebviewPanel: typed, validated messages in both directions. */
export class TrainingPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, private readonly handler: PanelHandler) {
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = panelHtml(panel.webview, extensionUri);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const checked = checkWebviewMessage(raw);
        if (!checked.ok) { handler.onInvalidMessage(checked.error); return; }
        // One at a time, in arrival order: a run's last checkpoint is written before its end is handled.
        const message = checked.message;
        this.queue = this.queue.then(() => handler.onMessage(message)).catch((e: unknown) => {
          void this.post({ type: 'error', message: (e as Error)?.message ?? String(e) });
        });
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  static create(extensionUri: vscode.Uri, handler: PanelHandler): TrainingPanel {
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, vscode.l10n.t('GRU Scribe Training'), vscode.ViewColumn.Active, {
      ...webviewOptions(extensionUri),
      // Training runs in the webview: keeping it alive while hidden keeps the run going.
      retainContextWhenHidden: true,
    });
    return new TrainingPanel(panel, extensionUri, handler);
  }

  post(message: HostMessage): Thenable<boolean> {
    if (this.disposed) return Promise.resolve(false);
    return this.panel.webview.postMessage(message);
  }

  reveal(): void { this.panel.reveal(); }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.handler.onDispose();
    this.disposables.forEach((d) => d.dispose());
    this.panel.dispose();
  }
}
