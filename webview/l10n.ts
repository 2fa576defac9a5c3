// The panel's texts in the editor's language: the host puts the translated dictionary in `data-l10n`
// on #app (see src/training/panel.ts); anything missing or malformed falls back to the English text.
import { fillPlaceholders } from '../src/model/placeholders';
import { checkTranslations, isWebviewString, type WebviewString } from '../src/training/webviewStrings';

let dictionary: Partial<Record<WebviewString, string>> | undefined;

function translations(): Partial<Record<WebviewString, string>> {
  if (dictionary) return dictionary;
  let raw: unknown;
  try { raw = JSON.parse(document.getElementById('app')?.dataset.l10n ?? '{}'); } catch { raw = {}; }
  dictionary = checkTranslations(raw);
  return dictionary;
}

/** The text for `key` (its English wording) with `{0}`, `{1}`… filled in. */
export function t(key: WebviewString, ...args: (string | number)[]): string {
  return fillPlaceholders(translations()[key] ?? key, args);
}

/** For words that arrive as data (skip reasons, run states): translated when known, else shown as they are. */
export function tData(text: string): string {
  return isWebviewString(text) ? t(text) : text;
}
