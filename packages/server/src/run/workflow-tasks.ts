import { temporal, toLong } from '@durable/proto';
import { notFound } from '../model/errors.js';
import { duration, encodeEvent, EventType, timestamp, type Failure, type HistoryEvent } from '../model/events.js';
import { encodedHistory, type EncodedHistory } from '../model/encoded-history.js';
import { TaskKind, TimerKind, type TaskRow } from '../model/rows.js';
import type { BufferedEvent, WorkflowTaskState } from '../model/run-state.js';
import { encodeTaskToken, type WorkflowTaskToken } from '../model/task-token.js';
import type { RunContext } from './run-context.js';
import { continueAsNewSuggestion } from './limits.js';
import { versionMoved } from './versioning.js';

const Enums = temporal.api.enums.v1;
const QueueKind = Enums.TaskQueueKind;
export const FailedCause = Enums.WorkflowTaskFailedCause;

/** Schedules a workflow task unless one is pending: on the sticky queue when the run has one, else the normal one. */
export function scheduleWorkflowTask(ctx: RunContext): void {
  const s = ctx.state;
  if (!ctx.isOpen || s.wft || s.startDelayed || ctx.isPaused) return;
  const attempt = s.wftAttempt;
  // Retries after a failure go to the normal queue: the sticky worker is the one that failed. So does a task for
  // another worker version than the sticky worker's.
  const sticky = attempt === 1 && s.sticky && !versionMoved(ctx) ? s.sticky : null;
  const queue = sticky ? sticky.queue : ctx.row.task_queue;
  let scheduledEventId: number;
  if (attempt > 1) {
    scheduledEventId = s.nextEventId;
  } else {
    const ev = ctx.addEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, {
      taskQueue: sticky
        ? { name: queue, kind: QueueKind.TASK_QUEUE_KIND_STICKY, normalName: ctx.row.task_queue }
        : { name: queue, kind: QueueKind.TASK_QUEUE_KIND_NORMAL },
      startToCloseTimeout: duration(s.workflowTaskTimeoutMs),
      attempt,
    });
    scheduledEventId = Number(ev.eventId);
  }
  s.wft = {
    scheduledEventId,
    startedEventId: 0,
    attempt,
    transient: attempt > 1,
    queue,
    sticky: sticky !== null,
    scheduledTime: ctx.now,
    originalScheduledTime: ctx.now,
    startedTime: 0,
    requestId: '',
    identity: '',
  };
  ctx.enqueue(queue, TaskKind.workflow, scheduledEventId, attempt, s.priority);
  if (sticky && sticky.scheduleToStartMs > 0) {
    ctx.addTimer(ctx.now + sticky.scheduleToStartMs, TimerKind.stickyScheduleToStart, scheduledEventId, attempt);
  }
}

/** Records an event the workflow must react to and makes sure a workflow task will deliver it. */
export function notifyWorkflow(
  ctx: RunContext,
  type: EventType,
  attributes: object,
  extra: Omit<BufferedEvent, 'event'> = {},
): void {
  if (ctx.addOrBuffer(type, attributes, extra)) scheduleWorkflowTask(ctx);
}

/** True when a stored task row still names the run's pending workflow task. */
export function isCurrentWorkflowTask(ctx: RunContext, task: TaskRow): boolean {
  const wft = ctx.state.wft;
  return (
    ctx.isOpen &&
    // a paused run keeps its scheduled task, undelivered, until it is unpaused
    !ctx.isPaused &&
    wft !== null &&
    wft.startedEventId === 0 &&
    wft.scheduledEventId === task.ref &&
    wft.attempt === task.attempt &&
    wft.queue === task.queue
  );
}

export type PollWorkflowTaskQueueResponse = Omit<temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse, 'history'> & {
  history: EncodedHistory;
};

/**
 * Hands the pending workflow task to a poller: writes WorkflowTaskStarted and builds the poll response, with the
 * queries and update requests waiting for the run (marked as sent once the transaction commits).
 */
export function startWorkflowTask(ctx: RunContext, identity: string, requestId: string): PollWorkflowTaskQueueResponse {
  const s = ctx.state;
  const wft = s.wft!;
  wft.startedTime = ctx.now;
  wft.identity = identity;
  wft.requestId = requestId;
  const transientEvents: HistoryEvent[] = [];
  const suggestion = continueAsNewSuggestion(ctx);
  wft.suggestContinueAsNew = suggestion.suggestContinueAsNew ? suggestion.suggestContinueAsNewReasons : undefined;
  if (wft.transient) {
    wft.startedEventId = wft.scheduledEventId + 1;
    transientEvents.push(
      {
        eventId: toLong(wft.scheduledEventId),
        eventTime: timestamp(wft.scheduledTime),
        eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
        taskId: toLong(ctx.host.nextTaskId()),
        workflowTaskScheduledEventAttributes: {
          taskQueue: { name: wft.queue, kind: QueueKind.TASK_QUEUE_KIND_NORMAL },
          startToCloseTimeout: duration(s.workflowTaskTimeoutMs),
          attempt: wft.attempt,
        },
      },
      {
        eventId: toLong(wft.startedEventId),
        eventTime: timestamp(ctx.now),
        eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
        taskId: toLong(ctx.host.nextTaskId()),
        workflowTaskStartedEventAttributes: {
          scheduledEventId: toLong(wft.scheduledEventId),
          identity,
          requestId,
          historySizeBytes: toLong(ctx.row.history_size),
          ...suggestion,
        },
      },
    );
  } else {
    const ev = ctx.addEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, {
      scheduledEventId: wft.scheduledEventId,
      identity,
      requestId,
      historySizeBytes: ctx.row.history_size,
      ...suggestion,
    });
    wft.startedEventId = Number(ev.eventId);
  }
  ctx.addTimer(ctx.now + s.workflowTaskTimeoutMs, TimerKind.workflowTaskTimeout, wft.scheduledEventId, wft.attempt);

  // A sticky worker has the run cached up to its last completed task; everyone else replays from the start.
  const from = wft.sticky ? s.lastCompletedStartedEventId + 1 : 1;
  const events = readHistory(ctx, from, s.nextEventId);
  events.push(...transientEvents.map(encodeEvent));
  const queries = ctx.host.queries.waiting(ctx.runId);
  const updates = ctx.host.updates.requestMessages(ctx.runId, wft.startedEventId);
  const { runId } = ctx;
  ctx.afterCommit(() => {
    ctx.host.queries.attached(runId, Object.keys(queries));
    ctx.host.updates.markSent(runId, updates.updateIds);
  });
  const token: WorkflowTaskToken = {
    k: 'w',
    ns: ctx.namespace,
    wid: ctx.workflowId,
    rid: ctx.runId,
    s: wft.scheduledEventId,
    a: wft.attempt,
    st: wft.startedEventId,
  };
  return {
    taskToken: encodeTaskToken(token),
    workflowExecution: ctx.execution,
    workflowType: { name: ctx.row.workflow_type },
    previousStartedEventId: toLong(s.lastCompletedStartedEventId),
    startedEventId: toLong(wft.startedEventId),
    attempt: wft.attempt,
    history: encodedHistory(events),
    workflowExecutionTaskQueue: { name: ctx.row.task_queue, kind: QueueKind.TASK_QUEUE_KIND_NORMAL },
    scheduledTime: timestamp(wft.scheduledTime),
    startedTime: timestamp(ctx.now),
    queries,
    messages: updates.messages,
  };
}

/** The started task was answered: its start-to-close timeout is dropped. */
export function workflowTaskAnswered(ctx: RunContext, wft: WorkflowTaskState): void {
  ctx.dropTimer(wft.startedTime + ctx.state.workflowTaskTimeoutMs, TimerKind.workflowTaskTimeout, wft.scheduledEventId, wft.attempt);
}

/** A run's events [from, toExclusive), as stored (encoded). */
export function readHistory(ctx: RunContext, from: number, toExclusive: number): Uint8Array[] {
  return ctx.host.store.readEvents(ctx.runId, from, toExclusive, Math.max(0, toExclusive - from)).map((r) => r.data);
}

/** The started workflow task a token names, or NOT_FOUND (a finished, timed-out or superseded attempt). */
export function currentWorkflowTask(ctx: RunContext, token: WorkflowTaskToken) {
  const wft = ctx.state.wft;
  if (
    !ctx.isOpen ||
    !wft ||
    wft.scheduledEventId !== token.s ||
    wft.attempt !== token.a ||
    wft.startedEventId !== token.st ||
    wft.startedEventId === 0
  ) {
    throw notFound(`Workflow task not found: ${ctx.describe()} has no started workflow task ${token.s} attempt ${token.a}.`);
  }
  return wft;
}

export interface TaskFailure {
  cause: number;
  failure?: Failure | null;
  identity?: string;
  /** set when the task timed out instead of being failed by the worker */
  timeout?: number;
  /** the run cannot go on (a payload past the blob limit): it is terminated with this reason, as Temporal does */
  terminateReason?: string;
}

/** Fails (or times out) the started workflow task and schedules the next attempt. */
export function failWorkflowTask(ctx: RunContext, f: TaskFailure): void {
  const s = ctx.state;
  const wft = s.wft!;
  if (f.timeout === undefined) workflowTaskAnswered(ctx, wft);
  if (!wft.transient) {
    if (f.timeout !== undefined) {
      ctx.addEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT, {
        scheduledEventId: wft.scheduledEventId,
        startedEventId: wft.startedEventId,
        timeoutType: f.timeout,
      });
    } else {
      ctx.addEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED, {
        scheduledEventId: wft.scheduledEventId,
        startedEventId: wft.startedEventId,
        cause: f.cause,
        failure: f.failure,
        identity: f.identity,
      });
    }
  }
  s.wft = null;
  s.sticky = null;
  const { runId } = ctx;
  ctx.afterCommit(() => ctx.host.updates.requeue(runId));
  const flushed = ctx.flushBuffered();
  if (f.terminateReason !== undefined) {
    ctx.addEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED, { reason: f.terminateReason, identity: SERVER_IDENTITY });
    ctx.close(temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED, { final: true });
    workflowTaskEnded(ctx);
    return;
  }
  // A failure on a sticky worker only loses stickiness; a failure of the normal queue counts as an attempt.
  s.wftAttempt = flushed > 0 ? 1 : wft.sticky && f.timeout === undefined ? wft.attempt : wft.attempt + 1;
  scheduleWorkflowTask(ctx);
  workflowTaskEnded(ctx);
}

/** The identity Temporal records for what the server does to a run on its own (limits, delete). */
export const SERVER_IDENTITY = 'history-service';

/**
 * Queries that rode on the task that ended wait for the next one, or go out as query tasks if none is coming or the
 * next one retries a failed task (it would fail again and answer nothing).
 */
export function workflowTaskEnded(ctx: RunContext): void {
  const legacyQueue = ctx.state.wft === null || ctx.state.wft.attempt > 1 ? ctx.row.task_queue : undefined;
  const { runId } = ctx;
  ctx.afterCommit(() => ctx.host.queries.taskEnded(runId, legacyQueue));
}

/** Drops the in-flight task of a run being closed from outside (terminate, timeout), as Temporal records it. */
export function forceCloseInFlightTask(ctx: RunContext, identity?: string): void {
  const wft = ctx.state.wft;
  if (wft && wft.startedEventId > 0 && !wft.transient) {
    ctx.addEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED, {
      scheduledEventId: wft.scheduledEventId,
      startedEventId: wft.startedEventId,
      cause: FailedCause.WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND,
      identity,
    });
  }
  ctx.state.wft = null;
  ctx.flushBuffered();
}

/** The sticky worker did not pick the task up in time: give it to any worker, with full history. */
export function stickyScheduleToStartTimedOut(ctx: RunContext, scheduledEventId: number, attempt: number): void {
  const wft = ctx.state.wft;
  if (!wft || !wft.sticky || wft.startedEventId !== 0 || wft.scheduledEventId !== scheduledEventId || wft.attempt !== attempt) {
    return;
  }
  ctx.state.wft = null;
  ctx.state.sticky = null;
  if (!wft.transient) {
    ctx.addEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT, {
      scheduledEventId,
      startedEventId: 0,
      timeoutType: Enums.TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START,
    });
  }
  ctx.state.wftAttempt = wft.attempt;
  scheduleWorkflowTask(ctx);
}

export function workflowTaskTimedOut(ctx: RunContext, scheduledEventId: number, attempt: number): void {
  const wft = ctx.state.wft;
  if (!wft || wft.startedEventId === 0 || wft.scheduledEventId !== scheduledEventId || wft.attempt !== attempt) return;
  failWorkflowTask(ctx, {
    cause: FailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNSPECIFIED,
    timeout: Enums.TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE,
  });
}

/** Moves a pending sticky task back to the normal queue (the sticky worker went away). */
export function clearStickiness(ctx: RunContext): void {
  ctx.state.sticky = null;
  const wft = ctx.state.wft;
  if (wft && wft.sticky && wft.startedEventId === 0) {
    wft.sticky = false;
    wft.queue = ctx.row.task_queue;
    ctx.enqueue(wft.queue, TaskKind.workflow, wft.scheduledEventId, wft.attempt, ctx.state.priority);
  }
}
