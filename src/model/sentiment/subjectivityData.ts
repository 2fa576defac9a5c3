// Reads Pang & Lee's subjectivity sentences (`objective.txt`, `subjective.txt`: one sentence a line,
// lower-cased and tokenized like SST-2) and splits them the way the Chinese reviews are split
// (./chineseData: a seeded shuffle per class, held-out and tuning shares), so the evaluation can make the
// training run's split again from its metadata.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitReviews, type ReviewSplits } from './chineseData';

export interface SubjectivitySplitOptions {
  seed: number;
  heldOutShare: number;
  tuningShare: number;
}

/** Objective sentences labelled 0, subjective ones 1, split into training, tuning and held-out sentences. */
export function subjectivitySplits(dir: string, options: SubjectivitySplitOptions): ReviewSplits {
  const read = (file: string, label: 0 | 1) => readFileSync(join(dir, file), 'utf8').split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((text) => ({ label, category: file, text }));
  return splitReviews([...read('objective.txt', 0), ...read('subjective.txt', 1)], options);
}
