// Failures that cross the wire, with the names and constructor shapes of @temporalio/common so code moves between
// the two SDKs unchanged. `instanceof` works across the sandbox boundary (see markErrorClass).
import type { temporal } from '@durable/proto';
import { RetryStateCode, TimeoutTypeCode } from './enum-codes.js';
import { makeEnumConverters } from './enum-converters.js';
import { errorMessage, isError, markErrorClass } from './errors.js';
import type { Duration } from './duration.js';

export type ProtoFailure = temporal.api.failure.v1.IFailure;
export type WorkflowExecution = temporal.api.common.v1.IWorkflowExecution;

/** The `source` our SDK writes into failures; the official TypeScript SDK writes the same. */
export const FAILURE_SOURCE = 'TypeScriptSDK';

export const TimeoutType = {
  START_TO_CLOSE: 'START_TO_CLOSE',
  SCHEDULE_TO_START: 'SCHEDULE_TO_START',
  SCHEDULE_TO_CLOSE: 'SCHEDULE_TO_CLOSE',
  HEARTBEAT: 'HEARTBEAT',
  /** The protobuf spellings, accepted as the official SDK accepts them. */
  TIMEOUT_TYPE_START_TO_CLOSE: 'START_TO_CLOSE',
  TIMEOUT_TYPE_SCHEDULE_TO_START: 'SCHEDULE_TO_START',
  TIMEOUT_TYPE_SCHEDULE_TO_CLOSE: 'SCHEDULE_TO_CLOSE',
  TIMEOUT_TYPE_HEARTBEAT: 'HEARTBEAT',
  TIMEOUT_TYPE_UNSPECIFIED: undefined,
} as const;
export type TimeoutType = (typeof TimeoutType)[keyof typeof TimeoutType];

export const RetryState = {
  IN_PROGRESS: 'IN_PROGRESS',
  NON_RETRYABLE_FAILURE: 'NON_RETRYABLE_FAILURE',
  TIMEOUT: 'TIMEOUT',
  MAXIMUM_ATTEMPTS_REACHED: 'MAXIMUM_ATTEMPTS_REACHED',
  RETRY_POLICY_NOT_SET: 'RETRY_POLICY_NOT_SET',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  CANCEL_REQUESTED: 'CANCEL_REQUESTED',
  /** The protobuf spellings, accepted as the official SDK accepts them. */
  RETRY_STATE_IN_PROGRESS: 'IN_PROGRESS',
  RETRY_STATE_NON_RETRYABLE_FAILURE: 'NON_RETRYABLE_FAILURE',
  RETRY_STATE_TIMEOUT: 'TIMEOUT',
  RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED: 'MAXIMUM_ATTEMPTS_REACHED',
  RETRY_STATE_RETRY_POLICY_NOT_SET: 'RETRY_POLICY_NOT_SET',
  RETRY_STATE_INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  RETRY_STATE_CANCEL_REQUESTED: 'CANCEL_REQUESTED',
  RETRY_STATE_UNSPECIFIED: undefined,
} as const;
export type RetryState = (typeof RetryState)[keyof typeof RetryState];

export const ApplicationFailureCategory = { BENIGN: 'BENIGN' } as const;
export type ApplicationFailureCategory = (typeof ApplicationFailureCategory)[keyof typeof ApplicationFailureCategory];

type Defined<T> = Exclude<T, undefined>;
export const [encodeRetryState, decodeRetryState] = makeEnumConverters<Defined<RetryState>>(RetryStateCode, 'RETRY_STATE_');
export const [encodeTimeoutType, decodeTimeoutType] = makeEnumConverters<Defined<TimeoutType>>(TimeoutTypeCode, 'TIMEOUT_TYPE_');
export const [encodeApplicationFailureCategory, decodeApplicationFailureCategory] = makeEnumConverters<ApplicationFailureCategory>(
  { UNSPECIFIED: 0, BENIGN: 1 },
  'APPLICATION_ERROR_CATEGORY_',
);

/** Base of every failure that is stored in history and crosses between workers, the server and clients. */
export class TemporalFailure extends Error {
  /** The decoded wire form, set when the failure came from history. */
  public failure?: ProtoFailure;
  constructor(
    message?: string | null,
    public override readonly cause?: Error,
  ) {
    super(message ?? undefined);
  }
}
markErrorClass(TemporalFailure, 'TemporalFailure');

/** A failure the server generated (e.g. a workflow task failure it reports). */
export class ServerFailure extends TemporalFailure {
  constructor(
    message: string | undefined,
    public readonly nonRetryable: boolean,
    cause?: Error,
  ) {
    super(message, cause);
  }
}
markErrorClass(ServerFailure, 'ServerFailure');

export interface ApplicationFailureOptions {
  message?: string;
  type?: string;
  nonRetryable?: boolean;
  details?: unknown[];
  /** Milliseconds or an `ms` string; overrides the retry policy's backoff for the next attempt. */
  nextRetryDelay?: Duration;
  cause?: Error;
  category?: ApplicationFailureCategory;
}

/** The failure user code throws on purpose; `type` is matched against a retry policy's non-retryable types. */
export class ApplicationFailure extends TemporalFailure {
  constructor(
    message?: string | null,
    public readonly type?: string | null,
    public readonly nonRetryable?: boolean | null,
    public readonly details?: unknown[] | null,
    cause?: Error,
    public readonly nextRetryDelay?: Duration | null,
    public readonly category?: ApplicationFailureCategory | null,
  ) {
    super(message, cause);
  }

  /** The value as an ApplicationFailure (see ensureApplicationFailure), with `overrides` assigned onto it. */
  static fromError(error: unknown, overrides?: ApplicationFailureOptions): ApplicationFailure {
    return Object.assign(ensureApplicationFailure(error), overrides);
  }

  static create(options: ApplicationFailureOptions): ApplicationFailure {
    const { message, type, nonRetryable = false, details, nextRetryDelay, cause, category } = options;
    return new this(message, type, nonRetryable, details, cause, nextRetryDelay, category);
  }

  static retryable(message?: string | null, type?: string | null, ...details: unknown[]): ApplicationFailure {
    return new this(message, type ?? 'Error', false, details);
  }

  static nonRetryable(message?: string | null, type?: string | null, ...details: unknown[]): ApplicationFailure {
    return new this(message, type ?? 'Error', true, details);
  }
}
markErrorClass(ApplicationFailure, 'ApplicationFailure');

/** A cancellation: of an activity, a child, a timer's scope or the workflow itself. */
export class CancelledFailure extends TemporalFailure {
  constructor(
    message: string | undefined,
    public readonly details: unknown[] = [],
    cause?: Error,
  ) {
    super(message, cause);
  }
}
markErrorClass(CancelledFailure, 'CancelledFailure');

export class TerminatedFailure extends TemporalFailure {
  constructor(message: string | undefined, cause?: Error) {
    super(message, cause);
  }
}
markErrorClass(TerminatedFailure, 'TerminatedFailure');

export class TimeoutFailure extends TemporalFailure {
  constructor(
    message: string | undefined,
    public readonly lastHeartbeatDetails: unknown,
    public readonly timeoutType: TimeoutType | undefined,
  ) {
    super(message);
  }
}
markErrorClass(TimeoutFailure, 'TimeoutFailure');

/** Wraps the reason an activity failed (its `cause`): an ApplicationFailure, TimeoutFailure or CancelledFailure. */
export class ActivityFailure extends TemporalFailure {
  constructor(
    message: string | undefined,
    public readonly activityType: string,
    public readonly activityId: string | undefined,
    public readonly retryState: RetryState | undefined,
    public readonly identity: string | undefined,
    cause?: Error,
  ) {
    super(message, cause);
  }
}
markErrorClass(ActivityFailure, 'ActivityFailure');

/** Wraps the reason a child workflow did not complete (its `cause`). */
export class ChildWorkflowFailure extends TemporalFailure {
  constructor(
    public readonly namespace: string | undefined,
    public readonly execution: WorkflowExecution,
    public readonly workflowType: string,
    public readonly retryState: RetryState | undefined,
    cause?: Error,
  ) {
    super('Child Workflow execution failed', cause);
  }
}
markErrorClass(ChildWorkflowFailure, 'ChildWorkflowFailure');

/** Thrown when starting a workflow whose id is already in use under the reuse / conflict policy given. */
export class WorkflowExecutionAlreadyStartedError extends TemporalFailure {
  constructor(
    message: string,
    public readonly workflowId: string,
    public readonly workflowType: string,
  ) {
    super(message);
  }
}
markErrorClass(WorkflowExecutionAlreadyStartedError, 'WorkflowExecutionAlreadyStartedError');

/** The failure the official SDK reports when a payload fails validation: non-retryable, the details attached. */
export function createPayloadValidationError(details: unknown): ApplicationFailure {
  return ApplicationFailure.create({
    message: 'Payload validation failed',
    type: 'PayloadValidationError',
    nonRetryable: true,
    details: details === null || details === undefined ? [] : [details],
  });
}

/**
 * Anything thrown, as an ApplicationFailure: one is returned as is; any other value keeps its message, its class
 * name as `type`, its cause (when an error) and its stack, and is retryable.
 */
export function ensureApplicationFailure(error: unknown): ApplicationFailure {
  if (error instanceof ApplicationFailure) return error;
  const record = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : undefined;
  const message = (record && String(record.message)) || String(error);
  const ctorName = (record?.constructor as { name?: unknown } | undefined)?.name;
  const type = (record && (typeof ctorName === 'string' ? ctorName : typeof record.name === 'string' ? record.name : undefined)) || undefined;
  const cause = record && isError(record.cause) ? record.cause : undefined;
  const failure = ApplicationFailure.create({ message, type, nonRetryable: false, cause });
  failure.stack = (record && String(record.stack)) || '';
  return failure;
}

/** Turns anything thrown into a TemporalFailure, so it can be encoded. */
export function ensureTemporalFailure(err: unknown): TemporalFailure {
  return err instanceof TemporalFailure ? err : ensureApplicationFailure(err);
}

/** The innermost cause's message. */
export function rootCause(error: unknown): string | undefined {
  if (error instanceof TemporalFailure) return error.cause ? rootCause(error.cause) : error.message;
  return errorMessage(error);
}
