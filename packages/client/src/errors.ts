// Errors the client raises, with the names and shapes of @temporalio/client. Failures recorded in history
// (ApplicationFailure, ActivityFailure …) come from @durable/common and arrive as `cause`.
import type { ServiceError as GrpcServiceError } from '@grpc/grpc-js';
import { grpcJs } from '@durable/proto';
import { markErrorClass, type RetryState } from '@durable/common';

export { ValueError, WorkflowNotFoundError, NamespaceNotFoundError, IllegalStateError, CompleteAsyncError, ExternalStorageNotConfiguredError } from '@durable/common';

const { status } = grpcJs;

/** A call to the server failed; `cause` is the gRPC error. */
export class ServiceError extends Error {
  public override readonly cause?: Error;
  constructor(message: string, opts?: { cause: unknown }) {
    super(message);
    if (opts?.cause instanceof Error) this.cause = opts.cause;
  }
}
markErrorClass(ServiceError, 'ServiceError');

/** The workflow closed without a result: failed, timed out, was cancelled or terminated (see `cause`). */
export class WorkflowFailedError extends Error {
  constructor(
    message: string,
    public override readonly cause: Error | undefined,
    public readonly retryState: RetryState | undefined,
  ) {
    super(message);
  }
}
markErrorClass(WorkflowFailedError, 'WorkflowFailedError');

/** The run continued as new and the caller asked not to follow runs. */
export class WorkflowContinuedAsNewError extends Error {
  constructor(
    message: string,
    public readonly newExecutionRunId: string,
  ) {
    super(message);
  }
}
markErrorClass(WorkflowContinuedAsNewError, 'WorkflowContinuedAsNewError');

/** The update was rejected by its validator or its handler threw (see `cause`). */
export class WorkflowUpdateFailedError extends Error {
  constructor(
    message: string,
    public override readonly cause: Error | undefined,
  ) {
    super(message);
  }
}
markErrorClass(WorkflowUpdateFailedError, 'WorkflowUpdateFailedError');

/** The update call ran out of time or was cancelled before the update reached the wait stage asked for. */
export class WorkflowUpdateRPCTimeoutOrCancelledError extends Error {
  public override readonly cause?: Error;
  constructor(message: string, opts?: { cause: unknown }) {
    super(message);
    if (opts?.cause instanceof Error) this.cause = opts.cause;
  }
}
markErrorClass(WorkflowUpdateRPCTimeoutOrCancelledError, 'WorkflowUpdateRPCTimeoutOrCancelledError');

/** The workflow has no handler for the query (or the worker that ran it does not know the query name). */
export class QueryNotRegisteredError extends Error {
  constructor(
    message: string,
    public readonly code: number,
  ) {
    super(message);
  }
}
markErrorClass(QueryNotRegisteredError, 'QueryNotRegisteredError');

/** The query was not run because of the workflow's status and the query's reject condition. */
export class QueryRejectedError extends Error {
  constructor(public readonly status: string) {
    super(`Query rejected, workflow status: ${status}`);
  }
}
markErrorClass(QueryRejectedError, 'QueryRejectedError');

/** AsyncCompletionClient: the server does not know the activity (completed, timed out, or a wrong token or id). */
export class ActivityNotFoundError extends Error {}
markErrorClass(ActivityNotFoundError, 'ActivityNotFoundError');

/** AsyncCompletionClient: completing or heartbeating the activity failed for another reason (see the message). */
export class ActivityCompletionError extends Error {}
markErrorClass(ActivityCompletionError, 'ActivityCompletionError');

/** AsyncCompletionClient.heartbeat: the workflow asked to cancel the activity. */
export class ActivityCancelledError extends Error {}
markErrorClass(ActivityCancelledError, 'ActivityCancelledError');

/** AsyncCompletionClient.heartbeat: the activity was paused. */
export class ActivityPausedError extends Error {}
markErrorClass(ActivityPausedError, 'ActivityPausedError');

/** AsyncCompletionClient.heartbeat: the activity was reset. */
export class ActivityResetError extends Error {}
markErrorClass(ActivityResetError, 'ActivityResetError');

/** A standalone activity execution failed; `cause` says why. */
export class ActivityExecutionFailedError extends Error {
  constructor(
    message: string,
    public override readonly cause: Error | undefined,
    public readonly activityId: string,
    public readonly runId?: string,
  ) {
    super(message);
  }
}
markErrorClass(ActivityExecutionFailedError, 'ActivityExecutionFailedError');

/** A standalone activity id is in use, and the reuse or conflict policy forbids another. */
export class ActivityExecutionAlreadyStartedError extends Error {
  constructor(
    message: string,
    public readonly activityId: string,
    public readonly runId: string,
  ) {
    super(message);
  }
}
markErrorClass(ActivityExecutionAlreadyStartedError, 'ActivityExecutionAlreadyStartedError');

/** TaskQueueClient: the build id is not in the task queue's version sets. */
export class BuildIdNotFoundError extends Error {}
markErrorClass(BuildIdNotFoundError, 'BuildIdNotFoundError');

export function isGrpcServiceError(err: unknown): err is GrpcServiceError {
  return err instanceof Error && typeof (err as Partial<GrpcServiceError>).code === 'number' && 'metadata' in err;
}

export function isGrpcDeadlineError(err: unknown): boolean {
  return isGrpcServiceError(err) && err.code === status.DEADLINE_EXCEEDED;
}

export function isGrpcCancelledError(err: unknown): boolean {
  return isGrpcServiceError(err) && err.code === status.CANCELLED;
}

/** The official name of isGrpcServiceError. */
export const isServerErrorResponse = isGrpcServiceError;
