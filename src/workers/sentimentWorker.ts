// Worker thread for "Analyze Sentiment": segments the text and classifies its sentences in batches,
// the visible part first, so a long document never blocks the extension host's thread.
import { parentPort } from 'node:worker_threads';
import { ByteBoundedCache, stringBytes } from '../byteBoundedCache';
import { readablePart, SentimentClassifier } from '../model/sentiment/classifier';
import { loadSentimentClassifier } from '../model/sentiment/folder';
import type { AnalyzeRequest, FromWorker, ScoredSpan, SkippedSpan, ToWorker } from '../sentiment/protocol';
import { documentSentences, type TextSpan } from '../text/extract';
import { scriptSkipReason } from '../text/judgeable';
import { sentenceSteps } from '../sentiment/sentenceSteps';
import { refuseNetwork } from '../refuseNetwork';

refuseNetwork();

/** Below this share of known words a sentence is not English enough to judge. */
const MIN_KNOWN_SHARE = 0.5;

/**
 * Bytes of sentences remembered with their result, so re-analysis after an edit classifies only what
 * changed: some 60,000 sentences of ordinary length; the least recently used go first.
 */
const CACHE_BYTES = 16 * 2 ** 20;
/** A results message carries at most this many sentences, however many came from the cache. */
const MAX_MESSAGE_SPANS = 4096;
/**
 * A batch ends after the model has read this many characters, whatever its count of sentences, so that
 * a cancel waits for little work (a sentence is read up to MAX_SENTENCE_CHARS).
 */
const BATCH_CHARS = 32_768;

const port = parentPort!;
let classifier: SentimentClassifier | undefined;
const cancelled = new Set<number>();
/** What the model reads of a sentence -> P(positive), or undefined when too few of its words are known. */
const cache = new ByteBoundedCache<string, number | undefined>({ maxBytes: CACHE_BYTES }, (text) => stringBytes(text) + 64);

/** P(positive) of what the model reads of a sentence, or undefined when it knows too few of its words. */
function classify(c: SentimentClassifier, read: string): number | undefined {
  if (cache.has(read)) return cache.get(read);
  const ids = c.encode(read);
  const score = SentimentClassifier.knownShare(ids) < MIN_KNOWN_SHARE ? undefined : c.scoreIds(ids);
  cache.set(read, score);
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
  // Each sentence's text becomes what the model reads of it: judged, classified and cached as such.
  const spans = documentSentences(m.text, m.languageId).map((s) => ({ ...s, text: readablePart(s.text) }));
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
    for (let read = 0, chars = 0; i < ordered.length && read < m.batchSize && chars < BATCH_CHARS && scored.length + unknown.length < MAX_MESSAGE_SPANS; i++) {
      const s = ordered[i];
      if (!cache.has(s.text)) {
        read++;
        chars += s.text.length;
      }
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
    case 'steps':
      try {
        if (!classifier) throw new Error('the sentiment model is not loaded');
        send({ type: 'steps', id: m.id, steps: sentenceSteps(classifier, m.text, m.languageId, m.cursor) });
      } catch (e) {
        send({ type: 'failed', id: m.id, error: (e as Error).message });
      }
      return;
  }
});
