// The `gruScribe.surprise.*` settings.
import * as vscode from 'vscode';
import { isLanguageEnabled, languageSwitches } from '../completion/settings';

export interface SurpriseSettings {
  /** Per language id; "*" is the default for languages not listed. */
  languages: Record<string, boolean>;
}

export function readSurpriseSettings(): SurpriseSettings {
  return { languages: languageSwitches(vscode.workspace.getConfiguration('gruScribe.surprise').get<unknown>('languages', { '*': true })) };
}

export function isSurpriseEnabled(settings: SurpriseSettings, languageId: string): boolean {
  return isLanguageEnabled(settings, languageId);
}
