import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSnoozeMinutes, Snooze } from '../../../src/completion/snooze';

/** Mocked timers and a clock that moves with them. */
function clock(t: { mock: { timers: { enable(apis: ['setTimeout']): void; tick(ms: number): void } } }) {
  t.mock.timers.enable(['setTimeout']);
  let now = 0;
  return { now: () => now, tick: (ms: number) => { now += ms; t.mock.timers.tick(ms); } };
}

test('a snooze ends by itself after its minutes, and says so', (t) => {
  const time = clock(t);
  const changes: (number | undefined)[] = [];
  const snooze = new Snooze((until) => changes.push(until), time.now);
  assert.equal(snooze.active, false);
  snooze.start(15);
  assert.equal(snooze.active, true);
  assert.equal(snooze.minutesLeft(), 15);
  time.tick(14 * 60_000 + 1);
  assert.equal(snooze.active, true);
  assert.equal(snooze.minutesLeft(), 1, 'the last minute counts as one');
  time.tick(60_000);
  assert.equal(snooze.active, false);
  assert.deepEqual(changes, [15 * 60_000, undefined]);
});

test('a new snooze replaces the one under way; cancelling ends it at once', (t) => {
  const time = clock(t);
  const snooze = new Snooze(() => {}, time.now);
  snooze.start(5);
  snooze.start(60);
  time.tick(5 * 60_000 + 1);
  assert.equal(snooze.active, true, 'the first timer no longer ends it');
  snooze.cancel();
  assert.equal(snooze.active, false);
  assert.throws(() => snooze.start(0), /1 to 1440 minutes/);
  assert.throws(() => snooze.start(2000), /1 to 1440 minutes/);
});

test('typed snooze lengths: whole minutes from 1 to a day', () => {
  assert.equal(parseSnoozeMinutes(' 30 '), 30);
  assert.equal(parseSnoozeMinutes('1440'), 1440);
  assert.equal(parseSnoozeMinutes('0'), 'range');
  assert.equal(parseSnoozeMinutes('1441'), 'range');
  assert.equal(parseSnoozeMinutes('2.5'), 'whole');
  assert.equal(parseSnoozeMinutes('ten'), 'whole');
  assert.equal(parseSnoozeMinutes('0x10'), 'whole');
});
