// Failures that cross the wire, with the names and constructor shapes of @temporalio/common so code moves between
// the two SDKs unchanged. They are created in the workflow sandbox (another realm) and inspected outside it, so
// `instanceof` is answered by a marker on the prototype chain instead of object identity.
import type { temporal } from '@durable/proto';
import { RetryStateCode, TimeoutTypeCode } from './retry-policy.js';

export type ProtoFailure = temporal.api.failure.v1.IFailure;
export type WorkflowExecution = temporal.api.common.v1.IWorkflowExecution;

/** The `source` our SDK writes into failures; the official TypeScript SDK writes the same. */
export const FAILURE_SOURCE = 'TypeScriptSDK';

export const TimeoutType = {
  START_TO_CLOSE: 'START_TO_CLOSE',
  SCHEDULE_TO_START: 'SCHEDULE_TO_START',
  SCHEDULE_TO_CLOSE: 'SCHEDULE_TO_CLOSE',
  HEARTBEAT: 'HEARTBEAT',
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
} as const;
export type RetryState = (typeof RetryState)[keyof typeof RetryState];

export const ApplicationFailureCategory = { BENIGN: 'BENIGN' } as const;
export type ApplicationFailureCategory = (typeof ApplicationFailureCategory)[keyof typeof ApplicationFailureCategory];

function codec<N extends string>(codes: Record<N, number>) {
  const byCode = new Map<number, N>();
  for (const [name, code] of Object.entries(codes) as [N, number][]) if (code !== 0) byCode.set(code, name);
  return {
    encode: (name: N | null | undefined): number => (name ? codes[name] : 0),
    decode: (code: number | null | undefined): N | undefined => (code ? byCode.get(code) : undefined),
  };
}
const retryStates = codec<RetryState>(RetryStateCode);
const timeoutTypes = codec<TimeoutType>(TimeoutTypeCode);
const categories = codec<ApplicationFailureCategory>({ BENIGN: 1 });
export const encodeRetryState = retryStates.encode;
export const decodeRetryState = retryStates.decode;
export const encodeTimeoutType = timeoutTypes.encode;
export const decodeTimeoutType = timeoutTypes.decode;
export const encodeApplicationFailureCategory = categories.encode;
export const decodeApplicationFailureCategory = categories.decode;

/**
 * Gives `cls` a realm-independent `instanceof` and a `name`. Subclasses that users write keep ordinary `instanceof`
 * (the inherited hook only applies the marker test to the class it was installed on).
 */
export function markErrorClass(cls: abstract new (...args: never[]) => Error, name: string): void {
  const marker = Symbol.for(`durable.error.${name}`);
  Object.defineProperty(cls.prototype, marker, { value: true });
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true });
  Object.defineProperty(cls, Symbol.hasInstance, {
    value(this: unknown, value: unknown): boolean {
      if (this !== cls) return Function.prototype[Symbol.hasInstance].call(this, value);
      return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
    },
  });
}

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
  nextRetryDelay?: number | string;
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
    public readonly nextRetryDelay?: number | string | null,
    public readonly category?: ApplicationFailureCategory | null,
  ) {
    super(message, cause);
  }

  /** Wraps any thrown value; an ApplicationFailure is returned as is (with `overrides` applied to a copy). */
  static fromError(error: unknown, overrides?: ApplicationFailureOptions): ApplicationFailure {
    if (error instanceof ApplicationFailure && !overrides) return error;
    const base = error instanceof Error ? error : undefined;
    const failure = ApplicationFailure.create({
      message: base?.message ?? String(error),
      type: error instanceof ApplicationFailure ? (error.type ?? undefined) : base?.name,
      ...(error instanceof ApplicationFailure
        ? { nonRetryable: error.nonRetryable ?? false, details: error.details ?? undefined, cause: error.cause }
        : { cause: base?.cause instanceof Error ? base.cause : undefined }),
      ...overrides,
    });
    if (base?.stack) failure.stack = base.stack;
    return failure;
  }

  static create(options: ApplicationFailureOptions): ApplicationFailure {
    const { message, type, nonRetryable = false, details, nextRetryDelay, cause, category } = options;
    return new ApplicationFailure(message, type, nonRetryable, details, cause, nextRetryDelay, category);
  }

  static retryable(message?: string | null, type?: string | null, ...details: unknown[]): ApplicationFailure {
    return new ApplicationFailure(message, type ?? 'Error', false, details);
  }

  static nonRetryable(message?: string | null, type?: string | null, ...details: unknown[]): ApplicationFailure {
    return new ApplicationFailure(message, type ?? 'Error', true, details);
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

/** Turns anything thrown into a TemporalFailure, so it can be encoded. */
export function ensureTemporalFailure(err: unknown): TemporalFailure {
  return err instanceof TemporalFailure ? err : ApplicationFailure.fromError(err);
}

/** The innermost cause's message. */
export function rootCause(error: unknown): string | undefined {
  if (error instanceof TemporalFailure) return error.cause ? rootCause(error.cause) : error.message;
  return error instanceof Error ? error.message : typeof error === 'string' ? error : undefined;
}
