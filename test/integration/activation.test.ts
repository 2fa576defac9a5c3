import * as assert from 'node:assert/strict';
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
  test('activation loads no model and takes at most 100 ms', async () => {
    const ext = vscode.extensions.getExtension<{ activationMs: number }>(EXTENSION_ID)!;
    const api = await ext.activate();
    assert.ok(Number.isFinite(api.activationMs), 'activate() reports its time');
    console.log(`activation took ${api.activationMs.toFixed(1)} ms`);
    assert.ok(api.activationMs <= 100, `activation took ${api.activationMs.toFixed(1)} ms`);
  });
});
