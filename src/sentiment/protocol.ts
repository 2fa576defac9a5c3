// Messages between the extension host and the sentiment worker (src/workers/sentimentWorker.ts).
import type { SentimentLanguage, SkipReason } from '../text/judgeable';

/** One model folder per language the worker reads. */
export type ModelDirs = Record<SentimentLanguage, string>;
export type NeutralBands = Record<SentimentLanguage, [number, number]>;

export interface AnalyzeRequest {
  type: 'analyze';
  id: number;
  text: string;
  languageId: string;
  /** Offset of `text` in the document (a selection), added to every result. */
  offset: number;
  /** Document offset ranges classified first (the visible part of the editor). */
  priority: Array<[number, number]>;
  batchSize: number;
}

export type ToWorker =
  | { type: 'load'; id: number; modelDirs: ModelDirs }
  | AnalyzeRequest
  | { type: 'cancel'; id: number }
  /** "Look Inside the Model": the sentence of `text` at `cursor`, read word by word. */
  | { type: 'steps'; id: number; text: string; languageId: string; cursor: number };

/** One classified sentence, in document offsets. */
export interface ScoredSpan {
  start: number;
  end: number;
  /** P(positive). */
  score: number;
  /** The model that judged it: its neutral band applies. */
  language: SentimentLanguage;
}

export interface SkippedSpan {
  start: number;
  end: number;
  reason: SkipReason;
}

export type FromWorker =
  | { type: 'loaded'; id: number; neutralBands: NeutralBands }
  | { type: 'failed'; id: number; error: string }
  /** Sent once per analysis, before any results: how many sentences will be classified. */
  | { type: 'plan'; id: number; sentences: number; skipped: SkippedSpan[] }
  | { type: 'results'; id: number; scored: ScoredSpan[]; skipped: SkippedSpan[] }
  | { type: 'done'; id: number; cancelled: boolean }
  | { type: 'steps'; id: number; steps: SentenceSteps | undefined };

/** The sentence at a cursor (offsets in the text sent), the words the classifier read and P(positive) after each. */
export interface SentenceSteps {
  start: number;
  end: number;
  words: string[];
  scores: number[];
}
