// Worker thread for "Analyze Sentiment": segments the text and classifies its sentences in batches,
// the visible part first, so a long document never blocks the extension host's thread.
import { parentPort } from 'node:worker_threads';
import { SentimentClassifier } from '../model/sentiment/classifier';
import { loadSentimentClassifier } from '../model/sentiment/folder';
import type { AnalyzeRequest, FromWorker, ScoredSpan, SkippedSpan, ToWorker } from '../sentiment/protocol';
import { documentSentences, type TextSpan } from '../text/extract';
import { scriptSkipReason } from '../text/judgeable';
import { refuseNetwork } from '../refuseNetwork';

refuseNetwork();

/** Below this share of known words a sentence is not English enough to judge. */
const MIN_KNOWN_SHARE = 0.5;

/** Sentences remembered with their result, so re-analysis after an edit classifies only what changed. */
const CACHE_LIMIT = 100_000;
/** A results message carries at most this many sentences, however many came from the cache. */
const MAX_MESSAGE_SPANS = 4096;

const port = parentPort!;
let classifier: SentimentClassifier | undefined;
const cancelled = new Set<number>();
/** Sentence text -> P(positive), or undefined when too few of its words are known. */
const cache = new Map<string, number | undefined>();

/** P(positive) of a sentence, or undefined when the model knows too few of its words. */
function classify(c: SentimentClassifier, text: string): number | undefined {
  if (cache.has(text)) return cache.get(text);
  const ids = c.encode(text);
  const score = SentimentClassifier.knownShare(ids) < MIN_KNOWN_SHARE ? undefined : c.scoreIds(ids);
  // Dropping everything at the limit is crude but bounded; a document that large is re-read once.
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, score);
  return score;
}

function send(message: FromWorker): void {
  port.postMessage(message);
}

/** Lets queued messages (a cancel) in between batches. */
const yieldToMessages = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Sentences overlapping a priority range first (in order), then the rest in document order. */
function prioritized(spans: TextSpan[], offset: number, priority: Array<[number, number]>): TextSpan[] {
  const first: TextSpan[] = [];
  const rest: TextSpan[] = [];
  for (const s of spans) {
    const a = s.start + offset;
    const b = s.end + offset;
    (priority.some(([p, q]) => a < q && b > p) ? first : rest).push(s);
  }
  return [...first, ...rest];
}

async function analyze(m: AnalyzeRequest): Promise<void> {
  if (!classifier) throw new Error('the sentiment model is not loaded');
  const spans = documentSentences(m.text, m.languageId);
  const toScore: TextSpan[] = [];
  const skipped: SkippedSpan[] = [];
  for (const s of spans) {
    const reason = scriptSkipReason(s.text);
    if (reason) skipped.push({ start: s.start + m.offset, end: s.end + m.offset, reason });
    else toScore.push(s);
  }
  const ordered = prioritized(toScore, m.offset, m.priority);
  send({ type: 'plan', id: m.id, sentences: ordered.length, skipped });
  // A batch is `batchSize` sentences the model has to read; remembered ones ride along for free.
  for (let i = 0; i < ordered.length;) {
    await yieldToMessages();
    if (cancelled.delete(m.id)) return send({ type: 'done', id: m.id, cancelled: true });
    const scored: ScoredSpan[] = [];
    const unknown: SkippedSpan[] = [];
    for (let read = 0; i < ordered.length && read < m.batchSize && scored.length + unknown.length < MAX_MESSAGE_SPANS; i++) {
      const s = ordered[i];
      if (!cache.has(s.text)) read++;
      const score = classify(classifier, s.text);
      const start = s.start + m.offset;
      const end = s.end + m.offset;
      if (score === undefined) unknown.push({ start, end, reason: 'unknown-words' });
      else scored.push({ start, end, score });
    }
    send({ type: 'results', id: m.id, scored, skipped: unknown });
  }
  cancelled.delete(m.id);
  send({ type: 'done', id: m.id, cancelled: false });
}

port.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'load':
      try {
        classifier ??= loadSentimentClassifier(m.modelDir);
        send({ type: 'loaded', id: m.id, neutralBand: classifier.neutralBand, members: classifier.metadata.members.length });
      } catch (e) {
        send({ type: 'failed', id: m.id, error: (e as Error).message });
      }
      return;
    case 'analyze':
      analyze(m).catch((e) => send({ type: 'failed', id: m.id, error: (e as Error).message }));
      return;
    case 'cancel':
      cancelled.add(m.id);
      return;
  }
});
