// A least-recently-used map bounded by an estimate of the bytes it holds, not only by its entry count:
// a count alone lets a few huge keys or values take the host's memory. No vscode import: the worker
// threads use it too.

export interface CacheLimits {
  maxBytes: number;
  maxEntries?: number;
}

/** Heap bytes of a string in the worst case (two-byte characters) plus the string's header. */
export function stringBytes(s: string): number {
  return 2 * s.length + 24;
}

export class ByteBoundedCache<K, V> {
  /** Map order is recency order; the oldest entries go first when over a limit. */
  private readonly entries = new Map<K, { value: V; bytes: number }>();
  private held = 0;

  /** `sizeOf` estimates what an entry keeps alive, key included. */
  constructor(private readonly limits: CacheLimits, private readonly sizeOf: (key: K, value: V) => number) {}

  get size(): number {
    return this.entries.size;
  }

  /** The estimated bytes held, at most `limits.maxBytes`. */
  get bytes(): number {
    return this.held;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** The value, which becomes the most recently used. */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Stores the value unless it alone is larger than the byte limit; old entries make room. */
  set(key: K, value: V): void {
    this.delete(key);
    const bytes = this.sizeOf(key, value);
    if (bytes > this.limits.maxBytes) return;
    this.entries.set(key, { value, bytes });
    this.held += bytes;
    const maxEntries = this.limits.maxEntries ?? Infinity;
    while (this.held > this.limits.maxBytes || this.entries.size > maxEntries) this.delete(this.entries.keys().next().value as K);
  }

  delete(key: K): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.held -= entry.bytes;
  }

  /** Drops every entry for which `drop` is true. */
  deleteWhere(drop: (value: V, key: K) => boolean): void {
    for (const [key, entry] of this.entries) if (drop(entry.value, key)) this.delete(key);
  }

  clear(): void {
    this.entries.clear();
    this.held = 0;
  }
}
