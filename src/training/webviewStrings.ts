// Every text the training panel's webview shows, by its English wording. The host translates the list
// with vscode.l10n and hands the result to the webview in its HTML (`data-l10n`); the webview looks
// texts up with `t()` and falls back to English. No `vscode` import: the webview bundle uses this file.
import { knownTranslations } from '../panels/translations';

export const WEBVIEW_STRINGS = [
  // Messages
  'Enter a glob, e.g. **/*.ts',
  'Scanning…',
  'Choose at least one cell to compare.',
  'Preparing the data…',
  'Stopping after the current step…',
  'Training on {0} files ({1} with training text) with {2}.',
  'Training failed: {0}',
  'Stopped; the weights that validated best were saved.',
  'Validation stopped improving; training stopped and kept the weights of step {0}.',
  'Training finished.',
  'No files match: change the glob or the size limit.',
  'The training data did not arrive; start again.',
  // Header and status
  'Training',
  'Model: ',
  ' · Backend: ',
  'not started',
  'none',
  ' (WebGL is software-rendered here)',
  'Training progress',
  'idle',
  'loading',
  'running',
  'paused',
  'completed',
  'stopped',
  'failed',
  'interrupted',
  // Data
  'Data',
  'Scan files',
  'Scan to see which files will be used.',
  'Files (glob)',
  'Relative to each workspace folder; files.exclude, search.exclude and .gitignore apply',
  'Max file size (KB)',
  '{0} files, {1}',
  ' · skipped: {0}',
  '{0} {1}',
  ', ',
  'lock file',
  'binary',
  'too large',
  'minified',
  'generated',
  'empty',
  'gitignored',
  'unreadable',
  'over total limit',
  'looks like a secret',
  'symbolic link',
  'outside the workspace folder',
  'Left out, {0}: {1}',
  '{0} is little text to fine-tune on: the run will train gently, keep the weights that validate best, and completions switch to them only if they validate better than the model in use.',
  // Settings
  'Settings',
  'Mode',
  'Fine-tune the current model',
  'Compare cells, trained from scratch',
  'Time budget (s)',
  'Epochs (0 = until time budget)',
  'Learning rate',
  'Sequence length',
  'Batch size',
  'Validation share',
  'Checkpoint every (s)',
  'Sample prompt',
  'Embedding size',
  'Hidden units',
  'Layers',
  // Run
  'Run',
  'Start',
  'Pause',
  'Resume',
  'Stop',
  'Step',
  'Speed',
  'ETA',
  'Train bits/byte',
  'Validation bits/byte',
  'Saved at step',
  'Samples',
  '{0} · step {1}',
  'Validation bits per byte, before and after',
  'Model',
  'Before',
  'After',
  'Change',
  'Steps',
  'better',
  'worse',
  '{0} (kept: {1})',
  'Validation got better: {0} bits per byte; completions now use the fine-tuned model.',
  'Validation got worse: {0} bits per byte; completions keep using {1}.',
  'Too little validation text to compare the models; completions keep using {0}.',
  'Use it anyway',
  // Chart
  'step',
  'bits per byte',
  '{0} train',
  '{0} validation',
  // Earlier runs
  'Earlier runs',
  'Started',
  'Status',
  'Show curves',
  'Continue',
  'Use {0}',
  'fine-tune ({0})',
  'compare {0}',
] as const;

export type WebviewString = (typeof WEBVIEW_STRINGS)[number];

const KNOWN: ReadonlySet<string> = new Set(WEBVIEW_STRINGS);

export function isWebviewString(text: string): text is WebviewString {
  return KNOWN.has(text);
}

/** The translations of `raw`, the parsed `data-l10n` attribute (see ../panels/translations). */
export function checkTranslations(raw: unknown): Partial<Record<WebviewString, string>> {
  return knownTranslations(raw, KNOWN);
}
