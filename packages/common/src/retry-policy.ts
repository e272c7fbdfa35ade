import type { ProtoFailure } from './failures.js';
import { protoDurationToMs } from './duration.js';
import { RetryStateCode, TimeoutTypeCode } from './enum-codes.js';

export interface ResolvedRetryPolicy {
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
  /** 0 = unlimited */
  maximumAttempts: number;
  nonRetryableErrorTypes: string[];
}

export class RetryPolicyError extends Error {
  override name = 'RetryPolicyError';
}

const DEFAULT_INITIAL_MS = 1000;
const DEFAULT_COEFFICIENT = 2;
const DEFAULT_MAX_INTERVAL_FACTOR = 100;

/** Temporal's defaults for an activity retry policy, then its validation. */
export function retryPolicyWithDefaults(p: Partial<ResolvedRetryPolicy> | undefined): ResolvedRetryPolicy {
  const initialIntervalMs = p?.initialIntervalMs || DEFAULT_INITIAL_MS;
  const policy: ResolvedRetryPolicy = {
    initialIntervalMs,
    backoffCoefficient: p?.backoffCoefficient || DEFAULT_COEFFICIENT,
    maximumIntervalMs: p?.maximumIntervalMs || initialIntervalMs * DEFAULT_MAX_INTERVAL_FACTOR,
    maximumAttempts: p?.maximumAttempts ?? 0,
    nonRetryableErrorTypes: [...(p?.nonRetryableErrorTypes ?? [])],
  };
  if (policy.initialIntervalMs < 0) throw new RetryPolicyError('InitialInterval cannot be negative on retry policy.');
  if (policy.backoffCoefficient < 1) throw new RetryPolicyError('BackoffCoefficient cannot be less than 1 on retry policy.');
  if (policy.maximumIntervalMs < 0) throw new RetryPolicyError('MaximumInterval cannot be negative on retry policy.');
  if (policy.maximumIntervalMs > 0 && policy.maximumIntervalMs < policy.initialIntervalMs) {
    throw new RetryPolicyError('MaximumInterval cannot be less than InitialInterval on retry policy.');
  }
  if (policy.maximumAttempts < 0) throw new RetryPolicyError('MaximumAttempts cannot be negative on retry policy.');
  return policy;
}

/** Delay before the attempt after `failedAttempt` (1-based): initial × coefficient^(attempt−1), capped. */
export function computeBackoffMs(policy: ResolvedRetryPolicy, failedAttempt: number): number {
  const raw = policy.initialIntervalMs * Math.pow(policy.backoffCoefficient, Math.max(0, failedAttempt - 1));
  const cap = policy.maximumIntervalMs > 0 ? policy.maximumIntervalMs : Infinity;
  if (!Number.isFinite(raw)) return Number.isFinite(cap) ? cap : Number.MAX_SAFE_INTEGER;
  return Math.min(raw, cap);
}

/** What the server needs to know of a failure to decide on a retry. */
export type FailureSummary =
  | { kind: 'application'; type: string; nonRetryable: boolean; nextRetryDelayMs?: number }
  | { kind: 'timeout'; timeoutType: TimeoutTypeCode }
  | { kind: 'canceled' }
  | { kind: 'terminated' }
  | { kind: 'server'; nonRetryable: boolean }
  | { kind: 'other' };

const TIMEOUT_PREFIX = 'TemporalTimeout:';

export function isRetryableFailure(f: FailureSummary, nonRetryableErrorTypes: string[]): boolean {
  switch (f.kind) {
    case 'application':
      return !f.nonRetryable && !nonRetryableErrorTypes.includes(f.type);
    case 'canceled':
    case 'terminated':
      return false;
    case 'timeout':
      if (f.timeoutType === TimeoutTypeCode.START_TO_CLOSE) return !nonRetryableErrorTypes.includes(`${TIMEOUT_PREFIX}START_TO_CLOSE`);
      if (f.timeoutType === TimeoutTypeCode.HEARTBEAT) return !nonRetryableErrorTypes.includes(`${TIMEOUT_PREFIX}HEARTBEAT`);
      return false;
    case 'server':
      return !f.nonRetryable;
    case 'other':
      return true;
  }
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; retryState: RetryStateCode };

/** Whether an attempt that just ended gets another one, and when (Temporal's order of checks). */
export function decideActivityRetry(input: {
  policy: ResolvedRetryPolicy;
  attempt: number;
  failure: FailureSummary;
  nowMs: number;
  firstScheduledMs: number;
  scheduleToCloseMs: number;
  cancelRequested: boolean;
}): RetryDecision {
  const { policy, attempt, failure } = input;
  if (input.cancelRequested) return { retry: false, retryState: RetryStateCode.CANCEL_REQUESTED };
  if (!isRetryableFailure(failure, policy.nonRetryableErrorTypes)) {
    return { retry: false, retryState: RetryStateCode.NON_RETRYABLE_FAILURE };
  }
  if (policy.maximumAttempts > 0 && attempt >= policy.maximumAttempts) {
    return { retry: false, retryState: RetryStateCode.MAXIMUM_ATTEMPTS_REACHED };
  }
  const override = failure.kind === 'application' ? failure.nextRetryDelayMs : undefined;
  const delayMs = override !== undefined && override > 0 ? override : computeBackoffMs(policy, attempt);
  if (input.scheduleToCloseMs > 0 && input.nowMs + delayMs > input.firstScheduledMs + input.scheduleToCloseMs) {
    return { retry: false, retryState: RetryStateCode.TIMEOUT };
  }
  return { retry: true, delayMs };
}

/** The parts of a wire failure that decide whether it is retried. */
export function summarizeFailure(f: ProtoFailure | null | undefined): FailureSummary {
  if (f?.applicationFailureInfo) {
    const info = f.applicationFailureInfo;
    const next = protoDurationToMs(info.nextRetryDelay);
    return { kind: 'application', type: info.type ?? '', nonRetryable: !!info.nonRetryable, ...(next > 0 ? { nextRetryDelayMs: next } : {}) };
  }
  if (f?.timeoutFailureInfo) return { kind: 'timeout', timeoutType: (f.timeoutFailureInfo.timeoutType ?? 0) as TimeoutTypeCode };
  if (f?.canceledFailureInfo) return { kind: 'canceled' };
  if (f?.terminatedFailureInfo) return { kind: 'terminated' };
  if (f?.serverFailureInfo) return { kind: 'server', nonRetryable: !!f.serverFailureInfo.nonRetryable };
  return { kind: 'other' };
}
