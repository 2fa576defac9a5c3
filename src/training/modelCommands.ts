// Commands around the model completions use: back to the bundled one, export it, import one.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { bundledModelDir } from './baseModel';
import { readModelFolder, writeModelFolder, type ReadModel } from '../model/lm/folder';
import { describeModel } from '../model/lm/modelCheck';
import { localizedMessage } from './modelMessages';
import { hasMemory, withoutMemory } from '../model/lm/modelFolder';
import { readFolder, type RunStore } from './runStore';
import type { TrainingHooks } from './controller';

export async function useBundledModel(store: RunStore, hooks: TrainingHooks): Promise<void> {
  await store.clearCurrentModel();
  await hooks.reloadModel();
  void vscode.window.showInformationMessage(vscode.l10n.t('GRU Scribe: completions now use the bundled model.'));
}

/**
 * Copies the model in use (fine-tuned, else bundled) into a new folder inside one the user picks. A model
 * with a memory of its training text is exported with it only if the user says so.
 */
export async function exportModel(store: RunStore, extensionPath: string): Promise<vscode.Uri | undefined> {
  let files = (await readFolder(store.currentModelDir)) ?? (await readFolder(bundledModelDir(extensionPath)));
  if (!files?.length) throw new Error(vscode.l10n.t('There is no model to export.'));
  if (hasMemory(files)) {
    const withIt = vscode.l10n.t('Export with It');
    const withoutIt = vscode.l10n.t('Export without It');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('This model contains a copy of the text it was trained on (memory.bin).'),
      {
        modal: true,
        detail: vscode.l10n.t('Anyone who gets the exported model can read that text. Without it, the model still completes, but no longer copies names and lines from your files.'),
      },
      withIt, withoutIt,
    );
    if (choice === undefined) return undefined;
    if (choice === withoutIt) files = withoutMemory(files);
  }
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: vscode.l10n.t('Export Model Here') });
  if (!picked?.[0]) return undefined;
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const target = join(picked[0].fsPath, `gru-scribe-model-${stamp}`);
  await writeModelFolder(target, files);
  void vscode.window.showInformationMessage(vscode.l10n.t('GRU Scribe: model exported to {0}', target));
  return vscode.Uri.file(target);
}

/**
 * Checks a model folder the user picks and makes it the one completions use. Only the model's own files
 * are copied, each checked against its size cap before it is read (other files are left where they are).
 */
export async function importModel(store: RunStore, hooks: TrainingHooks, folder?: vscode.Uri): Promise<void> {
  const uri = folder ?? (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: vscode.l10n.t('Import Model') }))?.[0];
  if (!uri) return;
  let model: ReadModel;
  try {
    model = await readModelFolder(uri.fsPath, { memory: 'require' });
  } catch (e) {
    throw new Error(vscode.l10n.t('{0} is not a usable GRU Scribe model: {1}', uri.fsPath, localizedMessage(e)));
  }
  await store.setCurrentModel(model.files);
  await hooks.reloadModel();
  void vscode.window.showInformationMessage(vscode.l10n.t('GRU Scribe: completions now use the imported {0} model.', describeModel(model.metadata)));
}
