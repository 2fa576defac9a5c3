// Entry point: wires each feature to VS Code. Activation loads no model; features load theirs on first use.
import * as vscode from 'vscode';
import { toggleInlineCompletions } from './completion/toggle';

/** What the extension exposes to other extensions and to its own integration tests. */
export interface GruScribeApi {
  readonly extensionPath: string;
}

export function activate(context: vscode.ExtensionContext): GruScribeApi {
  context.subscriptions.push(
    vscode.commands.registerCommand('gruScribe.toggleInlineCompletions', toggleInlineCompletions),
  );
  return { extensionPath: context.extensionPath };
}

export function deactivate(): void {
  // Disposables registered on the context are released by VS Code.
}
