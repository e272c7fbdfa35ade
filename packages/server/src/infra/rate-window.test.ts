import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateWindow } from './rate-window.js';

test('a rate counts the events of the window and forgets older ones', () => {
  const w = new RateWindow(30_000);
  const t0 = 1_800_000_000_000;
  for (let i = 0; i < 300; i++) w.record(t0 + i * 100); // 10 a second for 30 s
  assert.equal(w.perSecond(t0 + 29_950), 10);
  // 10 s later, the first 10 s have left the window.
  assert.equal(w.perSecond(t0 + 39_950), 20 * 10 / 30);
  // Long after, nothing is left, and the window is empty.
  assert.equal(w.perSecond(t0 + 120_000), 0);
  assert.equal(w.isEmpty(t0 + 120_000), true);
  w.record(t0 + 120_500);
  assert.equal(w.perSecond(t0 + 120_600), 1 / 30);
});

test('a busy window stays the same size', () => {
  const w = new RateWindow(30_000);
  const t0 = 1_800_000_000_000;
  for (let i = 0; i < 100_000; i++) w.record(t0 + Math.floor(i / 10));
  assert.equal(w.perSecond(t0 + 9_999), 100_000 / 30);
  assert.equal((w as unknown as { counts: number[] }).counts.length, 30);
});
