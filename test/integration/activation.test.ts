import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'gru-scribe.gru-scribe';

suite('activation', () => {
  test('the extension activates in the extension host', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  test('its commands are registered', async () => {
    const all = await vscode.commands.getCommands(true);
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string }[] } };
    for (const { command } of manifest.contributes.commands) {
      assert.ok(all.includes(command), `${command} is contributed but not registered`);
    }
  });

  test('"Toggle Inline Completions" flips the setting and back', async () => {
    const config = () => vscode.workspace.getConfiguration('gruScribe.completions');
    const before = config().get<boolean>('enabled');
    await vscode.commands.executeCommand('gruScribe.toggleInlineCompletions');
    assert.equal(config().get<boolean>('enabled'), !before);
    await vscode.commands.executeCommand('gruScribe.toggleInlineCompletions');
    assert.equal(config().get<boolean>('enabled'), before);
  });
});

suite('fast start', () => {
  // How long activation takes is a figure for the benchmarks, not a pass mark here: on a loaded machine
  // any threshold is a coin flip. What keeps it short is checked instead: tfjs and the models stay out of
  // the extension host's bundle and load in worker threads, when an editor first needs them.
  test('activation reports its time, and tfjs is only in the workers, not in the extension host bundle', async () => {
    const ext = vscode.extensions.getExtension<{ activationMs: number; extensionPath: string }>(EXTENSION_ID)!;
    const api = await ext.activate();
    assert.ok(Number.isFinite(api.activationMs) && api.activationMs > 0, 'activate() reports its time');
    console.log(`activation took ${api.activationMs.toFixed(1)} ms`);
    // A string tfjs-core carries in every build, minified or not (the name of its flags URL parameter).
    const TFJS_MARK = 'tfjsflags';
    const bundle = (name: string) => readFileSync(join(api.extensionPath, 'dist', name), 'utf8');
    assert.ok(!bundle('extension.js').includes(TFJS_MARK), 'dist/extension.js holds tfjs');
    assert.ok(bundle(join('workers', 'lmWorker.js')).includes(TFJS_MARK), 'the check finds tfjs where it is');
  });
});

suite('warm start', () => {
  interface Api { completions: { modelInfo(): unknown; requestLog: { requests: { outcome: string }[] } } }
  test('the model loads when an editor completions serve comes to the front, before anything is typed', async () => {
    const api = await vscode.extensions.getExtension<Api>(EXTENSION_ID)!.activate();
    assert.equal(vscode.window.activeTextEditor, undefined, 'no editor is open before this test');
    assert.equal(api.completions.modelInfo(), undefined, 'nothing has loaded the model yet');
    // A file of the workspace, not an untitled document: a later test's untitled one would reuse its name.
    const readme = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'README.md');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(readme));
    for (let i = 0; i < 300 && !api.completions.modelInfo(); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(api.completions.modelInfo(), 'the model loaded within 30 s');
    assert.ok(!api.completions.requestLog.requests.some((r) => r.outcome === 'model'), 'without a completion request');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
