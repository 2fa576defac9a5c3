// Suggestions by where they were asked for, so that the same place (or typing along a shown suggestion)
// is answered at once without the model. A place is the document, the line and the text on both sides
// of the cursor on that line; the key holds a digest of that text, never the text itself, so a long line
// costs the same few bytes per entry as a short one, and the whole cache is bounded in bytes.
import { createHash, type Hash } from 'node:crypto';
import { ByteBoundedCache, stringBytes } from '../byteBoundedCache';

export interface CachePlace {
  uri: string;
  line: number;
  linePrefix: string;
  lineSuffix: string;
}

interface Entry {
  uri: string;
  line: number;
  text: string;
}

/** The map's and the entry object's own bytes, estimated. */
const ENTRY_OVERHEAD = 96;

/**
 * The digest reads the suffix first, so that the prefix can be extended one typed character at a time.
 * UTF-16 code units go in as they are: lone surrogates stay distinct. The lengths in the key keep
 * "ab" + "c" and "a" + "bc" apart.
 */
function placeHash(p: CachePlace): Hash {
  return createHash('sha256').update(p.lineSuffix, 'utf16le').update('\u0000', 'utf16le').update(p.linePrefix, 'utf16le');
}

function keyOf(p: CachePlace, hash: Hash, typedLength = 0): string {
  const digest = hash.copy().digest('base64');
  return `${p.uri}\u0000${p.line}\u0000${p.linePrefix.length + typedLength}\u0000${p.lineSuffix.length}\u0000${digest}`;
}

export class SuggestionCache {
  private readonly entries: ByteBoundedCache<string, Entry>;

  constructor(capacity = 512, maxBytes = 1 << 20) {
    this.entries = new ByteBoundedCache<string, Entry>(
      { maxEntries: capacity, maxBytes },
      (key, e) => stringBytes(key) + stringBytes(e.text) + ENTRY_OVERHEAD,
    );
  }

  get size(): number {
    return this.entries.size;
  }

  /** Estimated bytes held. */
  get bytes(): number {
    return this.entries.bytes;
  }

  lookup(place: CachePlace): string | undefined {
    return this.entries.get(keyOf(place, placeHash(place)))?.text;
  }

  /**
   * Stores a suggestion, and what is left of it after each character of its first line, so typing
   * along the suggestion finds the rest here.
   */
  store(place: CachePlace, suggestion: string): void {
    const hash = placeHash(place);
    const entries: Array<[key: string, text: string]> = [[keyOf(place, hash), suggestion]];
    const firstLine = suggestion.split('\n')[0];
    let typed = 0;
    for (const ch of firstLine) {
      typed += ch.length;
      const rest = suggestion.slice(typed);
      if (rest.trim() === '') break;
      hash.update(ch, 'utf16le');
      entries.push([keyOf(place, hash, typed), rest]);
    }
    // The place itself goes in last, so that it is the last of them pushed out when the cache is full.
    for (let i = entries.length - 1; i >= 0; i--) this.put(entries[i][0], place, entries[i][1]);
  }

  /** Drops a document's entries, except those of `keepLine` (edits on the cursor's line keep typing-along entries). */
  invalidate(uri: string, keepLine?: number): void {
    this.entries.deleteWhere((e) => e.uri === uri && e.line !== keepLine);
  }

  clear(): void {
    this.entries.clear();
  }

  private put(key: string, place: CachePlace, text: string): void {
    this.entries.set(key, { uri: place.uri, line: place.line, text });
  }
}
