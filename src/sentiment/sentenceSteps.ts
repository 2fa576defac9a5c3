// The sentence at the cursor as the sentiment classifier reads it, word by word (for "Look Inside the
// Model"). No vscode import: the sentiment worker runs it.
import type { SentimentClassifier } from '../model/sentiment/classifier';
import { documentSentences, type TextSpan } from '../text/extract';
import { scriptSkipReason } from '../text/judgeable';
import type { SentenceSteps } from './protocol';

/** Characters a sentence may lie from the cursor and still be "at" it (a comment's text starts after its marker). */
const NEAR = 80;

/** The sentence of `text` at `cursor` (or the nearest one within NEAR characters), undefined where there is none to judge. */
export function sentenceSteps(classifier: SentimentClassifier, text: string, languageId: string, cursor: number): SentenceSteps | undefined {
  let sentence: TextSpan | undefined;
  let best = NEAR + 1;
  for (const s of documentSentences(text, languageId)) {
    const distance = cursor < s.start ? s.start - cursor : cursor > s.end ? cursor - s.end : 0;
    if (distance < best) { best = distance; sentence = s; }
  }
  if (!sentence || scriptSkipReason(sentence.text)) return undefined;
  const { words, scores } = classifier.readingSteps(sentence.text);
  return words.length ? { start: sentence.start, end: sentence.end, words, scores } : undefined;
}
