// Errors of the workflow runtime, with the names and shapes of @temporalio/workflow.
import { markErrorClass } from '@durable/common';

/** Base of the errors the workflow runtime raises itself. */
export class WorkflowError extends Error {}
markErrorClass(WorkflowError, 'WorkflowError');

/** Workflow code did something that cannot be replayed the same way (e.g. a query handler returning a promise). */
export class DeterminismViolationError extends WorkflowError {}
markErrorClass(DeterminismViolationError, 'DeterminismViolationError');

/** How long a local activity waits before its next attempt, when that is beyond its local retry threshold. */
export interface LocalActivityBackoff {
  attempt?: number | null;
  backoffDuration?: { seconds?: number | null; nanos?: number | null } | null;
  originalScheduleTime?: { seconds?: number | null; nanos?: number | null } | null;
}

/** The official SDK's signal to retry a local activity after a durable timer (Durable retries within the task). */
export class LocalActivityDoBackoff extends Error {
  constructor(readonly backoff: LocalActivityBackoff) {
    super();
  }
}
markErrorClass(LocalActivityDoBackoff, 'LocalActivityDoBackoff');
