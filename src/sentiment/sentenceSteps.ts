// The sentence at the cursor as the sentiment classifier reads it, word by word (for "Look Inside the
// Model"). No vscode import: the sentiment worker runs it.
import type { SentimentClassifier } from '../model/sentiment/classifier';
import { documentSentences } from '../text/extract';
import { scriptSkipReason } from '../text/judgeable';
import type { SentenceSteps } from './protocol';

/** The sentence of `text` holding `cursor` (or ending right before it), undefined where there is none to judge. */
export function sentenceSteps(classifier: SentimentClassifier, text: string, languageId: string, cursor: number): SentenceSteps | undefined {
  const sentence = documentSentences(text, languageId).find((s) => s.start <= cursor && cursor <= s.end);
  if (!sentence || scriptSkipReason(sentence.text)) return undefined;
  const { words, scores } = classifier.readingSteps(sentence.text);
  return words.length ? { start: sentence.start, end: sentence.end, words, scores } : undefined;
}
