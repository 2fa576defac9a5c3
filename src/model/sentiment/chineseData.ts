// Reads the Chinese product reviews (`label<TAB>category<TAB>review`, a header line, 1 = positive) and
// splits them reproducibly: within every (category, label) stratum a seeded shuffle puts the first share
// in the held-out split and the next in the tuning split, so both mirror the whole file's mix.
import { readFileSync } from 'node:fs';
import { mulberry32 } from '../lm/sampler';
import { chineseSentences } from './chineseTokenizer';

export interface Review {
  label: 0 | 1;
  category: string;
  text: string;
}

export function readChineseReviews(path: string): Review[] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const rows: Review[] = [];
  lines.slice(1).forEach((line, i) => {
    if (line === '') return;
    const [label, category, text, extra] = line.split('\t');
    if ((label !== '0' && label !== '1') || !category || text === undefined || extra !== undefined) {
      throw new Error(`${path}:${i + 2}: expected label<TAB>category<TAB>review, got "${line.slice(0, 60)}"`);
    }
    rows.push({ label: label === '1' ? 1 : 0, category, text });
  });
  return rows;
}

export interface ReviewSplits {
  train: Review[];
  tuning: Review[];
  heldOut: Review[];
}

/**
 * Stratified split by (category, label) with a fixed seed. With `heldOutCategory`, that whole category is
 * the held-out split (leave-one-category-out) and the tuning split comes from the other categories.
 */
export function splitReviews(rows: Review[], options: { seed: number; heldOutShare: number; tuningShare: number; heldOutCategory?: string }): ReviewSplits {
  const { heldOutCategory } = options;
  if (heldOutCategory !== undefined && !rows.some((r) => r.category === heldOutCategory)) {
    throw new Error(`no reviews in category ${heldOutCategory}`);
  }
  const random = mulberry32(options.seed);
  const strata = new Map<string, Review[]>();
  for (const r of rows) {
    if (r.category === heldOutCategory) continue;
    const key = `${r.category}\t${r.label}`;
    const list = strata.get(key) ?? [];
    list.push(r);
    strata.set(key, list);
  }
  const splits: ReviewSplits = { train: [], tuning: [], heldOut: heldOutCategory === undefined ? [] : rows.filter((r) => r.category === heldOutCategory) };
  const heldOutShare = heldOutCategory === undefined ? options.heldOutShare : 0;
  for (const key of [...strata.keys()].sort()) {
    const list = strata.get(key)!;
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    const h = Math.round(list.length * heldOutShare);
    const t = Math.round(list.length * options.tuningShare);
    splits.heldOut.push(...list.slice(0, h));
    splits.tuning.push(...list.slice(h, h + t));
    splits.train.push(...list.slice(h + t));
  }
  return splits;
}

/**
 * The sentences of reviews, each labelled as its review (a noisy label: a positive review can hold a
 * plain or a critical sentence); sentences with fewer than two letters (a lone "。", "2") are left out.
 */
export function reviewSentences(reviews: readonly Review[]): Review[] {
  return reviews.flatMap((r) => chineseSentences(r.text)
    .filter((s) => (s.match(/\p{L}/gu)?.length ?? 0) >= 2)
    .map((text) => ({ label: r.label, category: r.category, text })));
}
