// The training panel's webview: one panel at a time, restored after a reload by a serializer,
// with a strict Content-Security-Policy (nonce-only scripts, resources only from dist/ and media/).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { checkWebviewMessage, type HostMessage, type WebviewMessage } from './protocol';
import { WEBVIEW_STRINGS } from './webviewStrings';

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

const escapeAttribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The HTML shell. `wasm-unsafe-eval` lets the tfjs wasm backend compile its binary (it is not `unsafe-eval`:
 * no string is ever evaluated); `connect-src` lets it fetch the .wasm from dist/.
 */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce = randomBytes(16).toString('base64')): string {
  const asset = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}' 'wasm-unsafe-eval'`,
    `connect-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeAttribute(vscode.env.language)}">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${asset('dist', 'webview', 'training.css')}">
  <link rel="stylesheet" href="${asset('media', 'training.css')}">
  <title>${escapeAttribute(vscode.l10n.t('GRU Scribe Training'))}</title>
</head>
<body>
  <main id="app" data-wasm-base="${asset('dist')}/" data-nonce="${nonce}" data-l10n="${escapeAttribute(JSON.stringify(webviewTranslations()))}"><p class="loading">${escapeAttribute(vscode.l10n.t('Loading…'))}</p></main>
  <script nonce="${nonce}" src="${asset('dist', 'webview', 'training.js')}"></script>
</body>
</html>`;
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
