// The HTML shell both webview panels load: a strict Content-Security-Policy (nothing by default; scripts only
// with the page's nonce; styles and fonts only from the extension), the UI language, stylesheets and one
// script bundle. Each panel adds only what it needs (e.g. WebAssembly for the trainer).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export const escapeAttribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface WebviewPage {
  title: string;
  /** Paths under the extension, e.g. ['media', 'inside.css']. */
  styles: string[][];
  script: string[];
  /** Extra Content-Security-Policy directives beyond default-src, style-src, font-src and script-src. */
  extraPolicy?: string[];
  /** Extra `script-src` sources beside the nonce (e.g. `'wasm-unsafe-eval'`). */
  scriptSources?: string[];
  /** Attributes of `<main id="app">`, escaped here; `nonce` is the page's own. */
  mainAttributes: (asset: (...path: string[]) => string, nonce: string) => Record<string, string>;
  /** Escaped HTML shown until the script starts. */
  placeholder?: string;
}

export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage, nonce = randomBytes(16).toString('base64')): string {
  const asset = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
  const csp = [
    "default-src 'none'",
    ...(page.extraPolicy ?? []),
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    [`script-src 'nonce-${nonce}'`, ...(page.scriptSources ?? [])].join(' '),
  ].join('; ');
  const attributes = Object.entries(page.mainAttributes(asset, nonce)).map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`).join('');
  return `<!DOCTYPE html>
<html lang="${escapeAttribute(vscode.env.language)}">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
${page.styles.map((s) => `  <link rel="stylesheet" href="${asset(...s)}">`).join('\n')}
  <title>${escapeAttribute(page.title)}</title>
</head>
<body>
  <main id="app"${attributes}>${page.placeholder ?? ''}</main>
  <script nonce="${nonce}" src="${asset(...page.script)}"></script>
</body>
</html>`;
}
