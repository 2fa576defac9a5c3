// "Look Inside the Model"'s webview panel: beside the editor, strict Content-Security-Policy (nonce-only
// script, styles and script only from dist/ and media/), every message checked on arrival.
import * as vscode from 'vscode';
import { checkInsideWebviewMessage, type InsideHostMessage, type InsideWebviewMessage } from './protocol';
import { INSIDE_STRINGS } from './strings';
import { webviewHtml } from '../panels/html';

export const INSIDE_VIEW_TYPE = 'gruScribe.insidePanel';

export function insideHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce?: string): string {
  const l10n = Object.fromEntries(INSIDE_STRINGS.map((s) => [s, vscode.l10n.t(s)]));
  return webviewHtml(webview, extensionUri, {
    title: vscode.l10n.t('Look Inside the Model'),
    styles: [['media', 'inside.css']],
    script: ['dist', 'webview', 'inside.js'],
    mainAttributes: () => ({ 'data-l10n': JSON.stringify(l10n) }),
  }, nonce);
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
