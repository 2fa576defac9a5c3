// Messages between "Look Inside the Model"'s host (extension) and its webview, with their schemas. Both
// sides check every message they receive. No vscode import: the webview bundle and unit tests use it.
import { PROPERTIES } from '../model/inside/properties';
import type { CharacterDetail } from '../model/inside/view';
import type { UnitFinding } from '../model/inside/unitStats';
import { validateMessage, type Checked, type Schemas } from '../training/schema';

/** Characters a window holds at most (4 KB of ASCII), and the signals' base64 length for 3 + 17 rows of them. */
export const MAX_CHARS = 4096;
const MAX_SIGNALS = Math.ceil((MAX_CHARS * 20) / 3) * 4;

export type InsideHostMessage =
  | {
    type: 'window';
    /** The document's name, for the header. */
    file: string;
    text: string;
    chars: number;
    /** The cursor's character index in the window. */
    cursor: number;
    signals: string;
    unitIds: number[];
    units: Pick<UnitFinding, 'unit' | 'property' | 'correlation'>[];
    modelMs: number;
  }
  | { type: 'cursor'; cursor: number }
  | ({ type: 'detail' } & CharacterDetail)
  /** The sentence at the cursor read word by word by the sentiment classifier: P(positive) after each word (none: []). */
  | { type: 'sentence'; steps: { word: string; score: number }[] }
  /** Nothing to show, and why (no editor, the model failed to load). */
  | { type: 'empty'; reason: string };

export type InsideWebviewMessage =
  | { type: 'ready' }
  | { type: 'detail'; index: number; unit?: number }
  /** The unit the text is coloured by, so that later windows carry its values too. */
  | { type: 'selectUnit'; unit: number };

const hostSchemas: Schemas = {
  window: {
    file: { text: 1000 }, text: { text: MAX_CHARS * 2 }, chars: 'integer', cursor: 'integer', signals: { text: MAX_SIGNALS },
    unitIds: 'number[]', units: { arrayOf: { unit: 'integer', property: { enum: PROPERTIES }, correlation: 'number' }, max: 64 }, modelMs: 'number',
  },
  cursor: { cursor: 'integer' },
  detail: {
    index: 'integer', char: { text: 2 }, bits: 'number', zMean: 'number', rMean: 'number',
    next: { arrayOf: { text: { text: 8 }, probability: 'number' }, max: 5 },
    'unit?': { shape: { unit: 'integer', z: 'number', r: 'number', h: 'number' } },
  },
  empty: { reason: { text: 500 } },
  sentence: { steps: { arrayOf: { word: { text: 100 }, score: 'number' }, max: 64 } },
};

const webviewSchemas: Schemas = {
  ready: {},
  detail: { index: 'integer', 'unit?': 'integer' },
  selectUnit: { unit: 'integer' },
};

export function checkInsideHostMessage(raw: unknown): Checked<InsideHostMessage> {
  return validateMessage<InsideHostMessage>(raw, hostSchemas);
}

export function checkInsideWebviewMessage(raw: unknown): Checked<InsideWebviewMessage> {
  return validateMessage<InsideWebviewMessage>(raw, webviewSchemas);
}
