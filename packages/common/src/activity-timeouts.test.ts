import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActivityTimeoutError, normalizeActivityTimeouts } from './activity-timeouts.js';

const t = (scheduleToCloseMs: number, scheduleToStartMs: number, startToCloseMs: number, heartbeatMs: number) => ({
  scheduleToCloseMs,
  scheduleToStartMs,
  startToCloseMs,
  heartbeatMs,
});

test('schedule-to-close alone fills schedule-to-start and start-to-close', () => {
  assert.deepEqual(normalizeActivityTimeouts(t(60_000, 0, 0, 0), 0), t(60_000, 60_000, 60_000, 0));
});

test('start-to-close alone leaves the other two unlimited, or at the run timeout', () => {
  assert.deepEqual(normalizeActivityTimeouts(t(0, 0, 10_000, 0), 0), t(0, 0, 10_000, 0));
  assert.deepEqual(normalizeActivityTimeouts(t(0, 0, 10_000, 0), 300_000), t(300_000, 300_000, 10_000, 0));
});

test('everything is capped by the run timeout and schedule-to-close; heartbeat by start-to-close', () => {
  assert.deepEqual(normalizeActivityTimeouts(t(600_000, 0, 900_000, 0), 120_000), t(120_000, 120_000, 120_000, 0));
  assert.deepEqual(normalizeActivityTimeouts(t(0, 0, 5000, 9000), 0), t(0, 0, 5000, 5000));
  assert.deepEqual(normalizeActivityTimeouts(t(10_000, 20_000, 0, 0), 0), t(10_000, 10_000, 10_000, 0));
});

test('no schedule-to-close and no start-to-close, or a negative value, is refused', () => {
  assert.throws(() => normalizeActivityTimeouts(t(0, 5000, 0, 0), 0), /A valid StartToClose or ScheduleToCloseTimeout is not set/);
  assert.throws(() => normalizeActivityTimeouts(t(-1, 0, 1000, 0), 0), ActivityTimeoutError);
});
