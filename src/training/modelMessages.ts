// Errors of the model checks (src/model/lm, vscode-free) shown in the editor's language.
import * as vscode from 'vscode';
import { ModelCheckError } from '../model/lm/modelErrors';

/** The error's message, translated when it comes from a model check (MODEL_CHECK_MESSAGES). */
export function localizedMessage(e: unknown): string {
  return e instanceof ModelCheckError ? vscode.l10n.t(e.template, ...e.args) : (e as Error).message;
}
