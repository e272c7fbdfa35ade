import { test } from 'node:test';
import assert from 'node:assert/strict';
import { msToNumber, msOptionalToNumber, msToTimestampParts, protoDurationToMs, timestampPartsToMs } from './duration.js';

test('durations: numbers are milliseconds, strings use ms format', () => {
  assert.equal(msToNumber(1500), 1500);
  assert.equal(msToNumber('30s'), 30_000);
  assert.equal(msToNumber('1 day'), 86_400_000);
  assert.equal(msToNumber('500ms'), 500);
  assert.equal(msOptionalToNumber(undefined), undefined);
});

test('bad durations name the value', () => {
  assert.throws(() => msToNumber('abc'), /Invalid duration string "abc"/);
  assert.throws(() => msToNumber(-5), /Invalid duration -5/);
  assert.throws(() => msToNumber(Number.NaN), TypeError);
});

test('timestamps split into seconds and nanos and back, for Long, string and bigint seconds', () => {
  assert.deepEqual(msToTimestampParts(1_700_000_000_123), { seconds: 1_700_000_000, nanos: 123_000_000 });
  assert.deepEqual(msToTimestampParts(-1), { seconds: -1, nanos: 999_000_000 });
  assert.equal(timestampPartsToMs({ seconds: 1_700_000_000, nanos: 123_000_000 }), 1_700_000_000_123);
  assert.equal(timestampPartsToMs({ seconds: '12', nanos: 5_000_000 }), 12_005);
  assert.equal(timestampPartsToMs({ seconds: 12n, nanos: 0 }), 12_000);
  assert.equal(timestampPartsToMs({ seconds: { low: 12, high: 0 }, nanos: 0 }), 12_000);
  assert.equal(timestampPartsToMs({ seconds: { toNumber: () => 3 }, nanos: 999_999_999 }), 3999);
  assert.equal(protoDurationToMs(null), 0);
});
