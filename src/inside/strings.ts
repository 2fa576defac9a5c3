// Every text "Look Inside the Model"'s webview shows, by its English wording. The host translates them
// with vscode.l10n into the page (`data-l10n`); the webview falls back to English. No vscode import.
import { knownTranslations } from '../panels/translations';

export const INSIDE_STRINGS = [
  'Look Inside the Model',
  'Colour by',
  'Surprise (bits spent)',
  'Update gate z (mean)',
  'Reset gate r (mean)',
  'Unit {0}',
  'Units that track the text',
  'Click a unit to colour the text by it.',
  'unit {0}',
  'inside a string or quote',
  'bracket depth',
  'position in the line',
  'inside a comment',
  'after whitespace',
  'Chinese script',
  'r = {0}',
  'Next: ',
  '{0} bits',
  'z {0} · r {1}',
  'unit {0}: h {1}, z {2}, r {3}',
  '{0} characters, computed in {1} ms',
  'Characters of the window, coloured by the chosen signal. Use the arrow keys to move.',
  'Open a text editor to look inside the model.',
  'low',
  'high',
  'negative',
  'positive',
  'Hover or focus a character to see what the model expected next.',
  'Sentiment of the sentence at the cursor',
  'Sentiment score (P(positive) + P(neutral) / 2) after each word, as the sentiment classifier reads the sentence.',
  'No sentence to read at the cursor.',
  '{0}: score {1}% ({2})',
] as const;

export type InsideString = (typeof INSIDE_STRINGS)[number];

const KNOWN: ReadonlySet<string> = new Set(INSIDE_STRINGS);

/** The translations of `raw` (see ../panels/translations). */
export function checkInsideTranslations(raw: unknown): Partial<Record<InsideString, string>> {
  return knownTranslations(raw, KNOWN);
}
