// What users write (durations as `ms` strings or numbers) and its protobuf form: retry policies and task priority.
import type { temporal } from '@durable/proto';
import { msOptionalToNumber, msOptionalToTs, msToNumber, msToTs, optionalTsToMs, type Duration } from './duration.js';
import { ValueError } from './errors.js';

export interface RetryPolicy {
  /** Multiplies the interval after each retry. Default 2. */
  backoffCoefficient?: number;
  /** Default '1s'. */
  initialInterval?: Duration;
  /** Attempts in all; unset, 0 or Infinity: unlimited. */
  maximumAttempts?: number;
  /** Default 100 × initialInterval. */
  maximumInterval?: Duration;
  /** ApplicationFailure types that are never retried. */
  nonRetryableErrorTypes?: string[];
}

/** A RetryPolicy as the API carries it; refuses values the server would refuse, naming the field. */
export function compileRetryPolicy(retryPolicy: RetryPolicy): temporal.api.common.v1.IRetryPolicy {
  const { backoffCoefficient, nonRetryableErrorTypes } = retryPolicy;
  let { maximumAttempts } = retryPolicy;
  if (backoffCoefficient !== undefined && backoffCoefficient !== null && backoffCoefficient <= 0) {
    throw new ValueError('RetryPolicy.backoffCoefficient must be greater than 0');
  }
  if (maximumAttempts === Number.POSITIVE_INFINITY) maximumAttempts = undefined;
  if (maximumAttempts !== undefined && maximumAttempts !== null) {
    if (maximumAttempts <= 0) throw new ValueError('RetryPolicy.maximumAttempts must be a positive integer');
    if (!Number.isInteger(maximumAttempts)) throw new ValueError('RetryPolicy.maximumAttempts must be an integer');
  }
  const maximumInterval = msOptionalToNumber(retryPolicy.maximumInterval);
  const initialInterval = msToNumber(retryPolicy.initialInterval ?? 1000);
  if (maximumInterval === 0) throw new ValueError('RetryPolicy.maximumInterval cannot be 0');
  if (initialInterval === 0) throw new ValueError('RetryPolicy.initialInterval cannot be 0');
  if (maximumInterval !== undefined && maximumInterval < initialInterval) {
    throw new ValueError('RetryPolicy.maximumInterval cannot be less than its initialInterval');
  }
  return {
    maximumAttempts,
    initialInterval: msToTs(initialInterval) as unknown as temporal.api.common.v1.IRetryPolicy['initialInterval'],
    maximumInterval: msOptionalToTs(maximumInterval) as unknown as temporal.api.common.v1.IRetryPolicy['maximumInterval'],
    backoffCoefficient,
    nonRetryableErrorTypes,
  };
}

/** The protobuf form back as a RetryPolicy (intervals in ms). */
export function decompileRetryPolicy(retryPolicy?: temporal.api.common.v1.IRetryPolicy | null): RetryPolicy | undefined {
  if (!retryPolicy) return undefined;
  return {
    backoffCoefficient: retryPolicy.backoffCoefficient ?? undefined,
    maximumAttempts: retryPolicy.maximumAttempts ?? undefined,
    maximumInterval: optionalTsToMs(retryPolicy.maximumInterval),
    initialInterval: optionalTsToMs(retryPolicy.initialInterval),
    nonRetryableErrorTypes: retryPolicy.nonRetryableErrorTypes ?? undefined,
  };
}

/** Where a task stands in its queue: lower priorityKey first; fairness spreads dispatch across keys by weight. */
export interface Priority {
  priorityKey?: number;
  fairnessKey?: string;
  fairnessWeight?: number;
}

export function compilePriority(priority: Priority): temporal.api.common.v1.IPriority {
  const key = priority.priorityKey;
  if (key !== undefined && key !== null) {
    if (!Number.isInteger(key)) throw new TypeError('priorityKey must be an integer');
    if (key < 0) throw new RangeError('priorityKey must be a positive integer');
  }
  return { priorityKey: key ?? 0, fairnessKey: priority.fairnessKey ?? '', fairnessWeight: priority.fairnessWeight ?? 0 };
}

export function decodePriority(priority?: temporal.api.common.v1.IPriority | null): Priority {
  return {
    priorityKey: priority?.priorityKey ?? undefined,
    fairnessKey: priority?.fairnessKey ?? undefined,
    fairnessWeight: priority?.fairnessWeight ?? undefined,
  };
}
