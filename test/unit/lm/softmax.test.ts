// The output's softmax: softmaxAt, one probability alone, is softmaxInto's value at that index to the bit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mulberry32 } from '../../../src/model/lm/sampler';
import { softmaxAt, softmaxInto } from '../../../src/model/lm/softmax';

test('softmaxAt gives softmaxInto\'s value at every index, to the bit, for flat and peaked logits', () => {
  const rand = mulberry32(3);
  const logits = new Float32Array(256), p = new Float32Array(256);
  for (const scale of [0, 0.1, 3, 30, 300]) {
    for (let trial = 0; trial < 20; trial++) {
      for (let i = 0; i < 256; i++) logits[i] = (rand() * 2 - 1) * scale;
      softmaxInto(logits, p);
      for (let b = 0; b < 256; b++) assert.equal(softmaxAt(logits, b), p[b], `scale ${scale}, byte ${b}`);
    }
  }
});
