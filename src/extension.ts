// Entry point: wires each feature to VS Code. Activation loads no model; features load theirs on first use.
import * as vscode from 'vscode';
import { registerCompletions, type CompletionsApi } from './completion/index';
import { registerTrainingPanel } from './training/index';
import { registerSentiment } from './sentiment/index';

/** What the extension exposes to other extensions and to its own integration tests. */
export interface GruScribeApi {
  readonly extensionPath: string;
  readonly completions: CompletionsApi;
}

export function activate(context: vscode.ExtensionContext): GruScribeApi {
  const completions = registerCompletions(context);
  registerTrainingPanel(context, completions);
  registerSentiment(context);
  return { extensionPath: context.extensionPath, completions };
}

export function deactivate(): void {
  // Disposables registered on the context are released by VS Code.
}
