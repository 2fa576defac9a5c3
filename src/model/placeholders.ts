// Message templates with numbered placeholders, shared by the webview's texts and the model checks' errors
// (their English text is also the key of their translation).

/** Fills `{0}`, `{1}`… with `args`; a placeholder without an argument stays as it is. */
export function fillPlaceholders(template: string, args: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : whole));
}
