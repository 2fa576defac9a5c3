// One judgement of a sentence, shared by the sentiment worker (the editor) and the CLI so that both say
// the same of the same text: routed to the model of its main script (../text/judgeable), or skipped with
// a reason; a sentence of mostly unknown words is skipped too. No VS Code here.
import { readablePart, SentimentClassifier } from '../model/sentiment/classifier';
import { routeSentence, type SentimentLanguage, type SkipReason } from '../text/judgeable';

/** Below this share of known words a sentence is not in the model's language enough to judge. */
const MIN_KNOWN_SHARE = 0.5;

export type SentimentModels = Readonly<Record<SentimentLanguage, SentimentClassifier>>;

export type Judgement =
  | { language: SentimentLanguage; score: number; skip?: undefined }
  /** `language`: the model the text would have gone to, when there is one. */
  | { skip: SkipReason; language?: SentimentLanguage };

/** What the models say of `text` (read up to MAX_SENTENCE_CHARS, see readablePart). */
export function judgeSentence(models: SentimentModels, text: string, options: { heading?: boolean } = {}): Judgement {
  const read = readablePart(text);
  const route = routeSentence(read, options);
  if (route.skip) return route;
  const classifier = models[route.language];
  const ids = classifier.encode(read);
  if (SentimentClassifier.knownShare(ids) < MIN_KNOWN_SHARE) return { skip: 'unknown-words', language: route.language };
  return { language: route.language, score: classifier.scoreIds(ids) };
}

