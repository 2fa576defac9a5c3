// The sentence at the cursor as the sentiment classifier reads it, word by word (for "Look Inside the
// Model"). No vscode import: the sentiment worker runs it.
import { documentSentences, type TextSpan } from '../text/extract';
import { judgeSentence, type SentimentModels } from './judge';
import type { SentenceSteps } from './protocol';

/** Characters a sentence may lie from the cursor and still be "at" it (a comment's text starts after its marker). */
const NEAR = 80;

/** The sentence of `text` at `cursor` (or the nearest one within NEAR characters), undefined where there is none to judge. */
export function sentenceSteps(models: SentimentModels, text: string, languageId: string, cursor: number): SentenceSteps | undefined {
  let sentence: TextSpan | undefined;
  let best = NEAR + 1;
  for (const s of documentSentences(text, languageId)) {
    const distance = cursor < s.start ? s.start - cursor : cursor > s.end ? cursor - s.end : 0;
    if (distance < best) { best = distance; sentence = s; }
  }
  if (!sentence) return undefined;
  // Only what "Analyze Sentiment" would judge, read by the model it would go to.
  const judgement = judgeSentence(models, sentence.text, { heading: sentence.heading });
  if (judgement.skip) return undefined;
  const { words, scores } = models[judgement.language].readingSteps(sentence.text);
  return words.length ? { start: sentence.start, end: sentence.end, words, scores } : undefined;
}
