// Messages between "Look Inside the Model"'s host (extension) and its webview, with their schemas. Both
// sides check every message they receive. No vscode import: the webview bundle and unit tests use it.
import { PROPERTIES } from '../model/inside/properties';
import { validateMessage, type Checked, type MessageOf, type Schemas } from '../panels/schema';

/** Characters a window holds at most (4 KB of ASCII). */
export const MAX_CHARS = 4096;

/** host -> webview: a window read by the model, the cursor's place in it, one character's details, the
 * sentence at the cursor read word by word by the sentiment classifier (P(positive) after each word; none:
 * []), or nothing to show and why (no editor, the model failed to load). */
export const insideHostSchemas = {
  window: {
    file: { text: 1000 }, text: { text: MAX_CHARS * 2 }, chars: 'index', cursor: 'index', signals: 'bytes',
    unitIds: 'number[]', units: { arrayOf: { unit: 'index', property: { enum: PROPERTIES }, correlation: 'number' }, max: 64 }, modelMs: 'number',
  },
  cursor: { cursor: 'index' },
  detail: {
    index: 'index', char: { text: 2 }, bits: 'number', zMean: 'number', rMean: 'number',
    next: { arrayOf: { text: { text: 8 }, probability: 'number' }, max: 5 },
    'unit?': { shape: { unit: 'index', z: 'number', r: 'number', h: 'number' } },
  },
  empty: { reason: { text: 500 } },
  sentence: { steps: { arrayOf: { word: { text: 100 }, score: 'number' }, max: 64 } },
} as const satisfies Schemas;
export type InsideHostMessage = MessageOf<typeof insideHostSchemas>;

/** webview -> host; `selectUnit`: the unit the text is coloured by, so that later windows carry its values too. */
export const insideWebviewSchemas = {
  ready: {},
  detail: { index: 'index', 'unit?': 'index' },
  selectUnit: { unit: 'index' },
} as const satisfies Schemas;
export type InsideWebviewMessage = MessageOf<typeof insideWebviewSchemas>;

export function checkInsideHostMessage(raw: unknown): Checked<InsideHostMessage> {
  return validateMessage(raw, insideHostSchemas);
}

export function checkInsideWebviewMessage(raw: unknown): Checked<InsideWebviewMessage> {
  return validateMessage(raw, insideWebviewSchemas);
}
