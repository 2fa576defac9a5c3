// Which model a fine-tuning run starts from: the workspace's fine-tuned model when it is sound,
// else the bundled one. A corrupt saved model is reported, never fatal.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { checkModelFiles, describeModel, type CheckedModel } from '../model/lm/modelCheck';
import { localizedMessage } from './modelMessages';
import { readFolder, type RunStore } from './runStore';

export interface BaseModel extends CheckedModel {
  source: 'workspace' | 'bundled';
  label: string;
  /** Why the workspace's model was not used, when it exists but is unusable. */
  fallbackReason?: string;
}

export function bundledModelDir(extensionPath: string): string {
  return join(extensionPath, 'models', 'lm');
}

export async function resolveBaseModel(store: RunStore, extensionPath: string): Promise<BaseModel> {
  let fallbackReason: string | undefined;
  const saved = await readFolder(store.currentModelDir);
  if (saved && saved.length > 0) {
    try {
      const checked = checkModelFiles(saved);
      return { ...checked, source: 'workspace', label: vscode.l10n.t('fine-tuned {0}', describeModel(checked.metadata)) };
    } catch (e) {
      fallbackReason = vscode.l10n.t("the fine-tuned model in this workspace's storage is unusable ({0})", localizedMessage(e));
    }
  }
  const bundled = await readFolder(bundledModelDir(extensionPath));
  if (!bundled?.length) throw new Error(vscode.l10n.t('the bundled language model (models/lm) is missing from the extension'));
  const checked = checkModelFiles(bundled);
  return { ...checked, source: 'bundled', label: vscode.l10n.t('bundled {0}', describeModel(checked.metadata)), fallbackReason };
}
