import { temporal, toLong } from '@durable/proto';
import {
  decideActivityRetry,
  normalizeActivityTimeouts,
  RetryStateCode,
  summarizeFailure,
  TimeoutTypeCode,
  type FailureSummary,
} from '@durable/common';
import { invalidArgument, notFound } from '../model/errors.js';
import { retryPolicyFromProto, retryPolicyToProto, storedFailure, storedPayloads } from '../model/codecs.js';
import { decodeEvent, duration, durationMs, EventType, payloadsSize, timestamp, type Failure, type Payloads } from '../model/events.js';
import { blobTooLarge } from './limits.js';
import { TaskKind, TimerKind, type TaskRow } from '../model/rows.js';
import type { ActivityState } from '../model/run-state.js';
import { mergePriority, type Priority } from '../model/priority.js';
import { encodeTaskToken, type ActivityTaskToken } from '../model/task-token.js';
import type { RunContext } from './run-context.js';
import { onActivityClosed, onActivityScheduled } from './state-events.js';
import { scheduleWorkflowTask } from './workflow-tasks.js';
import { closeStandalone } from './standalone-activity.js';
import { applyWorkflowRules } from './workflow-rules.js';

const Enums = temporal.api.enums.v1;

/**
 * ScheduleActivityTask: writes ActivityTaskScheduled with normalized timeouts and a filled-in retry policy, and
 * queues its first attempt, unless `eager`: then the caller hands it to the worker that completed the workflow task.
 */
export function scheduleActivity(
  ctx: RunContext,
  attrs: temporal.api.command.v1.IScheduleActivityTaskCommandAttributes,
  completedEventId: number,
  userMetadata?: temporal.api.sdk.v1.IUserMetadata | null,
  eager = false,
): ActivityState {
  const timeouts = normalizeActivityTimeouts(
    {
      scheduleToCloseMs: durationMs(attrs.scheduleToCloseTimeout),
      scheduleToStartMs: durationMs(attrs.scheduleToStartTimeout),
      startToCloseMs: durationMs(attrs.startToCloseTimeout),
      heartbeatMs: durationMs(attrs.heartbeatTimeout),
    },
    ctx.state.runTimeoutMs,
  );
  const taskQueue = attrs.taskQueue?.name || ctx.row.task_queue;
  const scheduled = {
    activityId: attrs.activityId,
    activityType: attrs.activityType,
    taskQueue: { name: taskQueue, kind: Enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    header: attrs.header,
    input: attrs.input,
    scheduleToCloseTimeout: duration(timeouts.scheduleToCloseMs),
    scheduleToStartTimeout: duration(timeouts.scheduleToStartMs),
    startToCloseTimeout: duration(timeouts.startToCloseMs),
    heartbeatTimeout: duration(timeouts.heartbeatMs),
    workflowTaskCompletedEventId: toLong(completedEventId),
    retryPolicy: retryPolicyToProto(retryPolicyFromProto(attrs.retryPolicy)),
    useWorkflowBuildId: attrs.useWorkflowBuildId,
    priority: attrs.priority,
  };
  const id = Number(ctx.addEvent(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, scheduled, ctx.now, userMetadata).eventId);
  const activity = onActivityScheduled(ctx.state, id, scheduled, ctx.now);
  if (!eager) {
    ctx.enqueue(taskQueue, TaskKind.activity, id, 1, activityPriority(ctx, activity));
    if (timeouts.scheduleToStartMs > 0) {
      ctx.addTimer(ctx.now + timeouts.scheduleToStartMs, TimerKind.activityScheduleToStart, id, 1);
    }
  }
  if (timeouts.scheduleToCloseMs > 0) {
    ctx.addTimer(ctx.now + timeouts.scheduleToCloseMs, TimerKind.activityScheduleToClose, id, 0);
  }
  return activity;
}

/** The priority an activity's tasks dispatch with: its own, with what it leaves unset taken from its workflow. */
export function activityPriority(ctx: RunContext, a: ActivityState): Priority | undefined {
  return mergePriority(ctx.state.priority, a.priority);
}

export function isCurrentActivityTask(ctx: RunContext, task: TaskRow): boolean {
  const a = ctx.state.activities[task.ref];
  return (
    ctx.isOpen &&
    !ctx.isPaused &&
    a !== undefined &&
    a.attempt === task.attempt &&
    a.startedTime === 0 &&
    !a.paused &&
    // options updated to another queue leave the old row behind
    a.taskQueue === task.queue
  );
}

/**
 * An activity task a poller may be handed: a current one whose first attempt no workflow rule pauses as it is about
 * to start. A paused one stays pending (its task row is dropped as stale); retries were checked when scheduled.
 */
export function isActivityTaskToStart(ctx: RunContext, task: TaskRow): boolean {
  if (!isCurrentActivityTask(ctx, task)) return false;
  const a = ctx.state.activities[task.ref]!;
  return a.attempt > 1 || !applyWorkflowRules(ctx, a);
}

/** Hands an activity attempt to a poller; the Started event is written only when the activity closes. */
export function startActivityTask(
  ctx: RunContext,
  a: ActivityState,
  identity: string,
  requestId: string,
): temporal.api.workflowservice.v1.IPollActivityTaskQueueResponse {
  a.startedTime = ctx.now;
  a.startedIdentity = identity;
  a.startedRequestId = requestId;
  a.lastHeartbeatTime = 0;
  if (a.startToCloseMs > 0) {
    ctx.addTimer(ctx.now + a.startToCloseMs, TimerKind.activityStartToClose, a.scheduledEventId, a.attempt);
  }
  if (a.heartbeatMs > 0) {
    ctx.addTimer(ctx.now + a.heartbeatMs, TimerKind.activityHeartbeat, a.scheduledEventId, a.attempt);
  }
  // An eager start follows the Scheduled event in its own transaction: that event need not be decoded back.
  const scheduled =
    ctx.newEvents.find((e) => Number(e.eventId) === a.scheduledEventId)?.activityTaskScheduledEventAttributes ??
    decodeEvent(ctx.host.store.readEvent(ctx.runId, a.scheduledEventId)!).activityTaskScheduledEventAttributes!;
  const token: ActivityTaskToken = {
    k: 'a',
    ns: ctx.namespace,
    wid: ctx.workflowId,
    rid: ctx.runId,
    s: a.scheduledEventId,
    a: a.attempt,
    id: a.activityId,
  };
  // A standalone activity has no workflow: the worker tells them apart by the workflow execution being unset.
  const standalone = ctx.isStandaloneActivity;
  return {
    taskToken: encodeTaskToken(token),
    workflowNamespace: ctx.namespace,
    workflowType: standalone ? null : { name: ctx.row.workflow_type },
    workflowExecution: standalone ? null : ctx.execution,
    activityRunId: standalone ? ctx.runId : '',
    activityType: scheduled.activityType,
    activityId: a.activityId,
    header: scheduled.header,
    input: scheduled.input,
    heartbeatDetails: storedPayloads.decode(a.heartbeatDetails),
    scheduledTime: timestamp(a.firstScheduledTime),
    currentAttemptScheduledTime: timestamp(a.currentScheduledTime),
    startedTime: timestamp(ctx.now),
    attempt: a.attempt,
    scheduleToCloseTimeout: duration(a.scheduleToCloseMs),
    startToCloseTimeout: duration(a.startToCloseMs),
    heartbeatTimeout: duration(a.heartbeatMs),
    retryPolicy: retryPolicyToProto(a.retryPolicy),
    priority: activityPriority(ctx, a),
  };
}

/** The running attempt a token names, or NOT_FOUND when that attempt is over. */
export function currentActivity(ctx: RunContext, token: ActivityTaskToken): ActivityState {
  const a = ctx.state.activities[token.s];
  if (!ctx.isOpen || !a || a.attempt !== token.a || a.startedTime === 0) {
    throw notFound(
      `Activity task not found: ${ctx.describe()} has no running attempt ${token.a} of activity ${token.id}.`,
    );
  }
  return a;
}

export function findActivityById(ctx: RunContext, activityId: string): ActivityState {
  const a = Object.values(ctx.state.activities).find((x) => x.activityId === activityId);
  if (!ctx.isOpen || !a || a.startedTime === 0) {
    throw notFound(`Activity task not found: ${ctx.describe()} has no running activity ${activityId}.`);
  }
  return a;
}

function startedAttributes(a: ActivityState) {
  return {
    scheduledEventId: a.scheduledEventId,
    identity: a.startedIdentity,
    requestId: a.startedRequestId,
    attempt: a.attempt,
    lastFailure: storedFailure.decode(a.lastFailure),
  };
}

/** The running attempt ended (answered, or timed out): its start-to-close timeout is dropped. */
function attemptEnded(ctx: RunContext, a: ActivityState): void {
  if (a.startedTime > 0 && a.startToCloseMs > 0) {
    ctx.dropTimer(a.startedTime + a.startToCloseMs, TimerKind.activityStartToClose, a.scheduledEventId, a.attempt);
  }
}

/** Writes the activity's final events (Started first when this attempt ran) and wakes the workflow. */
function closeActivity(ctx: RunContext, a: ActivityState, type: EventType, attributes: Record<string, unknown>): void {
  attemptEnded(ctx, a);
  if (a.scheduleToCloseMs > 0) {
    ctx.dropTimer(a.firstScheduledTime + a.scheduleToCloseMs, TimerKind.activityScheduleToClose, a.scheduledEventId, 0);
  }
  onActivityClosed(ctx.state, a.scheduledEventId);
  const attrs = { scheduledEventId: a.scheduledEventId, ...attributes };
  if (a.startedTime > 0) {
    ctx.addActivityClose(startedAttributes(a), a.startedTime, type, attrs);
  } else {
    ctx.addOrBuffer(type, { ...attrs, startedEventId: 0 });
  }
  if (ctx.isStandaloneActivity) closeStandalone(ctx, a, type, attributes);
  else if (!ctx.taskInFlight) scheduleWorkflowTask(ctx);
}

/** A result past `limit.blobSize.error` fails the activity instead, as Temporal records it (not retryable). */
export function completeActivity(ctx: RunContext, a: ActivityState, result: Payloads | null | undefined, identity: string) {
  if (blobTooLarge(ctx.host.config, payloadsSize(result))) {
    failActivity(ctx, a, { message: 'Complete result exceeds size limit.', source: 'Server', serverFailureInfo: { nonRetryable: true } }, null, identity);
    return;
  }
  closeActivity(ctx, a, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, { result, identity });
}

export function cancelActivityReported(ctx: RunContext, a: ActivityState, details: Payloads | null | undefined, identity: string) {
  if (!a.cancelRequested) {
    throw invalidArgument('unable to mark activity as canceled without activity being request canceled first');
  }
  closeActivity(ctx, a, EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED, {
    details,
    latestCancelRequestedEventId: a.cancelRequestedEventId,
    identity,
  });
}

function retryDecision(ctx: RunContext, a: ActivityState, failure: FailureSummary) {
  return decideActivityRetry({
    policy: a.retryPolicy,
    attempt: a.attempt,
    failure,
    nowMs: ctx.now,
    firstScheduledMs: a.firstScheduledTime,
    scheduleToCloseMs: a.scheduleToCloseMs,
    cancelRequested: a.cancelRequested,
  });
}

/** Starts the retry backoff for the next attempt; a paused activity waits for its unpause instead. */
function retryLater(ctx: RunContext, a: ActivityState, failure: Failure, delayMs: number): void {
  attemptEnded(ctx, a);
  a.attempt += 1;
  a.lastFailure = storedFailure.encode(failure);
  a.startedTime = 0;
  a.lastAttemptCompleteTime = ctx.now;
  a.resetRequested = false;
  if (a.resetHeartbeatOnRetry) {
    delete a.heartbeatDetails;
    a.lastHeartbeatTime = 0;
    a.resetHeartbeatOnRetry = false;
  }
  a.nextAttemptTime = ctx.now + delayMs;
  // A workflow rule may pause the retry before it is scheduled, as Temporal checks them when it retries.
  if (a.paused || applyWorkflowRules(ctx, a)) {
    a.nextAttemptTime = 0;
    return;
  }
  ctx.addTimer(a.nextAttemptTime, TimerKind.activityRetry, a.scheduledEventId, a.attempt);
}

/** The worker failed an attempt: retry it per the policy, or record ActivityTaskFailed. */
export function failActivity(
  ctx: RunContext,
  a: ActivityState,
  failure: Failure,
  lastHeartbeatDetails: Payloads | null | undefined,
  identity: string,
): void {
  if (lastHeartbeatDetails) a.heartbeatDetails = storedPayloads.encode(lastHeartbeatDetails);
  const decision = retryDecision(ctx, a, summarizeFailure(failure));
  if (decision.retry) {
    retryLater(ctx, a, failure, decision.delayMs);
    return;
  }
  closeActivity(ctx, a, EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED, { failure, identity, retryState: decision.retryState });
}

const timeoutNames: Record<number, string> = {
  [TimeoutTypeCode.START_TO_CLOSE]: 'StartToClose',
  [TimeoutTypeCode.SCHEDULE_TO_START]: 'ScheduleToStart',
  [TimeoutTypeCode.SCHEDULE_TO_CLOSE]: 'ScheduleToClose',
  [TimeoutTypeCode.HEARTBEAT]: 'Heartbeat',
};

function timeoutFailure(a: ActivityState, timeoutType: number): Failure {
  return {
    message: `activity ${timeoutNames[timeoutType]} timeout`,
    source: 'Server',
    timeoutFailureInfo: { timeoutType, lastHeartbeatDetails: storedPayloads.decode(a.heartbeatDetails) },
    cause: storedFailure.decode(a.lastFailure),
  };
}

/** A timeout fired for the activity: retry the retryable ones when time allows, else record ActivityTaskTimedOut. */
export function activityTimedOut(ctx: RunContext, a: ActivityState, timeoutType: number): void {
  if (timeoutType === TimeoutTypeCode.START_TO_CLOSE || timeoutType === TimeoutTypeCode.HEARTBEAT) {
    const failure = timeoutFailure(a, timeoutType);
    const decision = retryDecision(ctx, a, { kind: 'timeout', timeoutType: timeoutType as TimeoutTypeCode });
    if (decision.retry) {
      retryLater(ctx, a, failure, decision.delayMs);
      return;
    }
    // Out of time for another attempt: Temporal reports the overall deadline.
    const reported = decision.retryState === RetryStateCode.TIMEOUT ? timeoutFailure(a, TimeoutTypeCode.SCHEDULE_TO_CLOSE) : failure;
    closeActivity(ctx, a, EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT, {
      failure: reported,
      retryState: decision.retryState,
    });
    return;
  }
  closeActivity(ctx, a, EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT, {
    failure: timeoutFailure(a, timeoutType),
    retryState: RetryStateCode.TIMEOUT,
  });
}

/** Applies one of the activity's durable timers, if the attempt it was set for is still the current one. */
export function activityTimerFired(ctx: RunContext, kind: string, ref: number, attempt: number): void {
  const a = ctx.state.activities[ref];
  // A paused activity has no timeouts running; unpausing arms them again.
  if (!a || a.paused) return;
  switch (kind) {
    case TimerKind.activityScheduleToStart:
      // Not dispatched while the workflow is paused: the wait is not the workers' doing.
      if (a.attempt === attempt && a.startedTime === 0 && a.currentScheduledTime + a.scheduleToStartMs <= ctx.now && !ctx.isPaused) {
        activityTimedOut(ctx, a, TimeoutTypeCode.SCHEDULE_TO_START);
      }
      return;
    case TimerKind.activityScheduleToClose:
      // Options updated to a longer deadline leave the earlier timer behind.
      if (a.scheduleToCloseMs > 0 && a.firstScheduledTime + a.scheduleToCloseMs <= ctx.now) {
        activityTimedOut(ctx, a, TimeoutTypeCode.SCHEDULE_TO_CLOSE);
      }
      return;
    case TimerKind.activityStartToClose:
      if (a.attempt === attempt && a.startedTime > 0 && a.startedTime + a.startToCloseMs <= ctx.now) {
        activityTimedOut(ctx, a, TimeoutTypeCode.START_TO_CLOSE);
      }
      return;
    case TimerKind.activityHeartbeat: {
      if (a.attempt !== attempt || a.startedTime === 0) return;
      const deadline = Math.max(a.lastHeartbeatTime, a.startedTime) + a.heartbeatMs;
      if (deadline <= ctx.now) activityTimedOut(ctx, a, TimeoutTypeCode.HEARTBEAT);
      else ctx.addTimer(deadline, TimerKind.activityHeartbeat, ref, attempt);
      return;
    }
    case TimerKind.activityRetry:
      // A later dispatch time (jittered unpause, updated options) has its own timer.
      // A paused workflow dispatches its activities again when unpaused.
      // nextAttemptTime 0: dispatched already, by an earlier timer (a dispatch time moved earlier) or a control.
      if (a.attempt !== attempt || a.startedTime !== 0 || a.nextAttemptTime === 0 || a.nextAttemptTime > ctx.now || ctx.isPaused) return;
      // A rule created during the backoff pauses the retry when it is due.
      if (applyWorkflowRules(ctx, a)) {
        a.nextAttemptTime = 0;
        return;
      }
      a.currentScheduledTime = ctx.now;
      a.nextAttemptTime = 0;
      ctx.enqueue(a.taskQueue, TaskKind.activity, ref, attempt, activityPriority(ctx, a));
      if (a.scheduleToStartMs > 0) {
        ctx.addTimer(ctx.now + a.scheduleToStartMs, TimerKind.activityScheduleToStart, ref, attempt);
      }
      return;
  }
}

/** What a heartbeat's answer tells the running attempt: stop, because it was cancelled, paused or reset. */
export interface HeartbeatAnswer {
  cancelRequested: boolean;
  activityPaused: boolean;
  activityReset: boolean;
}

export function recordHeartbeat(ctx: RunContext, a: ActivityState, details: Payloads | null | undefined): HeartbeatAnswer {
  if (blobTooLarge(ctx.host.config, payloadsSize(details))) {
    // Temporal fails the activity and tells the attempt to stop.
    failActivity(ctx, a, { message: 'Heartbeat details exceed size limit.', source: 'Server', serverFailureInfo: { nonRetryable: true } }, null, a.startedIdentity);
    return { cancelRequested: true, activityPaused: false, activityReset: false };
  }
  a.lastHeartbeatTime = ctx.now;
  if (ctx.state.standalone) ctx.state.standalone.heartbeatCount++;
  if (details) a.heartbeatDetails = storedPayloads.encode(details);
  return { cancelRequested: a.cancelRequested, activityPaused: a.paused ?? false, activityReset: a.resetRequested ?? false };
}

/** RequestCancelActivityTask: cancels at once when no attempt is running, else asks the worker through heartbeats. */
export function requestCancelActivity(ctx: RunContext, a: ActivityState, completedEventId: number): boolean {
  const ev = ctx.addEvent(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED, {
    scheduledEventId: a.scheduledEventId,
    workflowTaskCompletedEventId: completedEventId,
  });
  a.cancelRequested = true;
  a.cancelRequestedEventId = Number(ev.eventId);
  if (a.startedTime > 0) return false;
  onActivityClosed(ctx.state, a.scheduledEventId);
  ctx.addEvent(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED, {
    scheduledEventId: a.scheduledEventId,
    startedEventId: 0,
    latestCancelRequestedEventId: a.cancelRequestedEventId,
  });
  return true;
}

/** The options an activity runs with now, as ActivityOptions. */
export function activityOptionsOf(a: ActivityState): temporal.api.activity.v1.IActivityOptions {
  return {
    taskQueue: { name: a.taskQueue, normalName: a.taskQueue },
    scheduleToCloseTimeout: duration(a.scheduleToCloseMs),
    scheduleToStartTimeout: duration(a.scheduleToStartMs),
    startToCloseTimeout: duration(a.startToCloseMs),
    heartbeatTimeout: duration(a.heartbeatMs),
    retryPolicy: retryPolicyToProto(a.retryPolicy),
    priority: a.priority ?? {},
  };
}

function pendingState(a: ActivityState): number {
  const State = Enums.PendingActivityState;
  if (a.cancelRequested) return State.PENDING_ACTIVITY_STATE_CANCEL_REQUESTED;
  if (a.startedTime > 0) return a.paused ? State.PENDING_ACTIVITY_STATE_PAUSE_REQUESTED : State.PENDING_ACTIVITY_STATE_STARTED;
  return a.paused ? State.PENDING_ACTIVITY_STATE_PAUSED : State.PENDING_ACTIVITY_STATE_SCHEDULED;
}

export function pendingActivityInfo(a: ActivityState): temporal.api.workflow.v1.IPendingActivityInfo {
  const backingOff = a.startedTime === 0 && !a.paused && a.nextAttemptTime > 0;
  return {
    activityId: a.activityId,
    activityType: { name: a.activityType },
    state: pendingState(a),
    paused: a.paused ?? false,
    pauseInfo: a.paused && a.pauseInfo ? pauseInfoOf(a.pauseInfo) : null,
    activityOptions: activityOptionsOf(a),
    priority: a.priority ?? null,
    currentRetryInterval: backingOff ? duration(a.nextAttemptTime - a.lastAttemptCompleteTime) : null,
    heartbeatDetails: storedPayloads.decode(a.heartbeatDetails),
    lastHeartbeatTime: a.lastHeartbeatTime ? timestamp(a.lastHeartbeatTime) : null,
    lastStartedTime: a.startedTime ? timestamp(a.startedTime) : null,
    attempt: a.attempt,
    maximumAttempts: a.retryPolicy.maximumAttempts,
    scheduledTime: timestamp(a.currentScheduledTime),
    expirationTime: a.scheduleToCloseMs ? timestamp(a.firstScheduledTime + a.scheduleToCloseMs) : null,
    lastFailure: storedFailure.decode(a.lastFailure),
    lastWorkerIdentity: a.startedIdentity,
    lastAttemptCompleteTime: a.lastAttemptCompleteTime ? timestamp(a.lastAttemptCompleteTime) : null,
    nextAttemptScheduleTime: backingOff ? timestamp(a.nextAttemptTime) : null,
  };
}

function pauseInfoOf(p: NonNullable<ActivityState['pauseInfo']>): temporal.api.workflow.v1.PendingActivityInfo.IPauseInfo {
  const by = { identity: p.identity, reason: p.reason };
  return p.ruleId !== undefined ? { pauseTime: timestamp(p.time), rule: { ruleId: p.ruleId, ...by } } : { pauseTime: timestamp(p.time), manual: by };
}
