// The translations a webview panel finds in its page (the parsed `data-l10n` attribute). No vscode import:
// the webview bundles use it.

/**
 * Only known keys with string values of at most 500 characters, so a malformed or stale dictionary can
 * never put anything but text for a known key on screen.
 */
export function knownTranslations<K extends string>(raw: unknown, known: ReadonlySet<string>): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return out;
  for (const [key, value] of Object.entries(raw)) {
    if (known.has(key) && typeof value === 'string' && value.length <= 500) out[key as K] = value;
  }
  return out;
}
