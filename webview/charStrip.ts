// The characters of a window, one span each (its colour class, hover and keyboard focus), drawn visible part
// first: thousands of inline spans take most of a window's drawing (style, layout and paint), so the
// characters start as plain text in chunks, the chunks on screen get their spans before the frame is
// drawn, and the others get theirs when the page is idle after it, nearest the cursor first.

/** Characters per chunk: a chunk is one text node until its characters get their spans. */
export const CHUNK = 128;
/** The longest wait for an idle moment before the chunks off screen get their spans anyway. */
const IDLE_TIMEOUT_MS = 200;

export class CharacterStrip {
  private chars: string[] = [];
  /** Per character: its span, once its chunk has them. */
  private spans: (HTMLSpanElement | undefined)[] = [];
  /** Per chunk: its text node while it has no spans. */
  private plain: (Text | undefined)[] = [];
  private readonly chunkOf = new WeakMap<Node, number>();
  private readonly indexOfSpan = new WeakMap<Node, number>();
  private pending = 0;
  private idle: number | undefined;

  /** `classOf(i)`: character i's class names, as the view colours it now. */
  constructor(readonly element: HTMLElement, private readonly classOf: (i: number) => string, private readonly onComplete: () => void = () => undefined) {}

  get length(): number {
    return this.chars.length;
  }

  /**
   * Shows `chars` with character `focus` in view: its chunk and those on screen get their spans now (in
   * this task, before the frame), the others when the page is idle; `onComplete` is called when all have.
   */
  show(chars: string[], focus: number): void {
    this.stop();
    this.chars = chars;
    this.spans = new Array(chars.length);
    const chunks = Math.ceil(chars.length / CHUNK);
    this.plain = new Array(chunks);
    this.pending = chunks;
    const fragment = document.createDocumentFragment();
    for (let k = 0; k < chunks; k++) {
      const node = document.createTextNode(chars.slice(k * CHUNK, (k + 1) * CHUNK).join(''));
      this.plain[k] = node;
      this.chunkOf.set(node, k);
      fragment.append(node);
    }
    this.element.replaceChildren(fragment);
    if (!chars.length) return this.onComplete();
    const at = Math.max(0, Math.min(focus, chars.length - 1));
    this.span(at).scrollIntoView({ block: 'nearest' });
    // The chunks between the strip's first and last visible characters (plain text lays out quickly),
    // and one more on each side: at points just inside the padding, on the first and the last visible line.
    const box = this.element.getBoundingClientRect();
    const first = this.chunkAt(box.left + 12, box.top + 10) ?? 0;
    const last = this.chunkAt(box.right - 12, box.bottom - 10) ?? chunks - 1;
    for (let k = Math.max(0, first - 1); k <= Math.min(chunks - 1, last + 1); k++) this.fill(k);
    this.schedule(Math.floor(at / CHUNK));
  }

  /** Character i's span if it has one yet. */
  existingSpan(i: number): HTMLSpanElement | undefined {
    return this.spans[i];
  }

  /** Character i's span, made now if its chunk has none yet. */
  span(i: number): HTMLSpanElement {
    this.fill(Math.floor(i / CHUNK));
    return this.spans[i]!;
  }

  /** The spans there are, with their characters' indexes. */
  *existing(): Generator<[HTMLSpanElement, number]> {
    for (let i = 0; i < this.spans.length; i++) {
      const span = this.spans[i];
      if (span) yield [span, i];
    }
  }

  /** The character under a pointer event's target (-1: none), making the spans of its chunk if needed. */
  indexAt(target: EventTarget | null, x: number, y: number): number {
    const i = target instanceof Node ? this.indexOfSpan.get(target) : undefined;
    if (i !== undefined) return i;
    // Over text that has no spans yet: its chunk gets them, then the character under the point is found.
    const k = this.chunkAt(x, y);
    if (k === undefined || !this.plain[k]) return -1;
    this.fill(k);
    const under = document.elementFromPoint(x, y);
    return under ? this.indexOfSpan.get(under) ?? -1 : -1;
  }

  clear(): void {
    this.show([], 0);
  }

  /** The chunk of the character nearest the point (undefined: none found). */
  private chunkAt(x: number, y: number): number | undefined {
    const caret = document.caretRangeFromPoint(x, y);
    if (!caret) return undefined;
    let node: Node | null = caret.startContainer;
    // Between characters the caret may be given in the strip itself, as a child index.
    if (node === this.element) node = this.element.childNodes[Math.min(caret.startOffset, this.element.childNodes.length - 1)] ?? null;
    if (node instanceof Text && !this.chunkOf.has(node)) node = node.parentElement;
    if (!node) return undefined;
    const k = this.chunkOf.get(node);
    if (k !== undefined) return k;
    const i = this.indexOfSpan.get(node);
    return i === undefined ? undefined : Math.floor(i / CHUNK);
  }

  /** Chunk k's characters get their spans. */
  private fill(k: number): void {
    const node = this.plain[k]; // (undefined for a k out of range as well)
    if (!node) return;
    this.plain[k] = undefined;
    this.pending--;
    const fragment = document.createDocumentFragment();
    for (let i = k * CHUNK; i < Math.min(this.chars.length, (k + 1) * CHUNK); i++) {
      const span = document.createElement('span');
      span.textContent = this.chars[i];
      span.className = this.classOf(i);
      this.spans[i] = span;
      this.indexOfSpan.set(span, i);
      fragment.append(span);
    }
    node.replaceWith(fragment);
    if (this.pending === 0) this.onComplete();
  }

  /** The remaining chunks, nearest `from` first, while the page is idle. */
  private schedule(from: number): void {
    if (this.pending === 0) return;
    this.idle = requestIdleCallback((deadline) => {
      this.idle = undefined;
      this.fill(from);
      for (let d = 1; this.pending > 0 && (deadline.didTimeout || deadline.timeRemaining() > 2) && (from - d >= 0 || from + d < this.plain.length); d++) {
        this.fill(from - d);
        this.fill(from + d);
      }
      this.schedule(from);
    }, { timeout: IDLE_TIMEOUT_MS });
  }

  private stop(): void {
    if (this.idle !== undefined) cancelIdleCallback(this.idle);
    this.idle = undefined;
  }
}
