import type { status as GrpcStatus } from '@grpc/grpc-js';
import { grpcJs } from '@durable/proto';

const { status } = grpcJs;

export const Code = status;
export type Code = GrpcStatus;

/** A detail message attached to a gRPC error, as Temporal attaches them (google.rpc.Status details). */
export interface ErrorDetail {
  /** Fully-qualified message type, e.g. 'temporal.api.errordetails.v1.NotFoundFailure'. */
  type: string;
  value: object;
}

/** An error answered to the caller with a gRPC status; anything else thrown by a handler is a bug (INTERNAL). */
export class ServiceError extends Error {
  override name = 'ServiceError';
  constructor(
    readonly code: GrpcStatus,
    message: string,
    readonly detail?: ErrorDetail,
  ) {
    super(message);
  }
}

export const invalidArgument = (message: string, detail?: ErrorDetail) =>
  new ServiceError(status.INVALID_ARGUMENT, message, detail);
export const notFound = (message: string, detail?: ErrorDetail) => new ServiceError(status.NOT_FOUND, message, detail);
export const alreadyExists = (message: string, detail?: ErrorDetail) =>
  new ServiceError(status.ALREADY_EXISTS, message, detail);
export const failedPrecondition = (message: string) => new ServiceError(status.FAILED_PRECONDITION, message);

export function workflowNotFound(workflowId: string, runId?: string | null): ServiceError {
  const which = runId ? `WorkflowId: ${workflowId}, RunId: ${runId}` : `WorkflowId: ${workflowId}`;
  return notFound(`workflow execution not found (${which})`, {
    type: 'temporal.api.errordetails.v1.NotFoundFailure',
    value: {},
  });
}

/** Temporal's exact text (clients compare it): the run is named by the request that reached it. */
export function workflowCompleted(): ServiceError {
  return notFound('workflow execution already completed', { type: 'temporal.api.errordetails.v1.NotFoundFailure', value: {} });
}

/**
 * A run's history went past `limit.historyCount.error` or `limit.historySize.error`: what the transaction wrote is
 * undone and the run is terminated instead; the caller gets Temporal's reason as INVALID_ARGUMENT.
 */
export class HistoryLimitError extends ServiceError {
  override name = 'HistoryLimitError';
  constructor(
    readonly runId: string,
    reason: string,
  ) {
    super(status.INVALID_ARGUMENT, reason);
  }
}
