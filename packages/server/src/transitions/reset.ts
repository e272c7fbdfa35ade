// ResetWorkflowExecution: a new run whose history is the old run's up to a chosen workflow task, that task failed
// with RESET_WORKFLOW, the signals received after it reapplied, and a new workflow task. The old run is terminated.
import { randomUUID } from 'node:crypto';
import { temporal } from '@durable/proto';
import { invalidArgument } from '../model/errors.js';
import { decodeEvent, durationMs, EventType, timestampMs, type HistoryEvent } from '../model/events.js';
import { TaskKind } from '../persistence/store.js';
import { retryPolicyFromProto } from '../run/activities.js';
import type { Tx } from '../runtime/engine.js';
import { TimerKind, WorkflowStatus, type RunContext } from '../run/run-context.js';
import { newRunState, type ActivityState, type RunState } from '../model/run-state.js';
import { workflowRetryPolicy } from './lifecycle.js';
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
  const started = events[0]!.workflowExecutionStartedEventAttributes!;
  const kept = events.slice(0, finishId - 1);
  const newRunId = randomUUID();
  const reason = req.reason || 'reset';

  const state = rebuildState(kept, started);
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
  if (req.resetReapplyType !== Enums.ResetReapplyType.RESET_REAPPLY_TYPE_NONE) {
    for (const e of events.slice(finishId)) {
      if (e.workflowExecutionSignaledEventAttributes) ctx.addEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, e.workflowExecutionSignaledEventAttributes);
    }
  }
  rearm(ctx);
  scheduleWorkflowTask(ctx);

  if (base.isOpen) {
    forceCloseInFlightTask(base, req.identity ?? 'reset');
    base.addEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED, { reason: `resetting workflow: ${reason}`, identity: req.identity ?? 'reset' });
    // The chain goes on in the new run: a parent is not told about this termination.
    base.close(WorkflowStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED, { final: false });
  }
  tx.store.setCurrentRunId(base.namespace, base.workflowId, newRunId);
  return newRunId;
}

/** The mutable state a run had after `events`: what is still pending is pending again in the new run. */
function rebuildState(events: HistoryEvent[], started: temporal.api.history.v1.IWorkflowExecutionStartedEventAttributes): RunState {
  const s = newRunState({
    workflowTaskTimeoutMs: durationMs(started.workflowTaskTimeout) || 10_000,
    runTimeoutMs: durationMs(started.workflowRunTimeout),
    executionTimeoutMs: durationMs(started.workflowExecutionTimeout),
  });
  s.attempt = started.attempt || 1;
  s.retryPolicy = workflowRetryPolicy(started.retryPolicy);
  s.cronSchedule = started.cronSchedule || undefined;
  s.expirationTime = started.workflowExecutionExpirationTime ? timestampMs(started.workflowExecutionExpirationTime) : 0;
  if (started.parentWorkflowExecution?.workflowId) {
    s.parent = {
      namespace: started.parentWorkflowNamespace ?? '',
      workflowId: started.parentWorkflowExecution.workflowId,
      runId: started.parentWorkflowExecution.runId ?? '',
      initiatedEventId: Number(started.parentInitiatedEventId ?? 0),
    };
  }
  for (const e of events) {
    const id = Number(e.eventId);
    const time = timestampMs(e.eventTime);
    const a = e.activityTaskScheduledEventAttributes;
    if (a) {
      s.activities[id] = {
        scheduledEventId: id,
        activityId: a.activityId ?? '',
        activityType: a.activityType?.name ?? '',
        taskQueue: a.taskQueue?.name ?? '',
        scheduleToCloseMs: durationMs(a.scheduleToCloseTimeout),
        scheduleToStartMs: durationMs(a.scheduleToStartTimeout),
        startToCloseMs: durationMs(a.startToCloseTimeout),
        heartbeatMs: durationMs(a.heartbeatTimeout),
        retryPolicy: retryPolicyFromProto(a.retryPolicy),
        attempt: 1,
        firstScheduledTime: time,
        currentScheduledTime: time,
        startedTime: 0,
        startedIdentity: '',
        startedRequestId: '',
        lastHeartbeatTime: 0,
        lastAttemptCompleteTime: 0,
        nextAttemptTime: 0,
        cancelRequested: false,
        cancelRequestedEventId: 0,
      } satisfies ActivityState;
    }
    const closed =
      e.activityTaskCompletedEventAttributes ??
      e.activityTaskFailedEventAttributes ??
      e.activityTaskTimedOutEventAttributes ??
      e.activityTaskCanceledEventAttributes;
    if (closed) delete s.activities[Number(closed.scheduledEventId)];
    const t = e.timerStartedEventAttributes;
    if (t?.timerId) s.timers[t.timerId] = { timerId: t.timerId, startedEventId: id, fireAt: time + durationMs(t.startToFireTimeout) };
    const timerDone = e.timerFiredEventAttributes?.timerId ?? e.timerCanceledEventAttributes?.timerId;
    if (timerDone) delete s.timers[timerDone];
    if (e.workflowExecutionCancelRequestedEventAttributes) s.cancelRequested = true;
    if (e.workflowTaskCompletedEventAttributes) s.lastCompletedStartedEventId = Number(e.workflowTaskCompletedEventAttributes.startedEventId);
    const accepted = e.workflowExecutionUpdateAcceptedEventAttributes;
    if (accepted?.protocolInstanceId) s.updates = { ...s.updates, [accepted.protocolInstanceId]: { acceptedEventId: id } };
  }
  return s;
}

/** Activities and timers that were pending at the reset point get their tasks and durable timers back. */
function rearm(ctx: RunContext): void {
  for (const a of Object.values(ctx.state.activities)) {
    a.firstScheduledTime = ctx.now;
    a.currentScheduledTime = ctx.now;
    ctx.enqueue(a.taskQueue || ctx.row.task_queue, TaskKind.activity, a.scheduledEventId, a.attempt);
    if (a.scheduleToCloseMs > 0) ctx.addTimer(ctx.now + a.scheduleToCloseMs, TimerKind.activityScheduleToClose, a.scheduledEventId, 0);
  }
  for (const t of Object.values(ctx.state.timers)) ctx.addTimer(Math.max(t.fireAt, ctx.now), TimerKind.userTimer, t.startedEventId, 0);
  const s = ctx.state;
  const deadlines = [s.runTimeoutMs > 0 ? ctx.now + s.runTimeoutMs : 0, s.expirationTime ?? 0].filter((d) => d > 0);
  if (deadlines.length) ctx.addTimer(Math.min(...deadlines), TimerKind.runTimeout, 0, 0);
}
