// Localization inside the real extension host: the training panel's HTML hands the webview every text it
// shows, in the editor's language, and with a Chinese editor the messages come from the zh-cn bundle.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { insideHtml } from '../../src/inside/panel';
import { panelHtml } from '../../src/training/panel';
import { WEBVIEW_STRINGS } from '../../src/training/webviewStrings';

const attribute = (html: string, name: string) => {
  const m = new RegExp(`${name}="([^"]*)"`).exec(html);
  assert.ok(m, `${name} is missing from the panel's HTML`);
  return m[1].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
};

suite('localization', () => {
  let extensionPath: string;
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension('gru-scribe.gru-scribe')!;
    await ext.activate();
    extensionPath = ext.extensionPath;
  });

  test("the panel's HTML carries every webview text in the editor's language", () => {
    const extensionUri = vscode.Uri.file(extensionPath);
    const webview = { cspSource: 'vscode-webview:', asWebviewUri: (u: vscode.Uri) => u } as unknown as vscode.Webview;
    const html = panelHtml(webview, extensionUri, 'n0nce');
    assert.equal(attribute(html, 'lang'), vscode.env.language);
    const strings = JSON.parse(attribute(html, 'data-l10n')) as Record<string, string>;
    assert.deepEqual(Object.keys(strings).sort(), [...WEBVIEW_STRINGS].sort());
    for (const key of WEBVIEW_STRINGS) assert.equal(strings[key], vscode.l10n.bundle?.[key] ?? key, key);
    // Still one nonce'd script and nothing inline: the dictionary travels as data, not as code.
    assert.equal(html.match(/<script\b/g)?.length, 1);
    assert.match(html, /<script nonce="n0nce" src=/);
  });

  test("both panels' pages: a strict Content-Security-Policy, one script with the page's nonce", () => {
    const webview = { cspSource: 'vscode-webview:', asWebviewUri: (u: vscode.Uri) => u } as unknown as vscode.Webview;
    const extensionUri = vscode.Uri.file(extensionPath);
    for (const [html, script] of [[panelHtml(webview, extensionUri, 'n0nce'), "script-src 'nonce-n0nce' 'wasm-unsafe-eval'"], [insideHtml(webview, extensionUri, 'n0nce'), "script-src 'nonce-n0nce'"]]) {
      const csp = attribute(html, 'content').split('; ');
      assert.equal(csp[0], "default-src 'none'");
      assert.ok(csp.includes(script), csp.join('; '));
      assert.ok(!csp.some((d) => /'unsafe-inline'|'unsafe-eval'|\*/.test(d)), csp.join('; '));
      assert.equal(html.match(/<script\b/g)?.length, 1);
      assert.match(html, /<script nonce="n0nce" src=/);
    }
  });
});
