// Words that occur once in a text and are one typo away from a word the text uses elsewhere: `lenght`
// where `length` is used, `getVlaue` next to `getValue`. A misspelled identifier is the clearest case of a
// line that does not fit its file, and a left-to-right model cannot see that the right spelling comes later.

/** Identifiers as most languages spell them; shorter ones (`i`, `id`, `err`) differ by a letter too often. */
const WORD = /[A-Za-z_][A-Za-z0-9_]*/g;
const MIN_LENGTH = 4;

export interface Lookalike {
  /** Offsets of the word in the text (UTF-16, or bytes when the text was decoded one character per byte). */
  start: number;
  end: number;
  word: string;
  /** The word used elsewhere that it is one typo away from, and how often that one occurs. */
  like: string;
  likeCount: number;
}

/** The text with one character left out at each position. */
function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

function transpositions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < word.length; i++) {
    if (word[i] !== word[i + 1]) out.push(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  }
  return out;
}

/**
 * Each word that occurs exactly once and is one edit (a letter swapped with its neighbour, replaced,
 * added or left out) from another word of the text.
 */
export function findLookalikes(text: string): Lookalike[] {
  const occurrences: Array<{ start: number; word: string }> = [];
  const counts = new Map<string, number>();
  for (const m of text.matchAll(WORD)) {
    occurrences.push({ start: m.index, word: m[0] });
    counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  }
  // Each word's one-letter deletions -> the words that give them (symmetric-delete lookup).
  const byDeletion = new Map<string, string[]>();
  for (const word of counts.keys()) {
    if (word.length < MIN_LENGTH - 1) continue;
    for (const d of new Set(deletions(word))) {
      const list = byDeletion.get(d);
      if (list) list.push(word);
      else byDeletion.set(d, [word]);
    }
  }
  const lookalikeOf = (word: string): string | undefined => {
    // Nor are words differing in case (`Value` the type, `value` the variable) or in digits (`x1`, `x2`).
    const fits = (other: string) => other.toLowerCase() !== word.toLowerCase() && other.replace(/\d/g, '') !== word.replace(/\d/g, '');
    const candidates = [
      ...transpositions(word).filter((t) => counts.has(t)), // swapped letters
      ...deletions(word).filter((d) => counts.has(d)), // a letter added
      ...(byDeletion.get(word) ?? []), // a letter left out
      ...deletions(word).flatMap((d) => byDeletion.get(d) ?? []), // a letter replaced
    ];
    // The most used candidate is the likeliest intended word.
    let best: string | undefined;
    for (const c of candidates) if (fits(c) && (best === undefined || counts.get(c)! > counts.get(best)!)) best = c;
    return best;
  };
  const out: Lookalike[] = [];
  for (const { start, word } of occurrences) {
    if (word.length < MIN_LENGTH || counts.get(word) !== 1) continue;
    const like = lookalikeOf(word);
    if (like) out.push({ start, end: start + word.length, word, like, likeCount: counts.get(like)! });
  }
  return out;
}
