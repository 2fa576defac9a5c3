// Repetition filter. Small language models fall into loops ("the the the", "))))))", a line
// written again and again); a loop is cut back to its first occurrence.

const MAX_UNIT = 24;

/** How many back-to-back copies of a unit of this length make a loop. Short units need more copies. */
function copiesForLoop(unitLength: number): number {
  if (unitLength === 1) return 10;
  if (unitLength <= 3) return 5;
  return 3;
}

export interface Loop {
  /** Where the first copy of the repeated unit starts. */
  start: number;
  unitLength: number;
}

/** The loop that `text` ends in, if any: some unit repeated back to back up to the very end. */
export function findLoop(text: string): Loop | null {
  for (let u = 1; u <= MAX_UNIT && u * 2 <= text.length; u++) {
    const unit = text.slice(-u);
    if (unit.trim() === '' && u > 1) continue; // runs of blanks are counted with u = 1
    let start = text.length - u;
    while (start - u >= 0 && text.startsWith(unit, start - u)) start -= u;
    if ((text.length - start) / u >= copiesForLoop(u)) return { start, unitLength: u };
  }
  return null;
}

export function endsInLoop(text: string): boolean {
  return findLoop(text) !== null;
}

/**
 * Cuts a suggestion where it starts looping, keeping one copy of the repeated unit.
 * `before` is the text left of the cursor: a loop may begin there and continue in the suggestion.
 * Also stops a multi-line suggestion at a line that repeats the line before it.
 */
export function cutRepetition(before: string, suggestion: string): string {
  let out = suggestion;
  const lines = out.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line.length > 0 && line === lines[i - 1].trim()) {
      out = lines.slice(0, i).join('\n');
      break;
    }
  }
  const tail = before.slice(-MAX_UNIT * copiesForLoop(MAX_UNIT));
  const loop = findLoop(tail + out);
  if (!loop) return out;
  // A loop that began before the cursor is only being continued: none of it is worth suggesting.
  if (loop.start < tail.length) return '';
  return out.slice(0, loop.start + loop.unitLength - tail.length);
}
