// Worker thread that holds the language model and each document's RNN state, and runs decoding,
// so that the extension host's thread never waits for the model.
import { parentPort, workerData } from 'node:worker_threads';
import { suggestAlternatives, suggestCompletion } from '../completion/engine/suggest';
import { DocumentState } from '../completion/worker/documentState';
import { IdleAdaptation } from '../completion/worker/idleAdaptation';
import { loadFirstModel, tensorCount, type HostedModel } from '../completion/worker/modelHost';
import { LATEST_REQUEST, type FromWorker, type ToWorker } from '../completion/worker/protocol';
import { InsideViews } from '../inside/workerSide';
import type { OutputAdapter } from '../model/lm/dynamicEvaluation';
import { refuseNetwork } from '../refuseNetwork';
import { surprisingLines } from './surpriseJob';

refuseNetwork();

/** Documents whose state is kept; the least recently used one is dropped beyond this. */
const MAX_DOCUMENTS = 16;

const port = parentPort!;
const control = new Int32Array((workerData as { control: SharedArrayBuffer }).control);
let model: HostedModel | undefined;
const documents = new Map<string, DocumentState>();
let inside: InsideViews | undefined;
/** The newest surprise request per document: an older one still running stops at its next pause. */
const latestSurprise = new Map<string, number>();
/** Dynamic evaluation (the gruScribe.completions.learnFromDocument setting). */
let adapting = true;
let idle: IdleAdaptation | undefined;
/** The newest completion request handled; a newer id in the control word is a request waiting. */
let lastHandled = 0;
const requestWaiting = () => Atomics.load(control, LATEST_REQUEST) > lastHandled;

function send(message: FromWorker): void {
  port.postMessage(message);
}

function documentState(uri: string): DocumentState {
  let state = documents.get(uri);
  if (state) documents.delete(uri); // re-inserted below: Map order is recency order
  else state = new DocumentState();
  documents.set(uri, state);
  if (documents.size > MAX_DOCUMENTS) drop(documents.keys().next().value!);
  if (adapting && model?.adapter) state.adaptation ??= model.adapter.newDocument(documents.size);
  return state;
}

/** Forgets a document: its chain and its adapted weights. */
function drop(uri: string): void {
  const state = documents.get(uri);
  if (state?.adaptation) model?.adapter?.forget(state.adaptation);
  documents.delete(uri);
}

/**
 * Installs the trained output weights: "Highlight Surprising Lines" reads with them, as `gru-scribe surprise`
 * does, whatever document the completions last served. ("Look Inside the Model" has a decoder of its own.)
 */
const trainedWeights = (adapter: OutputAdapter | undefined) => () => adapter?.use(undefined);

function setAdaptation(on: boolean): void {
  adapting = on;
  if (on) return;
  for (const d of documents.values()) {
    if (d.adaptation) model?.adapter?.forget(d.adaptation);
    d.adaptation = undefined;
  }
}

/** Bits per byte of `text` from a fresh state, with the document's weights as they are now. */
function score(uri: string, text: string): number {
  if (!model) throw new Error('no language model is loaded');
  model.adapter?.use(documents.get(uri)?.adaptation);
  const bytes = new TextEncoder().encode(text);
  model.decoder.reset();
  let nats = 0;
  for (const b of bytes) {
    nats -= model.decoder.logProbability(b);
    model.decoder.feed(b);
  }
  return bytes.length === 0 ? 0 : nats / Math.LN2 / bytes.length;
}

function complete(m: Extract<ToWorker, { type: 'complete' }>): void {
  const isStale = () => Atomics.load(control, LATEST_REQUEST) !== m.id;
  const timings = { fedBytes: 0, feedMs: 0, generateMs: 0 };
  if (!model) throw new Error('no language model is loaded');
  const t0 = performance.now();
  const state = documentState(m.uri);
  const { adapter } = model;
  const adaptation = state.adaptation;
  // The request is served with the weights the document has now; steps wait until it is done.
  adapter?.use(adaptation);
  const observe = adapter && adaptation ? (byte: number) => adapter.observe(adaptation, byte) : undefined;
  const prepared = state.prepare(model.decoder, m.windowStart, m.text, isStale, observe);
  timings.fedBytes = prepared.fedBytes;
  timings.feedMs = performance.now() - t0;
  if (!prepared.done || isStale()) return send({ type: 'completion', id: m.id, text: '', cancelled: true, timings });
  const linePrefix = m.text.slice(m.text.lastIndexOf('\n') + 1);
  const text = suggestCompletion(model.decoder, linePrefix, m.lineSuffix, m.options, m.text);
  const alternatives = m.options.alternatives ? suggestAlternatives(model.decoder, linePrefix, m.lineSuffix, m.options, m.text, text) : undefined;
  timings.generateMs = performance.now() - t0 - timings.feedMs;
  send({ type: 'completion', id: m.id, text, alternatives, cancelled: false, timings });
}

port.on('message', async (m: ToWorker) => {
  switch (m.type) {
    case 'load':
      try {
        model = await loadFirstModel(m.candidates);
        documents.clear(); // states belong to the previous model
        inside = undefined;
        adapting = m.adaptation;
        const adapter = model.adapter;
        idle = adapter && new IdleAdaptation({
          adapter, requestWaiting, schedule: setImmediate,
          documents: () => [...documents.values()].map((d) => d.adaptation),
        });
        send({ type: 'loaded', id: m.id, model: model.info });
      } catch (e) {
        send({ type: 'loadFailed', id: m.id, error: (e as Error).message });
      }
      return;
    case 'edit':
      documents.get(m.uri)?.applyEdits(m.edits);
      return;
    case 'close':
      drop(m.uri);
      latestSurprise.delete(m.uri);
      return;
    case 'adaptation':
      setAdaptation(m.on);
      return;
    case 'complete':
      try {
        complete(m);
      } catch (e) {
        send({ type: 'completionFailed', id: m.id, error: (e as Error).message });
      }
      lastHandled = Math.max(lastHandled, m.id);
      idle?.wake();
      return;
    case 'score':
      try {
        send({ type: 'score', id: m.id, bitsPerByte: score(m.uri, m.text) });
      } catch (e) {
        send({ type: 'scoreFailed', id: m.id, error: (e as Error).message });
      }
      return;
    case 'inside':
    case 'insideDetail':
      try {
        if (!model) throw new Error('no language model is loaded');
        inside ??= new InsideViews(model.inside);
        send(m.type === 'inside'
          ? { type: 'inside', id: m.id, window: inside.update(m.key, m.text, m.units) }
          : { type: 'insideDetail', id: m.id, detail: inside.detail(m.key, m.index, m.unit) });
      } catch (e) {
        send({ type: 'insideFailed', id: m.id, error: (e as Error).message });
      }
      return;
    case 'surprise':
      try {
        if (!model) throw new Error('no language model is loaded');
        latestSurprise.set(m.uri, m.id);
        const { decoder, adapter } = model;
        const result = await surprisingLines(decoder, m.text, () => latestSurprise.get(m.uri) !== m.id, trainedWeights(adapter));
        if (latestSurprise.get(m.uri) === m.id) latestSurprise.delete(m.uri);
        send({ type: 'surprise', id: m.id, ...result });
      } catch (e) {
        send({ type: 'surpriseFailed', id: m.id, error: (e as Error).message });
      }
      return;
    case 'stats': {
      let snapshots = 0;
      const adaptation = { on: adapting && !!model?.adapter, documents: 0, bytesRead: 0, steps: idle?.steps ?? 0, pendingSegments: 0, bytes: 0 };
      for (const d of documents.values()) {
        snapshots += d.snapshotCount;
        if (!d.adaptation) continue;
        adaptation.documents++;
        adaptation.bytesRead += d.adaptation.bytesRead;
        adaptation.pendingSegments += d.adaptation.pendingSegments;
        adaptation.bytes += d.adaptation.byteSize;
      }
      send({ type: 'stats', id: m.id, stats: { documents: documents.size, snapshots, heapUsed: process.memoryUsage().heapUsed, tensors: tensorCount(), adaptation } });
      return;
    }
  }
});
