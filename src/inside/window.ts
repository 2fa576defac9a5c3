// Which part of a document "Look Inside the Model" reads: a window of about WINDOW_BYTES around the cursor,
// mostly before it (what the model has read there), starting at a line start. The window stays put while
// the cursor moves inside it, so moving costs nothing and an edit is read again from the edit on.
// No vscode import: the unit tests use it.

/** Bytes of UTF-8 a window holds at most (4 KB: a few thousand characters of code or prose). */
export const WINDOW_BYTES = 4096;

export interface TextWindow {
  /** UTF-16 offsets in the document. */
  start: number;
  end: number;
}

/** A document as the window needs it: its length and its text between two offsets. */
export interface WindowSource {
  length: number;
  text(start: number, end: number): string;
}

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

/** Moves `i` off the second half of a surrogate pair. */
function boundary(source: WindowSource, i: number): number {
  if (i <= 0 || i >= source.length) return Math.max(0, Math.min(i, source.length));
  const c = source.text(i, i + 1).charCodeAt(0);
  return c >= 0xdc00 && c <= 0xdfff ? i - 1 : i;
}

/**
 * The window for a cursor at `cursor`: `previous` while the cursor stays in its first seven eighths,
 * else a new one with three quarters of it before the cursor. Either way its end follows the text.
 */
export function chooseWindow(source: WindowSource, cursor: number, previous?: TextWindow, maxBytes = WINDOW_BYTES): TextWindow {
  const keep = previous && previous.start <= cursor && previous.start <= source.length
    && cursor <= previous.start + Math.floor((previous.end - previous.start) * 7 / 8);
  let chars = maxBytes;
  for (let attempt = 0; attempt < 3; attempt++) {
    let start = keep ? previous.start : Math.max(0, cursor - Math.floor(chars * 3 / 4));
    if (!keep && start > 0) {
      // Start at a line start when one is near: the model reads a line from its beginning better.
      const newline = source.text(start, Math.min(cursor, start + Math.floor(chars / 4))).indexOf('\n');
      if (newline >= 0) start += newline + 1;
    }
    start = boundary(source, start);
    const end = boundary(source, Math.min(source.length, start + chars));
    const bytes = utf8Length(source.text(start, end));
    if (bytes <= maxBytes || end - start <= 1) return { start, end };
    // Wide characters (Chinese takes 3 bytes each): fewer of them.
    chars = Math.max(1, Math.floor((end - start) * maxBytes / bytes * 0.98));
    if (keep && previous.start + chars < cursor) return chooseWindow(source, cursor, undefined, maxBytes);
  }
  const start = boundary(source, Math.max(0, cursor - Math.floor(chars * 3 / 4)));
  return { start, end: boundary(source, Math.min(source.length, start + chars)) };
}
