import * as vscode from 'vscode';
import { SECTION } from './settings';

/** Flips `gruScribe.completions.enabled` where the user set it (workspace if set there, else user). */
export async function toggleInlineCompletions(): Promise<boolean> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const inspected = config.inspect<boolean>('enabled');
  const next = !config.get<boolean>('enabled', true);
  const target = inspected?.workspaceFolderValue !== undefined ? vscode.ConfigurationTarget.WorkspaceFolder
    : inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace
    : vscode.ConfigurationTarget.Global;
  await config.update('enabled', next, target);
  return next;
}
