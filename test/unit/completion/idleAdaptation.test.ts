// The worker's idle adaptation: a step only when no completion request waits, one per turn of the event
// loop, and the document furthest behind first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { createDecoder } from '../../../src/model/lm/decoder';
import { OutputAdapter, type DocumentAdaptation } from '../../../src/model/lm/dynamicEvaluation';
import { IdleAdaptation } from '../../../src/completion/worker/idleAdaptation';
import { buildLanguageModel } from '../../../src/model/lm/model';

function setup() {
  const decoder = createDecoder(buildLanguageModel({ cell: 'gru', embedDim: 4, hiddenSize: 8, layers: 1 }, { seed: 1 }), { kernel: 'js' });
  const adapter = new OutputAdapter(decoder, { segmentBytes: 16, sampleEvery: 4, learningRate: 0.1, decay: 0.01, gradientFloor: 0 });
  const read = (doc: DocumentAdaptation, n: number) => {
    for (let i = 0; i < n; i++) {
      adapter.observe(doc, 97 + (i % 26));
      decoder.feed(97 + (i % 26));
    }
  };
  const turns: Array<() => void> = [];
  let waiting = false;
  const stepped: DocumentAdaptation[] = [];
  const step = adapter.step.bind(adapter);
  adapter.step = (doc) => {
    assert.equal(waiting, false, 'a step ran while a request waited');
    stepped.push(doc);
    return step(doc);
  };
  const docs: DocumentAdaptation[] = [adapter.newDocument(1), adapter.newDocument(2)];
  const idle = new IdleAdaptation({ adapter, documents: () => docs, requestWaiting: () => waiting, schedule: (t) => turns.push(t) });
  const runTurns = () => { while (turns.length) turns.shift()!(); };
  return { read, docs, idle, turns, runTurns, stepped, setWaiting: (w: boolean) => { waiting = w; } };
}

test('setup: cpu backend', async () => {
  await tf.setBackend('cpu');
});

test('no step runs while a request waits; waking after it is served takes the steps', () => {
  const t = setup();
  t.read(t.docs[0], 48); // three segments
  t.setWaiting(true);
  t.idle.wake();
  t.runTurns();
  assert.equal(t.stepped.length, 0);
  assert.equal(t.docs[0].pendingSegments, 3);
  t.setWaiting(false);
  t.idle.wake();
  t.runTurns();
  assert.equal(t.stepped.length, 3);
  assert.equal(t.idle.steps, 3);
  assert.equal(t.docs[0].pendingSegments, 0);
});

test('one step per turn, so a request that arrives between turns stops the rest', () => {
  const t = setup();
  t.read(t.docs[0], 64);
  t.idle.wake();
  t.idle.wake(); // at most one turn is scheduled at a time
  assert.equal(t.turns.length, 1);
  t.turns.shift()!();
  assert.equal(t.stepped.length, 1);
  t.setWaiting(true); // a request arrives
  t.runTurns();
  assert.equal(t.stepped.length, 1);
  assert.equal(t.docs[0].pendingSegments, 3);
});

test('the document furthest behind goes first', () => {
  const t = setup();
  t.read(t.docs[0], 16);
  t.read(t.docs[1], 48);
  t.idle.wake();
  t.turns.shift()!();
  assert.equal(t.stepped[0], t.docs[1]);
  t.runTurns();
  assert.equal(t.stepped.length, 4);
});
