// Errors about language-model folders. The checks' messages are templates whose English text is also the
// key of their translation: the extension shows them through vscode.l10n, the CLI in English.
import { fillPlaceholders } from '../placeholders';

/** A model folder that cannot be read: missing files, bad JSON, wrong sizes. */
export class ModelFormatError extends Error {}

export const MODEL_CHECK_MESSAGES = [
  'model folder not found: {0}',
  '{0} is not a folder',
  '{0} is missing',
  '{0} is not a file',
  '{0} has {1} bytes, more than the {2} a model file may have',
  '{0} is corrupt: {1}',
  '{0} changed while it was read',
  'metadata.json is not a JSON object',
  'unsupported model format version {0}',
  'unsupported tokenizer {0}',
  'metadata.json has no valid architecture',
  'model.json is not a tfjs layers model',
  'model.json must keep all weights in weights.bin',
  'model.json gives weight {0} the shape {1}; sizes must be positive whole numbers',
  'model.json stores weight {0} in a way GRU Scribe does not read',
  'model.json does not fit the {0} model that metadata.json describes',
  'weights.bin has {0} bytes, model.json needs {1}',
  'memory.bin has {0} bytes, metadata.json says {1}',
  'memory.bin is there, but metadata.json records no memory',
  '{0} exists and is not a model folder (it holds {1}); nothing was written there',
  'metadata.json: {0}',
  'weight {0} holds a number that is not finite',
  'it is a {0} model where the run trains {1}',
  'it is a {0} model (embedding {1}) where the run trains {2} (embedding {3})',
] as const;

export type ModelCheckMessage = (typeof MODEL_CHECK_MESSAGES)[number];

/** A check of a model folder failed: `message` in English, `template` and `args` for a translation. */
export class ModelCheckError extends ModelFormatError {
  constructor(readonly template: ModelCheckMessage, readonly args: readonly (string | number)[] = []) {
    super(fillPlaceholders(template, args));
  }
}
