// Knowledge distillation for the English members: a teacher ensemble (the members of one or more model
// folders) gives each training row its P(positive), and the row's target becomes a blend of that and its
// gold label. A member trained on these soft targets learns how sure the larger ensemble is, not only
// which side it is on, at the cost of one member's work per sentence at inference.
import { SentimentModelError } from './artifacts';
import { SentimentClassifier, type SentimentArtifacts } from './classifier';
import { sameWords } from './vocabulary';

/**
 * One classifier of every member of `folders` (their subjectivity heads and bands left out): its
 * `scoreParts(ids).polarity` is the members' mean P(positive). The folders must share one vocabulary,
 * since one row of word ids is read by all of them.
 */
export function teacherOf(folders: SentimentArtifacts[]): SentimentClassifier {
  if (folders.length === 0) throw new SentimentModelError('a teacher needs at least one model folder');
  // Each folder checked as the product loads it (vocabulary, members' shapes, head) before their members are pooled.
  const words = folders.map((f) => SentimentClassifier.fromArtifacts(f).vocabulary.words);
  words.forEach((list, i) => {
    if (!sameWords(list, words[0])) {
      throw new SentimentModelError(`teacher folder ${i + 1} has another vocabulary than the first: its word ids would mean other words`);
    }
  });
  const members = folders.flatMap((f) => f.members);
  return SentimentClassifier.fromArtifacts({
    metadata: {
      kind: 'gru-scribe-sentiment', members: members.map((_, i) => `member-${i + 1}`), embedding: 1, units: 1,
      neutralBand: [0.5, 0.5], training: {},
    },
    vocabulary: { words: words[0] },
    members,
  });
}

/** Training targets: `teacherWeight` x the teacher's P(positive) + (1 - `teacherWeight`) x the gold label (0 or 1). */
export function softTargets(labels: ArrayLike<number>, teacher: ArrayLike<number>, teacherWeight: number): Float32Array {
  if (!(teacherWeight >= 0 && teacherWeight <= 1)) throw new RangeError(`the teacher's weight must be between 0 and 1, not ${teacherWeight}`);
  if (labels.length !== teacher.length) throw new RangeError(`${labels.length} labels but ${teacher.length} teacher probabilities`);
  return Float32Array.from(labels, (label, i) => teacherWeight * teacher[i] + (1 - teacherWeight) * label);
}
