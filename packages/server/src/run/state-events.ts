// The changes to a run's state that follow from one event, written once: the live transitions apply them as they
// write each event, and rebuildState applies them to a recorded history (reset), so both agree by construction.
import type { temporal } from '@durable/proto';
import { retryPolicyFromProto, storedOutcome, storedPayloads, workflowRetryPolicy } from '../model/codecs.js';
import { durationMs, timestampMs, type HistoryEvent } from '../model/events.js';
import { DEFAULT_WORKFLOW_TASK_TIMEOUT_MS } from '../model/limits.js';
import { plain } from '../model/priority.js';
import { newRunState, type ActivityState, type RunState, type TimerState } from '../model/run-state.js';


/** WorkflowExecutionStarted: the state a run begins with. */
export function runStateFromStarted(a: temporal.api.history.v1.IWorkflowExecutionStartedEventAttributes): RunState {
  const s = newRunState({
    workflowTaskTimeoutMs: durationMs(a.workflowTaskTimeout) || DEFAULT_WORKFLOW_TASK_TIMEOUT_MS,
    runTimeoutMs: durationMs(a.workflowRunTimeout),
    executionTimeoutMs: durationMs(a.workflowExecutionTimeout),
  });
  s.attempt = a.attempt || 1;
  s.retryPolicy = workflowRetryPolicy(a.retryPolicy);
  s.cronSchedule = a.cronSchedule || undefined;
  s.priority = plain(a.priority);
  s.expirationTime = a.workflowExecutionExpirationTime ? timestampMs(a.workflowExecutionExpirationTime) : 0;
  if (a.lastCompletionResult?.payloads?.length) s.lastCompletionResult = storedPayloads.encode(a.lastCompletionResult);
  if (a.parentWorkflowExecution?.workflowId) {
    s.parent = {
      namespace: a.parentWorkflowNamespace ?? '',
      workflowId: a.parentWorkflowExecution.workflowId,
      runId: a.parentWorkflowExecution.runId ?? '',
      initiatedEventId: Number(a.parentInitiatedEventId ?? 0),
    };
    if (a.rootWorkflowExecution?.workflowId) {
      s.root = { workflowId: a.rootWorkflowExecution.workflowId, runId: a.rootWorkflowExecution.runId ?? '' };
    }
  }
  return s;
}

/** ActivityTaskScheduled: the activity's first attempt waits for a worker. */
export function onActivityScheduled(s: RunState, eventId: number, a: temporal.api.history.v1.IActivityTaskScheduledEventAttributes, time: number): ActivityState {
  const activity: ActivityState = {
    scheduledEventId: eventId,
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
    priority: plain(a.priority),
  };
  s.activities[eventId] = activity;
  return activity;
}

/** ActivityTaskCompleted, Failed, TimedOut or Canceled: the activity is no longer pending. */
export function onActivityClosed(s: RunState, scheduledEventId: number): void {
  delete s.activities[scheduledEventId];
}

/** TimerStarted: the timer fires `startToFireTimeout` after the event. */
export function onTimerStarted(s: RunState, eventId: number, a: temporal.api.history.v1.ITimerStartedEventAttributes, time: number): TimerState {
  const timer: TimerState = { timerId: a.timerId ?? '', startedEventId: eventId, fireAt: time + durationMs(a.startToFireTimeout) };
  s.timers[timer.timerId] = timer;
  return timer;
}

/** TimerFired or TimerCanceled. */
export function onTimerClosed(s: RunState, timerId: string): void {
  delete s.timers[timerId];
}

/** WorkflowExecutionSignaled: one more toward the run's signal limit. */
export function onSignaled(s: RunState): void {
  s.signalCount = (s.signalCount ?? 0) + 1;
}

export function onCancelRequested(s: RunState): void {
  s.cancelRequested = true;
}

/** WorkflowTaskCompleted: a sticky worker has the run cached up to this task (which a versioned worker may have run). */
export function onWorkflowTaskCompleted(s: RunState, a: temporal.api.history.v1.IWorkflowTaskCompletedEventAttributes): void {
  s.lastCompletedStartedEventId = Number(a.startedEventId);
  const v = a.deploymentVersion;
  if (v?.deploymentName && v.buildId) s.versioning = { behavior: a.versioningBehavior ?? 0, deploymentName: v.deploymentName, buildId: v.buildId };
}

export function onUpdateAccepted(s: RunState, eventId: number, updateId: string): void {
  s.updates = { ...s.updates, [updateId]: { acceptedEventId: eventId } };
}

export function onUpdateCompleted(s: RunState, eventId: number, updateId: string, outcome: temporal.api.update.v1.IOutcome): void {
  const rec = s.updates?.[updateId];
  if (!rec) return;
  s.updates = { ...s.updates, [updateId]: { ...rec, completedEventId: eventId, outcome: storedOutcome.encode(outcome) } };
}

/** Applies one recorded event to the state, as the live transition that wrote it did. */
export function applyEvent(s: RunState, e: HistoryEvent): void {
  const id = Number(e.eventId);
  const time = timestampMs(e.eventTime);
  if (e.activityTaskScheduledEventAttributes) onActivityScheduled(s, id, e.activityTaskScheduledEventAttributes, time);
  const closed =
    e.activityTaskCompletedEventAttributes ??
    e.activityTaskFailedEventAttributes ??
    e.activityTaskTimedOutEventAttributes ??
    e.activityTaskCanceledEventAttributes;
  if (closed) onActivityClosed(s, Number(closed.scheduledEventId));
  if (e.timerStartedEventAttributes) onTimerStarted(s, id, e.timerStartedEventAttributes, time);
  const timerDone = e.timerFiredEventAttributes?.timerId ?? e.timerCanceledEventAttributes?.timerId;
  if (timerDone) onTimerClosed(s, timerDone);
  if (e.workflowExecutionCancelRequestedEventAttributes) onCancelRequested(s);
  if (e.workflowExecutionSignaledEventAttributes) onSignaled(s);
  if (e.workflowTaskCompletedEventAttributes) onWorkflowTaskCompleted(s, e.workflowTaskCompletedEventAttributes);
  const accepted = e.workflowExecutionUpdateAcceptedEventAttributes;
  if (accepted?.protocolInstanceId) onUpdateAccepted(s, id, accepted.protocolInstanceId);
  const completed = e.workflowExecutionUpdateCompletedEventAttributes;
  if (completed?.meta?.updateId) onUpdateCompleted(s, id, completed.meta.updateId, completed.outcome ?? {});
}

/** The state a run had after `events` (its first event is WorkflowExecutionStarted). */
export function rebuildState(events: HistoryEvent[]): RunState {
  const started = events[0]?.workflowExecutionStartedEventAttributes;
  if (!started) throw new Error('a history starts with WorkflowExecutionStarted');
  const s = runStateFromStarted(started);
  for (const e of events.slice(1)) applyEvent(s, e);
  return s;
}
