// Errors of the worker: those of workflow task processing (they fail the workflow task, which the server retries, never
// the workflow), and the official worker's error classes for its lifecycle.
import { IllegalStateError, markErrorClass, type ProtoFailure } from '@durable/common';

/** The workflow code emitted a different command than history recorded at the same point. */
export class DeterminismViolationError extends Error {
  constructor(
    message: string,
    readonly details: { eventId: number; eventType: string; command?: string },
  ) {
    super(message);
  }
}
Object.defineProperty(DeterminismViolationError.prototype, 'name', { value: 'DeterminismViolationError' });

/** Workflow code threw something other than a workflow failure (a bug), or could not be started. */
export class WorkflowTaskFailedError extends Error {
  constructor(
    message: string,
    readonly failure?: ProtoFailure,
  ) {
    super(message);
  }
}
Object.defineProperty(WorkflowTaskFailedError.prototype, 'name', { value: 'WorkflowTaskFailedError' });

/** A cached run is behind the server's view (its last task was discarded): rebuild it from the full history. */
export class StaleRunError extends Error {}
Object.defineProperty(StaleRunError.prototype, 'name', { value: 'StaleRunError' });

/** The worker was asked to do something after it shut down. */
export class ShutdownError extends Error {}
markErrorClass(ShutdownError, 'ShutdownError');

/** The connection to the server failed in a way the worker cannot recover from. */
export class TransportError extends Error {}
markErrorClass(TransportError, 'TransportError');

/** Something the worker did not expect happened; the message says what. */
export class UnexpectedError extends Error {}
markErrorClass(UnexpectedError, 'UnexpectedError');

/** Why running activities were cancelled: the worker's shutdownGraceTime ran out before they finished. */
export class GracefulShutdownPeriodExpiredError extends Error {}
markErrorClass(GracefulShutdownPeriodExpiredError, 'GracefulShutdownPeriodExpiredError');

/** A promise in workflow code was rejected and nothing handled it. */
export class UnhandledRejectionError extends Error {
  constructor(
    message: string,
    public override cause: unknown,
  ) {
    super(message);
  }
}
markErrorClass(UnhandledRejectionError, 'UnhandledRejectionError');

export interface CombinedWorkerRunErrorCause {
  workerError: unknown;
  innerError: unknown;
}

/** Worker.runUntil: both the worker and the function it ran failed; `cause` holds both. */
export class CombinedWorkerRunError extends Error {
  public override readonly cause: CombinedWorkerRunErrorCause;
  constructor(message: string, { cause }: { cause: CombinedWorkerRunErrorCause }) {
    super(message);
    this.cause = cause;
  }
}
markErrorClass(CombinedWorkerRunError, 'CombinedWorkerRunError');

/** A promise the worker waited on did not settle in the time allowed. */
export class PromiseCompletionTimeoutError extends Error {}
markErrorClass(PromiseCompletionTimeoutError, 'PromiseCompletionTimeoutError');

/** Replaying a history failed for a reason other than non-determinism (e.g. the history could not be read). */
export class ReplayError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
markErrorClass(ReplayError, 'ReplayError');

/** The official worker's grouping of its error classes. */
export const errors = {
  IllegalStateError,
  ShutdownError,
  TransportError,
  UnexpectedError,
  GracefulShutdownPeriodExpiredError,
};
