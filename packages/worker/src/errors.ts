// Errors of workflow task processing. They fail the workflow task (which the server retries), never the workflow.
import type { ProtoFailure } from '@durable/common';

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
