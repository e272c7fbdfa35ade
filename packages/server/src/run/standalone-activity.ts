// A standalone activity (StartActivityExecution) is an execution of its own: one activity, no workflow. It reuses
// everything a workflow's activity has (dispatch, retries, timeouts, heartbeats, pause), kept as a run with one
// pending activity and a short history of its own (scheduled, started, closed) that is never served as a workflow's.
// Where a workflow's activity would wake its workflow, this one closes with an outcome callers poll for.
import { temporal } from '@durable/proto';
import { storedActivityOutcome } from '../model/codecs.js';
import { EventType, type Failure, type Payloads } from '../model/events.js';
import { WorkflowStatus } from '../model/rows.js';
import type { ActivityState } from '../model/run-state.js';
import type { RunContext } from './run-context.js';

const ActivityStatus = temporal.api.enums.v1.ActivityExecutionStatus;

/** A standalone activity's row status is a workflow status (so list filters and counts work alike); this maps it. */
export function activityStatusOf(workflowStatus: number): number {
  switch (workflowStatus) {
    case WorkflowStatus.WORKFLOW_EXECUTION_STATUS_RUNNING:
      return ActivityStatus.ACTIVITY_EXECUTION_STATUS_RUNNING;
    case WorkflowStatus.WORKFLOW_EXECUTION_STATUS_PAUSED:
      return ActivityStatus.ACTIVITY_EXECUTION_STATUS_PAUSED;
    case WorkflowStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED:
      return ActivityStatus.ACTIVITY_EXECUTION_STATUS_COMPLETED;
    case WorkflowStatus.WORKFLOW_EXECUTION_STATUS_FAILED:
      return ActivityStatus.ACTIVITY_EXECUTION_STATUS_FAILED;
    case WorkflowStatus.WORKFLOW_EXECUTION_STATUS_CANCELED:
      return ActivityStatus.ACTIVITY_EXECUTION_STATUS_CANCELED;
    case WorkflowStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED:
      return ActivityStatus.ACTIVITY_EXECUTION_STATUS_TERMINATED;
    case WorkflowStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT:
      return ActivityStatus.ACTIVITY_EXECUTION_STATUS_TIMED_OUT;
    default:
      return ActivityStatus.ACTIVITY_EXECUTION_STATUS_UNSPECIFIED;
  }
}

const CLOSE_STATUS: Record<number, number> = {
  [EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED]: WorkflowStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED,
  [EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED]: WorkflowStatus.WORKFLOW_EXECUTION_STATUS_FAILED,
  [EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT]: WorkflowStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT,
  [EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED]: WorkflowStatus.WORKFLOW_EXECUTION_STATUS_CANCELED,
};

interface CloseAttributes {
  result?: Payloads | null;
  failure?: Failure | null;
  details?: Payloads | null;
  retryState?: number;
}

/** The activity's attempt ended for good (its close event is written): the execution closes with its outcome. */
export function closeStandalone(ctx: RunContext, a: ActivityState, type: EventType, attrs: CloseAttributes): void {
  const s = ctx.state.standalone!;
  let outcome: temporal.api.activity.v1.IActivityExecutionOutcome;
  if (type === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) outcome = { result: attrs.result ?? { payloads: [] } };
  else if (type === EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED) {
    outcome = { failure: { message: 'Activity canceled', canceledFailureInfo: { details: attrs.details, identity: s.cancelIdentity } } };
  } else outcome = { failure: attrs.failure, retryState: attrs.retryState };
  finish(ctx, a, CLOSE_STATUS[type]!, outcome);
}

/** TerminateActivityExecution: closes at once, whatever the worker is doing; its later answers find nothing. */
export function terminateStandalone(ctx: RunContext, a: ActivityState, reason: string, identity: string): void {
  finish(ctx, a, WorkflowStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED, {
    failure: { message: reason, terminatedFailureInfo: { identity } },
  });
}

function finish(ctx: RunContext, a: ActivityState, status: number, outcome: temporal.api.activity.v1.IActivityExecutionOutcome): void {
  const s = ctx.state.standalone!;
  s.last = { ...a };
  s.outcome = storedActivityOutcome.encode(outcome);
  ctx.close(status, { final: true });
  // Callers long-polling for the outcome wait on the execution's history.
  ctx.effects.historyChanged.add(ctx.runId);
}

export function standaloneOutcome(ctx: RunContext): temporal.api.activity.v1.IActivityExecutionOutcome | undefined {
  return storedActivityOutcome.decode(ctx.state.standalone?.outcome);
}
