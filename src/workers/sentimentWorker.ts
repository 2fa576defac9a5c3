// Worker thread for "Analyze Sentiment": segments the text and classifies its sentences in batches,
// the visible part first, so a long document never blocks the extension host's thread. Holds one model
// per language (English and Chinese); each sentence goes to the model of its main script (../sentiment/judge).
import { parentPort } from 'node:worker_threads';
import { ByteBoundedCache, stringBytes } from '../byteBoundedCache';
import { readablePart } from '../model/sentiment/classifier';
import { loadSentimentClassifier } from '../model/sentiment/folder';
import { judgeSentence, type Judgement, type SentimentModels } from '../sentiment/judge';
import type { AnalyzeRequest, FromWorker, ModelDirs, ScoredSpan, SkippedSpan, ToWorker } from '../sentiment/protocol';
import { documentSentences, type TextSpan } from '../text/extract';
import { sentenceSteps } from '../sentiment/sentenceSteps';
import { routeSentence, SENTIMENT_LANGUAGES } from '../text/judgeable';
import { refuseNetwork } from '../refuseNetwork';

refuseNetwork();

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
let models: SentimentModels | undefined;
let loadedDirs = '';
const cancelled = new Set<number>();
/** What the models read of a sentence -> their judgement. */
const cache = new ByteBoundedCache<string, Judgement>({ maxBytes: CACHE_BYTES }, (text) => stringBytes(text) + 64);

function judge(m: SentimentModels, read: string): Judgement {
  let j = cache.get(read);
  if (!j) cache.set(read, j = judgeSentence(m, read));
  return j;
}

/** Both models; loaded again only when other folders are asked for. */
function load(dirs: ModelDirs): SentimentModels {
  const key = JSON.stringify(dirs);
  if (!models || key !== loadedDirs) {
    const loaded = Object.fromEntries(SENTIMENT_LANGUAGES.map((l) => [l, loadSentimentClassifier(dirs[l])])) as SentimentModels;
    for (const l of SENTIMENT_LANGUAGES) {
      if (loaded[l].language !== l) throw new Error(`${dirs[l]} reads ${loaded[l].language}, not ${l}`);
    }
    models = loaded;
    loadedDirs = key;
    cache.clear();
  }
  return models;
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
  if (!models) throw new Error('the sentiment models are not loaded');
  const current = models;
  // Each sentence's text becomes what the models read of it: judged, classified and cached as such.
  const spans = documentSentences(m.text, m.languageId).map((s) => ({ ...s, text: readablePart(s.text) }));
  const toScore: TextSpan[] = [];
  const skipped: SkippedSpan[] = [];
  for (const s of spans) {
    // What needs no model is settled at once (as judgeSentence would settle it); the rest is judged in batches.
    const route = routeSentence(s.text, { heading: s.heading });
    if (route.skip) skipped.push({ start: s.start + m.offset, end: s.end + m.offset, reason: route.skip });
    else toScore.push(s);
  }
  const ordered = prioritized(toScore, m.offset, m.priority);
  send({ type: 'plan', id: m.id, sentences: ordered.length, skipped });
  // A batch is `batchSize` sentences the models have to read; remembered ones ride along for free.
  for (let i = 0; i < ordered.length;) {
    await yieldToMessages();
    if (cancelled.delete(m.id)) return send({ type: 'done', id: m.id, cancelled: true });
    const scored: ScoredSpan[] = [];
    const unjudged: SkippedSpan[] = [];
    for (let read = 0, chars = 0; i < ordered.length && read < m.batchSize && chars < BATCH_CHARS && scored.length + unjudged.length < MAX_MESSAGE_SPANS; i++) {
      const s = ordered[i];
      if (!cache.has(s.text)) {
        read++;
        chars += s.text.length;
      }
      const j = judge(current, s.text);
      const start = s.start + m.offset;
      const end = s.end + m.offset;
      if (j.skip) unjudged.push({ start, end, reason: j.skip });
      else scored.push({ start, end, score: j.score, language: j.language });
    }
    send({ type: 'results', id: m.id, scored, skipped: unjudged });
  }
  cancelled.delete(m.id);
  send({ type: 'done', id: m.id, cancelled: false });
}

port.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'load':
      try {
        const loaded = load(m.modelDirs);
        send({ type: 'loaded', id: m.id, neutralBands: { en: loaded.en.neutralBand, zh: loaded.zh.neutralBand } });
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
        if (!models) throw new Error('the sentiment models are not loaded');
        send({ type: 'steps', id: m.id, steps: sentenceSteps(models, m.text, m.languageId, m.cursor) });
      } catch (e) {
        send({ type: 'failed', id: m.id, error: (e as Error).message });
      }
      return;
  }
});
