// Worker thread for "Analyze Sentiment": segments the text and classifies its sentences in batches,
// the visible part first, so a long document never blocks the extension host's thread.
import { parentPort } from 'node:worker_threads';
import { SentimentClassifier } from '../model/sentiment/classifier';
import { loadSentimentClassifier } from '../model/sentiment/folder';
import type { AnalyzeRequest, FromWorker, ScoredSpan, SkippedSpan, ToWorker } from '../sentiment/protocol';
import { documentSentences, type TextSpan } from '../text/extract';
import { scriptSkipReason } from '../text/judgeable';

/** Below this share of known words a sentence is not English enough to judge. */
const MIN_KNOWN_SHARE = 0.5;

const port = parentPort!;
let classifier: SentimentClassifier | undefined;
const cancelled = new Set<number>();

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
  for (let i = 0; i < ordered.length; i += m.batchSize) {
    await yieldToMessages();
    if (cancelled.delete(m.id)) return send({ type: 'done', id: m.id, cancelled: true });
    const scored: ScoredSpan[] = [];
    const unknown: SkippedSpan[] = [];
    for (const s of ordered.slice(i, i + m.batchSize)) {
      const ids = classifier.encode(s.text);
      const start = s.start + m.offset;
      const end = s.end + m.offset;
      if (SentimentClassifier.knownShare(ids) < MIN_KNOWN_SHARE) unknown.push({ start, end, reason: 'unknown-words' });
      else scored.push({ start, end, score: classifier.scoreIds(ids) });
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
