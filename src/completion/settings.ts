// `gruScribe.completions.*` settings, read once and again only when they change.
import * as vscode from 'vscode';
import { DEFAULT_SUGGEST_OPTIONS } from './engine/suggest';

export const SECTION = 'gruScribe.completions';

export interface CompletionSettings {
  enabled: boolean;
  /** Per language id; "*" is the default for languages not listed. */
  languages: Record<string, boolean>;
  debounceMs: number;
  maxBytes: number;
  temperature: number;
  multiline: boolean;
  /** Suggestions stop before their probability as a whole would fall below this. */
  minConfidence: number;
  /** In code, none inside comments or strings. */
  skipCommentsAndStrings: boolean;
  /** Dynamic evaluation: the model keeps learning from each document as it reads it. */
  learnFromDocument: boolean;
}

export const DEFAULT_SETTINGS: CompletionSettings = {
  enabled: true,
  languages: { '*': true },
  debounceMs: 75,
  maxBytes: DEFAULT_SUGGEST_OPTIONS.maxBytes,
  temperature: DEFAULT_SUGGEST_OPTIONS.temperature,
  multiline: DEFAULT_SUGGEST_OPTIONS.multiline,
  minConfidence: DEFAULT_SUGGEST_OPTIONS.minProbability,
  skipCommentsAndStrings: false,
  learnFromDocument: true,
};

const clamp = (v: number, lo: number, hi: number) => (Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : lo);

export function readSettings(scope?: vscode.ConfigurationScope): CompletionSettings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  return {
    enabled: c.get<boolean>('enabled', DEFAULT_SETTINGS.enabled),
    languages: languageSwitches(c.get<unknown>('languages', DEFAULT_SETTINGS.languages)),
    debounceMs: clamp(c.get<number>('debounceMs', DEFAULT_SETTINGS.debounceMs), 0, 2000),
    maxBytes: Math.round(clamp(c.get<number>('maxBytes', DEFAULT_SETTINGS.maxBytes), 1, 1024)),
    temperature: clamp(c.get<number>('temperature', DEFAULT_SETTINGS.temperature), 0, 2),
    multiline: c.get<boolean>('multiline', DEFAULT_SETTINGS.multiline),
    minConfidence: clamp(c.get<number>('minConfidence', DEFAULT_SETTINGS.minConfidence), 0, 1),
    skipCommentsAndStrings: c.get<boolean>('skipCommentsAndStrings', DEFAULT_SETTINGS.skipCommentsAndStrings) === true,
    learnFromDocument: c.get<boolean>('learnFromDocument', DEFAULT_SETTINGS.learnFromDocument) !== false,
  };
}

/** A per-language setting's value, its non-boolean entries left out. */
export function languageSwitches(value: unknown): Record<string, boolean> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'boolean')) as Record<string, boolean>;
}

/** Whether a per-language setting (`{"*": true, "plaintext": false}`) turns a feature on for `languageId`. */
export function isLanguageEnabled(settings: { languages: Record<string, boolean> }, languageId: string): boolean {
  return settings.languages[languageId] ?? settings.languages['*'] ?? true;
}
