// Reads the GLUE SST-2 files: a header line, then `label<TAB>text` with label 1 = positive.
import { readFileSync } from 'node:fs';

export interface LabelledText {
  text: string;
  label: 0 | 1;
}

export function readSst2(path: string): LabelledText[] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const rows: LabelledText[] = [];
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const tab = line.indexOf('\t');
    const label = line.slice(0, tab);
    if (tab < 0 || (label !== '0' && label !== '1')) throw new Error(`${path}: bad row "${line.slice(0, 60)}"`);
    rows.push({ label: label === '1' ? 1 : 0, text: line.slice(tab + 1) });
  }
  return rows;
}

/** Fisher-Yates shuffle in place with a seeded generator. */
export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/**
 * Holds out whole sentences: rows of at least 8 tokens that no longer row contains. Every training row
 * that is a phrase of a held-out sentence is dropped too, so the tuning figures are honest.
 */
export function splitTuning<T extends { tokens: string[] }>(rows: T[], count: number, random: () => number): { train: T[]; tuning: T[] } {
  const joined = rows.map((r) => ` ${r.tokens.join(' ')} `);
  // Rows that contain a given word trigram: only those can contain a candidate starting with it.
  const byTrigram = new Map<string, number[]>();
  rows.forEach((r, j) => {
    for (let a = 0; a + 3 <= r.tokens.length; a++) {
      const key = r.tokens.slice(a, a + 3).join(' ');
      const list = byTrigram.get(key) ?? [];
      if (list[list.length - 1] !== j) list.push(j);
      byTrigram.set(key, list);
    }
  });
  const candidates = shuffle(rows.map((_, i) => i).filter((i) => rows[i].tokens.length >= 8), random);
  const tuning = new Set<number>();
  for (const i of candidates) {
    if (tuning.size >= count) break;
    const len = rows[i].tokens.length;
    const others = byTrigram.get(rows[i].tokens.slice(0, 3).join(' ')) ?? [];
    const inside = others.some((j) => rows[j].tokens.length > len && joined[j].includes(joined[i]));
    if (!inside) tuning.add(i);
  }
  const phrases = new Set<string>();
  for (const i of tuning) {
    const t = rows[i].tokens;
    for (let a = 0; a < t.length; a++) for (let b = a + 1; b <= t.length; b++) phrases.add(t.slice(a, b).join(' '));
  }
  const train = rows.filter((r, i) => !tuning.has(i) && !phrases.has(r.tokens.join(' ')));
  return { train, tuning: [...tuning].map((i) => rows[i]) };
}
