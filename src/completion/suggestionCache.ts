// Suggestions by where they were asked for, so that the same place (or typing along a shown suggestion)
// is answered at once without the model. Keys are the document, the line and the text on both sides
// of the cursor on that line.

export interface CachePlace {
  uri: string;
  line: number;
  linePrefix: string;
  lineSuffix: string;
}

function keyOf(p: CachePlace): string {
  return `${p.uri}\u0000${p.line}\u0000${p.lineSuffix}\u0000${p.linePrefix}`;
}

export class SuggestionCache {
  /** Map order is recency order; the oldest entry goes first when full. */
  private readonly entries = new Map<string, { uri: string; line: number; text: string }>();

  constructor(private readonly capacity = 512) {}

  get size(): number {
    return this.entries.size;
  }

  lookup(place: CachePlace): string | undefined {
    const key = keyOf(place);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.text;
  }

  /**
   * Stores a suggestion, and what is left of it after each character of its first line, so typing
   * along the suggestion finds the rest here.
   */
  store(place: CachePlace, suggestion: string): void {
    this.put(place, suggestion);
    const firstLine = suggestion.split('\n')[0];
    let typed = '';
    for (const ch of firstLine) {
      typed += ch;
      const rest = suggestion.slice(typed.length);
      if (rest.trim() === '') break;
      this.put({ ...place, linePrefix: place.linePrefix + typed }, rest);
    }
  }

  /** Drops a document's entries, except those of `keepLine` (edits on the cursor's line keep typing-along entries). */
  invalidate(uri: string, keepLine?: number): void {
    for (const [key, e] of this.entries) if (e.uri === uri && e.line !== keepLine) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  private put(place: CachePlace, text: string): void {
    const key = keyOf(place);
    this.entries.delete(key);
    this.entries.set(key, { uri: place.uri, line: place.line, text });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}
