import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  computeBackoffMs,
  decideActivityRetry,
  isRetryableFailure,
  RetryPolicyError,
  retryPolicyWithDefaults,
  type FailureSummary,
} from './retry-policy.js';
import { RetryStateCode, TimeoutTypeCode } from './enum-codes.js';

test('defaults: 1s initial, coefficient 2, maximum 100x initial, unlimited attempts', () => {
  assert.deepEqual(retryPolicyWithDefaults(undefined), {
    initialIntervalMs: 1000,
    backoffCoefficient: 2,
    maximumIntervalMs: 100_000,
    maximumAttempts: 0,
    nonRetryableErrorTypes: [],
  });
  assert.equal(retryPolicyWithDefaults({ initialIntervalMs: 200 }).maximumIntervalMs, 20_000);
});

test('invalid policies are refused with a message naming the field', () => {
  assert.throws(() => retryPolicyWithDefaults({ backoffCoefficient: 0.5 }), /BackoffCoefficient cannot be less than 1/);
  assert.throws(() => retryPolicyWithDefaults({ initialIntervalMs: 5000, maximumIntervalMs: 1000 }), RetryPolicyError);
  assert.throws(() => retryPolicyWithDefaults({ maximumAttempts: -1 }), /MaximumAttempts cannot be negative/);
  assert.throws(() => retryPolicyWithDefaults({ initialIntervalMs: -1 }), /InitialInterval cannot be negative/);
});

test('backoff grows by the coefficient and stops at the maximum interval', () => {
  const p = retryPolicyWithDefaults({ initialIntervalMs: 1000, backoffCoefficient: 2, maximumIntervalMs: 5000 });
  assert.deepEqual([1, 2, 3, 4, 5].map((a) => computeBackoffMs(p, a)), [1000, 2000, 4000, 5000, 5000]);
  assert.equal(computeBackoffMs(p, 10_000), 5000, 'a huge attempt number does not overflow');
});

test('what is retryable', () => {
  const app = (type: string, nonRetryable = false): FailureSummary => ({ kind: 'application', type, nonRetryable });
  assert.equal(isRetryableFailure(app('Flaky'), []), true);
  assert.equal(isRetryableFailure(app('Flaky', true), []), false);
  assert.equal(isRetryableFailure(app('Fatal'), ['Fatal']), false);
  assert.equal(isRetryableFailure({ kind: 'canceled' }, []), false);
  assert.equal(isRetryableFailure({ kind: 'terminated' }, []), false);
  assert.equal(isRetryableFailure({ kind: 'timeout', timeoutType: TimeoutTypeCode.START_TO_CLOSE }, []), true);
  assert.equal(isRetryableFailure({ kind: 'timeout', timeoutType: TimeoutTypeCode.HEARTBEAT }, []), true);
  assert.equal(isRetryableFailure({ kind: 'timeout', timeoutType: TimeoutTypeCode.SCHEDULE_TO_START }, []), false);
  assert.equal(isRetryableFailure({ kind: 'timeout', timeoutType: TimeoutTypeCode.SCHEDULE_TO_CLOSE }, []), false);
  assert.equal(
    isRetryableFailure({ kind: 'timeout', timeoutType: TimeoutTypeCode.START_TO_CLOSE }, ['TemporalTimeout:START_TO_CLOSE']),
    false,
  );
  assert.equal(isRetryableFailure({ kind: 'timeout', timeoutType: TimeoutTypeCode.HEARTBEAT }, ['TemporalTimeout:HEARTBEAT']), false);
  assert.equal(isRetryableFailure({ kind: 'server', nonRetryable: true }, []), false);
  assert.equal(isRetryableFailure({ kind: 'other' }, []), true);
});

test('retry decisions follow Temporal\'s order: cancel, non-retryable, attempts, deadline', () => {
  const policy = retryPolicyWithDefaults({ initialIntervalMs: 1000, maximumAttempts: 3 });
  const base = { policy, attempt: 1, nowMs: 10_000, firstScheduledMs: 0, scheduleToCloseMs: 0, cancelRequested: false };
  const flaky: FailureSummary = { kind: 'application', type: 'X', nonRetryable: false };
  assert.deepEqual(decideActivityRetry({ ...base, failure: flaky }), { retry: true, delayMs: 1000 });
  assert.deepEqual(decideActivityRetry({ ...base, attempt: 2, failure: flaky }), { retry: true, delayMs: 2000 });
  assert.deepEqual(decideActivityRetry({ ...base, attempt: 3, failure: flaky }), { retry: false, retryState: RetryStateCode.MAXIMUM_ATTEMPTS_REACHED });
  assert.deepEqual(decideActivityRetry({ ...base, cancelRequested: true, failure: flaky }), { retry: false, retryState: RetryStateCode.CANCEL_REQUESTED });
  assert.deepEqual(
    decideActivityRetry({ ...base, failure: { ...flaky, nonRetryable: true } }),
    { retry: false, retryState: RetryStateCode.NON_RETRYABLE_FAILURE },
  );
  assert.deepEqual(
    decideActivityRetry({ ...base, scheduleToCloseMs: 10_500, failure: flaky }),
    { retry: false, retryState: RetryStateCode.TIMEOUT },
    'the next attempt would start after the schedule-to-close deadline',
  );
});

test('nextRetryDelay overrides the computed delay and the maximum interval', () => {
  const policy = retryPolicyWithDefaults({ initialIntervalMs: 1000, maximumIntervalMs: 2000 });
  const d = decideActivityRetry({
    policy,
    attempt: 1,
    failure: { kind: 'application', type: 'X', nonRetryable: false, nextRetryDelayMs: 30_000 },
    nowMs: 0,
    firstScheduledMs: 0,
    scheduleToCloseMs: 0,
    cancelRequested: false,
  });
  assert.deepEqual(d, { retry: true, delayMs: 30_000 });
});
