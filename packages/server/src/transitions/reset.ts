// ResetWorkflowExecution: a new run whose history is the old run's up to a chosen workflow task, that task failed
// with RESET_WORKFLOW, the signals received after it reapplied, and a new workflow task. The old run is terminated.
import { randomUUID } from 'node:crypto';
import { temporal } from '@durable/proto';
import { invalidArgument } from '../model/errors.js';
import { decodeEvent, EventType, type HistoryEvent } from '../model/events.js';
import { signal } from './lifecycle.js';
import { updateWorkflowOptions } from './workflow-controls.js';
import { TaskKind, TimerKind, WorkflowStatus } from '../model/rows.js';
import type { RunContext, Tx } from '../run/run-context.js';
import { onSignaled, rebuildState } from '../run/state-events.js';
import { activityPriority } from '../run/activities.js';
import { forceCloseInFlightTask, scheduleWorkflowTask } from '../run/workflow-tasks.js';

const Enums = temporal.api.enums.v1;
type ResetRequest = temporal.api.workflowservice.v1.IResetWorkflowExecutionRequest;

const FINISH_TYPES = new Set<number>([
  EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT,
]);

export function resetWorkflow(tx: Tx, base: RunContext, req: ResetRequest): string {
  const finishId = Number(req.workflowTaskFinishEventId ?? 0);
  const events = tx.store.readEvents(base.runId, 1, base.state.nextEventId, base.state.nextEventId).map((r) => decodeEvent(r.data));
  const finish = events[finishId - 1];
  if (!finish || !FINISH_TYPES.has(finish.eventType ?? 0)) {
    throw invalidArgument(
      `WorkflowTaskFinishEventId ${finishId} of ${base.describe()} must point to a WorkflowTaskCompleted, WorkflowTaskFailed or WorkflowTaskTimedOut event.`,
    );
  }
  const finishAttrs = finish.workflowTaskCompletedEventAttributes ?? finish.workflowTaskFailedEventAttributes ?? finish.workflowTaskTimedOutEventAttributes!;
  const kept = events.slice(0, finishId - 1);
  const newRunId = randomUUID();
  const reason = req.reason || 'reset';

  const state = rebuildState(kept);
  const ctx = tx.create(
    {
      ...base.row,
      run_id: newRunId,
      status: WorkflowStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
      start_time: tx.now,
      execution_time: tx.now,
      close_time: null,
      history_length: 0,
      history_size: 0,
      start_request_id: req.requestId || randomUUID(),
      sticky_queue: null,
      state: '',
    },
    state,
  );
  for (const e of kept) ctx.copyEvent(e);
  ctx.addEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED, {
    scheduledEventId: finishAttrs.scheduledEventId,
    startedEventId: finishAttrs.startedEventId,
    cause: Enums.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW,
    failure: { message: reason, source: 'DurableDevServer', applicationFailureInfo: { type: 'ResetWorkflow', nonRetryable: true } },
    identity: req.identity ?? 'reset',
    baseRunId: base.runId,
    newRunId,
  });
  const excludeSignals = (req.resetReapplyExcludeTypes ?? []).includes(Enums.ResetReapplyExcludeType.RESET_REAPPLY_EXCLUDE_TYPE_SIGNAL);
  if (req.resetReapplyType !== Enums.ResetReapplyType.RESET_REAPPLY_TYPE_NONE && !excludeSignals) {
    for (const e of events.slice(finishId)) {
      if (e.workflowExecutionSignaledEventAttributes) {
        onSignaled(ctx.state);
        ctx.addEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, e.workflowExecutionSignaledEventAttributes);
      }
    }
  }
  rearm(ctx);
  scheduleWorkflowTask(ctx);
  for (const op of req.postResetOperations ?? []) {
    if (op.signalWorkflow) signal(ctx, { ...op.signalWorkflow, identity: req.identity ?? 'reset' });
    if (op.updateWorkflowOptions) updateWorkflowOptions(ctx, { ...op.updateWorkflowOptions, identity: req.identity ?? 'reset' });
  }

  if (base.isOpen) {
    forceCloseInFlightTask(base, req.identity ?? 'reset');
    base.addEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED, { reason: `resetting workflow: ${reason}`, identity: req.identity ?? 'reset' });
    // The chain goes on in the new run: a parent is not told about this termination.
    base.close(WorkflowStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED, { final: false });
  }
  tx.store.setCurrentRunId(base.namespace, base.workflowId, newRunId);
  return newRunId;
}

/**
 * The workflow task a reset goes back to, from ResetOptions (what batch resets and the CLI name): the first or the
 * last completed workflow task, a given event id, or the first task a build id completed.
 */
export function resetPoint(ctx: RunContext, options: temporal.api.common.v1.IResetOptions): number {
  const events = ctx.host.store.readEvents(ctx.runId, 1, ctx.state.nextEventId, ctx.state.nextEventId).map((r) => decodeEvent(r.data));
  const completed = events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
  let point: HistoryEvent | undefined;
  if (options.firstWorkflowTask) point = completed[0];
  else if (options.lastWorkflowTask) point = completed.at(-1);
  else if (options.workflowTaskId) return Number(options.workflowTaskId);
  else if (options.buildId) {
    point = completed.find((e) => {
      const a = e.workflowTaskCompletedEventAttributes!;
      return [a.workerVersion?.buildId, a.deployment?.buildId, a.deploymentVersion?.buildId].includes(options.buildId);
    });
    if (!point) throw invalidArgument(`${ctx.describe()} has no workflow task completed by build id ${options.buildId}.`);
  } else {
    throw invalidArgument('ResetOptions must name a target: first or last workflow task, a workflow task event id or a build id.');
  }
  if (!point) throw invalidArgument(`unable to find any scheduled or completed task of ${ctx.describe()}.`);
  return Number(point.eventId);
}

/** Activities and timers that were pending at the reset point get their tasks and durable timers back. */
function rearm(ctx: RunContext): void {
  for (const a of Object.values(ctx.state.activities)) {
    a.firstScheduledTime = ctx.now;
    a.currentScheduledTime = ctx.now;
    ctx.enqueue(a.taskQueue || ctx.row.task_queue, TaskKind.activity, a.scheduledEventId, a.attempt, activityPriority(ctx, a));
    if (a.scheduleToCloseMs > 0) ctx.addTimer(ctx.now + a.scheduleToCloseMs, TimerKind.activityScheduleToClose, a.scheduledEventId, 0);
  }
  for (const t of Object.values(ctx.state.timers)) ctx.addTimer(Math.max(t.fireAt, ctx.now), TimerKind.userTimer, t.startedEventId, 0);
  const s = ctx.state;
  const deadlines = [s.runTimeoutMs > 0 ? ctx.now + s.runTimeoutMs : 0, s.expirationTime ?? 0].filter((d) => d > 0);
  if (deadlines.length) ctx.addTimer(Math.min(...deadlines), TimerKind.runTimeout, 0, 0);
}
