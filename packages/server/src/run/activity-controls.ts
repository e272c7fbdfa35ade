// An operator's hold on a pending activity, as Temporal gives it (PauseActivity, UnpauseActivity, ResetActivity,
// UpdateActivityOptions). A paused activity is not dispatched, not retried and has no timeouts running; an attempt
// already on a worker runs on and learns of the pause from its next heartbeat. Unpausing re-arms its timeouts and
// dispatches it (after a random jitter when asked). None of this writes history: Temporal keeps it in mutable state.
import type { temporal } from '@durable/proto';
import { RetryPolicyError } from '@durable/common';
import { invalidArgument, failedPrecondition, notFound, workflowCompleted } from '../model/errors.js';
import { retryPolicyFromProto } from '../model/codecs.js';
import { decodeEvent, durationMs } from '../model/events.js';
import { plain, validatePriority } from '../model/priority.js';
import { TaskKind, TimerKind } from '../model/rows.js';
import type { ActivityState } from '../model/run-state.js';
import type { RunContext } from './run-context.js';
import { activityOptionsOf, activityPriority } from './activities.js';

type ActivityOptions = temporal.api.activity.v1.IActivityOptions;

/** Which pending activities a request names: one id, every one of a type, or all. */
export interface ActivitySelector {
  id?: string | null;
  type?: string | null;
  all?: boolean | null;
}

/** Temporal's answer when no pending activity matches. */
export const activityNotFound = () =>
  notFound("Can't find pending activity with such ID. Invalid activityID or activity already completed");

export function selectActivities(ctx: RunContext, sel: ActivitySelector): ActivityState[] {
  if (!ctx.isOpen) throw workflowCompleted();
  const pending = Object.values(ctx.state.activities);
  let found: ActivityState[];
  if (sel.id) found = pending.filter((a) => a.activityId === sel.id);
  else if (sel.type) found = pending.filter((a) => a.activityType === sel.type);
  else if (sel.all) found = pending;
  else throw invalidArgument('Either activity id, activity type or match all must be set on request.');
  if (found.length === 0) throw activityNotFound();
  return found;
}

export interface PauseRequest {
  identity: string;
  reason: string;
  requestId: string;
}

export function pauseActivity(ctx: RunContext, a: ActivityState, req: PauseRequest): void {
  if (a.paused) {
    // The same request again changes nothing; another one is refused.
    if (req.requestId && a.pauseInfo?.requestId === req.requestId) return;
    throw failedPrecondition('activity is already paused');
  }
  a.paused = true;
  a.pauseInfo = { time: ctx.now, identity: req.identity, reason: req.reason, requestId: req.requestId };
}

function jittered(ctx: RunContext, jitterMs: number): number {
  return ctx.now + (jitterMs > 0 ? Math.floor(Math.random() * jitterMs) : 0);
}

/** Dispatches a waiting activity at `at`: now, or through its retry timer. */
export function dispatchAt(ctx: RunContext, a: ActivityState, at: number): void {
  if (at <= ctx.now) {
    a.nextAttemptTime = 0;
    a.currentScheduledTime = ctx.now;
    ctx.enqueue(a.taskQueue, TaskKind.activity, a.scheduledEventId, a.attempt, activityPriority(ctx, a));
    if (a.scheduleToStartMs > 0) ctx.addTimer(ctx.now + a.scheduleToStartMs, TimerKind.activityScheduleToStart, a.scheduledEventId, a.attempt);
    return;
  }
  a.nextAttemptTime = at;
  ctx.addTimer(at, TimerKind.activityRetry, a.scheduledEventId, a.attempt);
}

/** Timeouts lapse while an activity is paused; this sets them again from where they stand now. */
function rearmTimeouts(ctx: RunContext, a: ActivityState): void {
  const ref = a.scheduledEventId;
  if (a.scheduleToCloseMs > 0) ctx.addTimer(Math.max(ctx.now, a.firstScheduledTime + a.scheduleToCloseMs), TimerKind.activityScheduleToClose, ref, 0);
  if (a.startedTime === 0) return;
  if (a.startToCloseMs > 0) ctx.addTimer(Math.max(ctx.now, a.startedTime + a.startToCloseMs), TimerKind.activityStartToClose, ref, a.attempt);
  if (a.heartbeatMs > 0) {
    ctx.addTimer(Math.max(ctx.now, Math.max(a.lastHeartbeatTime, a.startedTime) + a.heartbeatMs), TimerKind.activityHeartbeat, ref, a.attempt);
  }
}

function clearHeartbeat(a: ActivityState): void {
  delete a.heartbeatDetails;
  a.lastHeartbeatTime = 0;
}

export interface UnpauseRequest {
  resetAttempts: boolean;
  resetHeartbeat: boolean;
  jitterMs: number;
}

/** A paused activity goes on: its timeouts run again and, unless an attempt is on a worker, it is dispatched. */
export function unpauseActivity(ctx: RunContext, a: ActivityState, req: UnpauseRequest): void {
  if (!a.paused) return;
  a.paused = false;
  delete a.pauseInfo;
  if (req.resetAttempts) a.attempt = 1;
  if (req.resetHeartbeat) clearHeartbeat(a);
  rearmTimeouts(ctx, a);
  if (a.startedTime === 0) dispatchAt(ctx, a, jittered(ctx, req.jitterMs));
}

export interface ResetRequest {
  resetHeartbeat: boolean;
  keepPaused: boolean;
  jitterMs: number;
  restoreOriginalOptions: boolean;
}

/**
 * ResetActivity: attempts count from 1 again. A running attempt is told through its heartbeat (its token no longer
 * names the current attempt); a waiting one is dispatched again at once (or after the jitter).
 */
export function resetActivity(ctx: RunContext, a: ActivityState, req: ResetRequest): void {
  if (req.restoreOriginalOptions) applyOptions(ctx, a, originalOptions(ctx, a));
  a.attempt = 1;
  if (a.startedTime > 0) {
    a.resetRequested = true;
    if (req.resetHeartbeat) a.resetHeartbeatOnRetry = true;
  } else if (req.resetHeartbeat) {
    clearHeartbeat(a);
  }
  if (a.paused && !req.keepPaused) {
    a.paused = false;
    delete a.pauseInfo;
    rearmTimeouts(ctx, a);
  }
  if (a.startedTime > 0 || a.paused) return;
  dispatchAt(ctx, a, jittered(ctx, req.jitterMs));
}

/** The options the activity was scheduled with (its ActivityTaskScheduled event). */
export function originalOptions(ctx: RunContext, a: ActivityState): ActivityOptions {
  const data = ctx.host.store.readEvent(ctx.runId, a.scheduledEventId);
  const s = data ? decodeEvent(data).activityTaskScheduledEventAttributes : undefined;
  if (!s) throw invalidArgument(`ActivityTaskScheduledEvent ${a.scheduledEventId} of ${ctx.describe()} not found.`);
  return {
    taskQueue: s.taskQueue,
    scheduleToCloseTimeout: s.scheduleToCloseTimeout,
    scheduleToStartTimeout: s.scheduleToStartTimeout,
    startToCloseTimeout: s.startToCloseTimeout,
    heartbeatTimeout: s.heartbeatTimeout,
    retryPolicy: s.retryPolicy,
    priority: s.priority,
  };
}

const camel = (path: string) => path.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

const ALLOWED_PATHS = new Set([
  'taskQueue.name',
  'scheduleToCloseTimeout',
  'scheduleToStartTimeout',
  'startToCloseTimeout',
  'heartbeatTimeout',
  'startDelay',
  'priority',
  'priority.priorityKey',
  'priority.fairnessKey',
  'priority.fairnessWeight',
  'retryPolicy',
  'retryPolicy.initialInterval',
  'retryPolicy.backoffCoefficient',
  'retryPolicy.maximumInterval',
  'retryPolicy.maximumAttempts',
]);

/** Applies the fields an update mask names (snake_case or camelCase paths) from `from` onto `into`. */
export function mergeActivityOptions(into: ActivityOptions, from: ActivityOptions, paths: string[]): ActivityOptions {
  const out: ActivityOptions = { ...into, retryPolicy: { ...into.retryPolicy }, priority: { ...into.priority } };
  for (const raw of paths) {
    const path = camel(raw);
    if (!ALLOWED_PATHS.has(path)) throw invalidArgument(`Unknown or unsupported update mask path ${JSON.stringify(raw)}.`);
    const [head, sub] = path.split('.') as [keyof ActivityOptions, string | undefined];
    if (head === 'taskQueue') {
      if (!from.taskQueue?.name) throw invalidArgument('TaskQueue is not provided');
      out.taskQueue = { name: from.taskQueue.name };
    } else if (head === 'priority' || head === 'retryPolicy') {
      const source = from[head] as Record<string, unknown> | null | undefined;
      if (!source && sub) throw invalidArgument(`${head === 'priority' ? 'Priority' : 'RetryPolicy'} is not provided`);
      if (!sub) (out as Record<string, unknown>)[head] = source ?? {};
      else (out[head] as Record<string, unknown>)[sub] = source![sub];
    } else {
      (out as Record<string, unknown>)[head] = from[head];
    }
  }
  return out;
}

/** Sets an activity's options (validated as Temporal validates a ScheduleActivityTask command's). */
export function applyOptions(ctx: RunContext, a: ActivityState, o: ActivityOptions): void {
  const scheduleToCloseMs = durationMs(o.scheduleToCloseTimeout);
  const startToCloseMs = durationMs(o.startToCloseTimeout);
  if (!scheduleToCloseMs && !startToCloseMs) {
    throw invalidArgument('A valid StartToClose or ScheduleToCloseTimeout is not set on the activity options.');
  }
  let retryPolicy;
  try {
    retryPolicy = retryPolicyFromProto(o.retryPolicy);
  } catch (err) {
    if (err instanceof RetryPolicyError) throw invalidArgument(`Invalid RetryPolicy: ${err.message}`);
    throw err;
  }
  validatePriority(o.priority);
  a.taskQueue = o.taskQueue?.name || a.taskQueue;
  a.scheduleToCloseMs = scheduleToCloseMs;
  a.startToCloseMs = startToCloseMs || scheduleToCloseMs;
  a.scheduleToStartMs = durationMs(o.scheduleToStartTimeout) || scheduleToCloseMs;
  a.heartbeatMs = Math.min(durationMs(o.heartbeatTimeout), a.startToCloseMs);
  a.retryPolicy = retryPolicy;
  a.priority = plain(o.priority);
}

/**
 * UpdateActivityOptions: the new options apply from now; a waiting activity is dispatched again under them (on its
 * new task queue, after what remains of its backoff), a running attempt keeps its worker.
 */
export function updateActivityOptions(ctx: RunContext, a: ActivityState, o: ActivityOptions): ActivityOptions {
  applyOptions(ctx, a, o);
  if (a.paused) return activityOptionsOf(a);
  rearmTimeouts(ctx, a);
  if (a.startedTime === 0) dispatchAt(ctx, a, Math.max(ctx.now, a.nextAttemptTime));
  return activityOptionsOf(a);
}

/** The types of the run's paused activities (what Temporal's TemporalPauseInfo search attribute lists). */
export function pauseInfoTypes(ctx: RunContext): string[] {
  return [...new Set(Object.values(ctx.state.activities).filter((a) => a.paused).map((a) => a.activityType))];
}
