import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeepBest } from '../../../src/model/lm/keepBest';
import { switchVerdict } from '../../../src/training/switchRule';

/** Weights are labelled boxes here; copies and releases are counted. */
function tracker(baseline: number | undefined, patience: number) {
  const live = new Set<string>();
  const keep = new KeepBest<{ label: string }>({
    baseline, patience,
    copy: (w) => { live.add(w.label); return { label: w.label }; },
    release: (w) => { assert.ok(live.delete(w.label), `released twice: ${w.label}`); },
  });
  const offer = (step: number, valLoss: number) => keep.offer({ weights: { label: `step ${step}` }, valLoss, step, bytesSeen: step * 100, seconds: step });
  return { keep, offer, live };
}

test('the weights kept are the best validated, not the last', () => {
  const { keep, offer, live } = tracker(4.12, 10);
  offer(10, 3.9);
  offer(20, 3.5);
  offer(30, 3.7);
  offer(40, 4.4);
  assert.equal(keep.best?.weights.label, 'step 20');
  assert.equal(keep.best?.valLoss, 3.5);
  assert.deepEqual([...live], ['step 20'], 'replaced copies are released');
  keep.dispose();
  assert.equal(live.size, 0);
});

test('training stops once validation has not improved for `patience` measurements in a row', () => {
  const { offer } = tracker(4.12, 3);
  assert.equal(offer(1, 4.0), undefined);
  assert.equal(offer(2, 4.1), undefined);
  assert.equal(offer(3, 3.9), undefined, 'an improvement starts the count again');
  assert.equal(offer(4, 3.95), undefined);
  assert.equal(offer(5, 3.91), undefined);
  assert.equal(offer(6, 3.99), 'stop');
});

test('when validation only gets worse, the least bad weights are kept and training stops early', () => {
  // The sample folder's case: validation rose from 4.12 from the first step on.
  const { keep, offer } = tracker(4.12, 2);
  assert.equal(offer(5, 4.3), undefined);
  assert.equal(offer(10, 4.9), 'stop');
  assert.equal(keep.best?.weights.label, 'step 5');
  assert.equal(keep.bar, 4.12, 'the starting weights remain the bar');
});

test('completions switch only to a model that validates better than the one in use', () => {
  assert.deepEqual(switchVerdict(4.12, 3.5), { switch: true, beforeBpb: 4.12, afterBpb: 3.5 });
  assert.deepEqual(switchVerdict(4.12, 5.95), { switch: false, reason: 'worse', beforeBpb: 4.12, afterBpb: 5.95 });
  assert.equal(switchVerdict(4.12, 4.12).switch, false, 'no better is not better');
  assert.deepEqual(switchVerdict(undefined, 3.5), { switch: false, reason: 'unmeasured', beforeBpb: undefined, afterBpb: 3.5 });
  assert.equal(switchVerdict(4.12, undefined).switch, false);
});
