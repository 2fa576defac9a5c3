// "Look Inside the Model"'s webview panel: beside the editor, strict Content-Security-Policy (nonce-only
// script, styles and script only from dist/ and media/), every message checked on arrival.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { checkInsideWebviewMessage, type InsideHostMessage, type InsideWebviewMessage } from './protocol';
import { INSIDE_STRINGS } from './strings';

export const INSIDE_VIEW_TYPE = 'gruScribe.insidePanel';

const escapeAttribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function insideHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce = randomBytes(16).toString('base64')): string {
  const asset = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  const l10n = Object.fromEntries(INSIDE_STRINGS.map((s) => [s, vscode.l10n.t(s)]));
  return `<!DOCTYPE html>
<html lang="${escapeAttribute(vscode.env.language)}">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${asset('media', 'inside.css')}">
  <title>${escapeAttribute(vscode.l10n.t('Look Inside the Model'))}</title>
</head>
<body>
  <main id="app" data-l10n="${escapeAttribute(JSON.stringify(l10n))}"></main>
  <script nonce="${nonce}" src="${asset('dist', 'webview', 'inside.js')}"></script>
</body>
</html>`;
}

/** A webview panel with typed, checked messages both ways. */
export class InsidePanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  constructor(readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, handler: {
    onMessage(message: InsideWebviewMessage): void;
    onDispose(): void;
  }) {
    panel.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')] };
    panel.webview.html = insideHtml(panel.webview, extensionUri);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const checked = checkInsideWebviewMessage(raw);
        if (checked.ok) handler.onMessage(checked.message);
        else console.warn(`GRU Scribe: Look Inside the Model: rejected a message: ${checked.error}`);
      }),
      panel.onDidDispose(() => {
        handler.onDispose();
        this.dispose();
      }),
    );
  }

  static create(extensionUri: vscode.Uri, handler: ConstructorParameters<typeof InsidePanel>[2]): InsidePanel {
    const panel = vscode.window.createWebviewPanel(INSIDE_VIEW_TYPE, vscode.l10n.t('Look Inside the Model'),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, retainContextWhenHidden: true });
    return new InsidePanel(panel, extensionUri, handler);
  }

  post(message: InsideHostMessage): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  reveal(): void {
    this.panel.reveal(vscode.ViewColumn.Beside, true);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposables.forEach((d) => d.dispose());
    this.panel.dispose();
  }
}
