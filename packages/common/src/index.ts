/**
 * @durable/common: workflow-safe code shared by the server and the SDK (no Node built-ins: it runs in the sandbox).
 *
 * @example
 * ```ts
 * import { msToNumber, retryPolicyWithDefaults, computeBackoffMs } from '@durable/common';
 * const policy = retryPolicyWithDefaults({ initialIntervalMs: msToNumber('1s') });
 * computeBackoffMs(policy, 3); // 4000
 * ```
 */
export { msToNumber, msOptionalToNumber, msToTimestampParts, timestampPartsToMs, msToProtoDuration, protoDurationToMs } from './duration.js';
export type { Duration, Int64Like, TimeParts } from './duration.js';
export {
  RetryState,
  TimeoutType,
  RetryPolicyError,
  retryPolicyWithDefaults,
  computeBackoffMs,
  isRetryableFailure,
  decideActivityRetry,
} from './retry-policy.js';
export type { RetryPolicy, FailureSummary, RetryDecision } from './retry-policy.js';
export { ActivityTimeoutError, normalizeActivityTimeouts } from './activity-timeouts.js';
export type { ActivityTimeouts } from './activity-timeouts.js';
