// The timeline model: one row per activity, timer, child workflow, signal and update, each a list of segments on
// the run's time axis. History records only an activity's last attempt (its ActivityTaskStarted carries the attempt
// number), so earlier attempts and their backoff waits are placed from the retry policy and marked as estimated;
// a pending activity's last attempt and current backoff come exactly from DescribeWorkflowExecution.
import type { HistoryEvent, PendingActivity, RetryPolicy, WorkflowExecution } from '../api/types';
import { durationMillis, millis } from './format';
import { attributes, eventId, eventName } from './history';

export type SegmentKind = 'wait' | 'attempt' | 'failed' | 'backoff' | 'run';

export interface Segment {
  kind: SegmentKind;
  start: number;
  /** undefined: still going (an open bar up to now) */
  end: number | undefined;
  label: string;
  estimated?: boolean;
}

export type RowKind = 'workflow' | 'activity' | 'timer' | 'child' | 'signal' | 'update';
export type RowState = 'completed' | 'failed' | 'running' | 'canceled' | 'timedout';

export interface TimelineRow {
  key: string;
  kind: RowKind;
  title: string;
  state: RowState;
  segments: Segment[];
  /** instants (signals) */
  points: number[];
  eventIds: number[];
  link?: WorkflowExecution;
  /** an activity's last (or current) attempt */
  attempt?: number;
}

export interface Timeline {
  start: number;
  end: number;
  rows: TimelineRow[];
}

const time = (e: HistoryEvent | undefined) => millis(e?.eventTime);

/** Backoff before attempt n+1 after attempt n failed, as the server computes it from the retry policy. */
export function backoffMillis(policy: RetryPolicy | undefined, attempt: number): number {
  const initial = durationMillis(policy?.initialInterval) ?? 1000;
  const coefficient = policy?.backoffCoefficient ?? 2;
  const maximum = durationMillis(policy?.maximumInterval) ?? initial * 100;
  return Math.min(initial * coefficient ** (attempt - 1), maximum);
}

/**
 * Failed attempts first..last spread over [from, to], each followed by the backoff the policy gives it, except the
 * last one when `trailingBackoff` is false (its wait is known exactly and drawn by the caller).
 */
function estimatedAttempts(from: number, to: number, first: number, last: number, policy: RetryPolicy | undefined, trailingBackoff = true): Segment[] {
  if (last < first || to <= from) return [];
  const backoffs: number[] = [];
  for (let n = first; n <= last; n++) backoffs.push(trailingBackoff || n < last ? backoffMillis(policy, n) : 0);
  const span = to - from;
  const waiting = backoffs.reduce((a, b) => a + b, 0);
  // When the policy's waits do not fit (a changed policy, a server restart), shrink them to fit.
  const scale = waiting > span ? span / waiting : 1;
  const work = (span - waiting * scale) / backoffs.length;
  const out: Segment[] = [];
  let t = from;
  backoffs.forEach((b, i) => {
    out.push({ kind: 'failed', start: t, end: t + work, label: `attempt ${first + i} failed`, estimated: true });
    t += work;
    if (b === 0) return;
    out.push({ kind: 'backoff', start: t, end: t + b * scale, label: `retry backoff before attempt ${first + i + 1}`, estimated: true });
    t += b * scale;
  });
  return out;
}

function activityRow(scheduled: HistoryEvent, related: HistoryEvent[], pending: PendingActivity | undefined, now: number): TimelineRow {
  const a = attributes(scheduled);
  const scheduledAt = time(scheduled) ?? 0;
  const started = related.find((e) => eventName(e) === 'ActivityTaskStarted');
  const closed = related.find((e) => /^ActivityTask(Completed|Failed|TimedOut|Canceled)$/.test(eventName(e)));
  const segments: Segment[] = [];
  let state: RowState = 'running';
  let lastAttempt = pending?.attempt ?? (started ? attributes(started).attempt : undefined) ?? 1;
  const policy = a.retryPolicy;
  if (closed) {
    const name = eventName(closed);
    state = name === 'ActivityTaskCompleted' ? 'completed' : name === 'ActivityTaskFailed' ? 'failed' : name === 'ActivityTaskTimedOut' ? 'timedout' : 'canceled';
    const closedAt = time(closed) ?? scheduledAt;
    if (started) {
      const attempt = attributes(started).attempt ?? 1;
      lastAttempt = attempt;
      const startedAt = time(started) ?? scheduledAt;
      if (attempt > 1) segments.push(...estimatedAttempts(scheduledAt, startedAt, 1, attempt - 1, policy));
      else if (startedAt > scheduledAt) segments.push({ kind: 'wait', start: scheduledAt, end: startedAt, label: 'waiting for a worker' });
      segments.push({
        kind: state === 'completed' ? 'attempt' : 'failed',
        start: startedAt,
        end: closedAt,
        label: `attempt ${attempt} ${state === 'completed' ? 'completed' : state === 'timedout' ? 'timed out' : state}`,
      });
    } else {
      segments.push({ kind: 'wait', start: scheduledAt, end: closedAt, label: `${state} before it started` });
    }
  } else if (pending) {
    const attempt = pending.attempt ?? 1;
    const lastStarted = millis(pending.lastStartedTime);
    const lastDone = millis(pending.lastAttemptCompleteTime);
    const running = pending.state === 'PENDING_ACTIVITY_STATE_STARTED' || pending.state === 'PENDING_ACTIVITY_STATE_CANCEL_REQUESTED';
    if (running && lastStarted !== undefined) {
      if (attempt > 1) segments.push(...estimatedAttempts(scheduledAt, lastStarted, 1, attempt - 1, policy));
      else if (lastStarted > scheduledAt) segments.push({ kind: 'wait', start: scheduledAt, end: lastStarted, label: 'waiting for a worker' });
      segments.push({ kind: 'run', start: lastStarted, end: undefined, label: `attempt ${attempt} running` });
    } else if (attempt > 1 && lastDone !== undefined) {
      // In a retry backoff: the last attempt ended at lastDone and the next one is due at nextAttemptScheduleTime.
      if (lastStarted !== undefined && lastStarted < lastDone) {
        segments.push(...estimatedAttempts(scheduledAt, lastStarted, 1, attempt - 2, policy));
        segments.push({ kind: 'failed', start: lastStarted, end: lastDone, label: `attempt ${attempt - 1} failed` });
      } else {
        segments.push(...estimatedAttempts(scheduledAt, lastDone, 1, attempt - 1, policy, false));
      }
      const next = millis(pending.nextAttemptScheduleTime);
      if (next !== undefined) segments.push({ kind: 'backoff', start: lastDone, end: next, label: `retry backoff before attempt ${attempt}` });
      if (next === undefined || next < now) segments.push({ kind: 'wait', start: next ?? lastDone, end: undefined, label: `attempt ${attempt} waiting for a worker` });
    } else {
      segments.push({ kind: 'wait', start: scheduledAt, end: undefined, label: 'waiting for a worker' });
    }
  } else {
    // Pending, but not yet described (the page is refreshing): show it waiting.
    segments.push({ kind: started ? 'run' : 'wait', start: time(started) ?? scheduledAt, end: undefined, label: started ? 'running' : 'scheduled' });
  }
  return {
    key: `activity-${scheduled.eventId}`,
    kind: 'activity',
    title: `${a.activityType?.name ?? 'activity'} · ${a.activityId ?? ''}`,
    state,
    segments,
    points: [],
    eventIds: [eventId(scheduled), ...related.map(eventId)],
    attempt: lastAttempt,
  };
}

function spanRow(kind: RowKind, key: string, title: string, first: HistoryEvent, related: HistoryEvent[], closeState: (name: string) => RowState | undefined): TimelineRow {
  const start = time(first) ?? 0;
  const closed = related.map((e) => ({ e, state: closeState(eventName(e)) })).find((x) => x.state);
  const state = closed?.state ?? 'running';
  const end = closed ? time(closed.e) : undefined;
  return {
    key,
    kind,
    title,
    state,
    segments: [{ kind: state === 'running' ? 'run' : state === 'completed' ? 'attempt' : 'failed', start, end, label: state }],
    points: [],
    eventIds: [eventId(first), ...related.map(eventId)],
  };
}

const CHILD_CLOSE: Record<string, RowState> = {
  ChildWorkflowExecutionCompleted: 'completed',
  ChildWorkflowExecutionFailed: 'failed',
  ChildWorkflowExecutionTimedOut: 'timedout',
  ChildWorkflowExecutionCanceled: 'canceled',
  ChildWorkflowExecutionTerminated: 'canceled',
  StartChildWorkflowExecutionFailed: 'failed',
};

const WORKFLOW_CLOSE: Record<string, RowState> = {
  WorkflowExecutionCompleted: 'completed',
  WorkflowExecutionContinuedAsNew: 'completed',
  WorkflowExecutionFailed: 'failed',
  WorkflowExecutionTimedOut: 'timedout',
  WorkflowExecutionCanceled: 'canceled',
  WorkflowExecutionTerminated: 'canceled',
};

export function buildTimeline(events: HistoryEvent[], pending: PendingActivity[], now: number): Timeline {
  const children = new Map<number, HistoryEvent[]>();
  const link = (parent: string | undefined, e: HistoryEvent) => {
    if (!parent) return;
    const list = children.get(Number(parent)) ?? [];
    list.push(e);
    children.set(Number(parent), list);
  };
  for (const e of events) {
    const a = attributes(e);
    const name = eventName(e);
    if (name.startsWith('ActivityTask') && name !== 'ActivityTaskScheduled') link(a.scheduledEventId, e);
    else if (name === 'TimerFired' || name === 'TimerCanceled') link(a.startedEventId, e);
    else if (name.startsWith('ChildWorkflowExecution') || name === 'StartChildWorkflowExecutionFailed') link(a.initiatedEventId, e);
    else if (name === 'WorkflowExecutionUpdateCompleted') link(a.acceptedEventId, e);
  }
  const related = (e: HistoryEvent) => children.get(eventId(e)) ?? [];
  const pendingById = new Map(pending.map((p) => [p.activityId, p]));
  const rows: TimelineRow[] = [];
  const first = events[0];
  if (first) {
    const close = events.find((e) => WORKFLOW_CLOSE[eventName(e)]);
    rows.push(spanRow('workflow', 'workflow', attributes(first).workflowType?.name ?? 'workflow', first, close ? [close] : [], (n) => WORKFLOW_CLOSE[n]));
  }
  for (const e of events) {
    const a = attributes(e);
    switch (eventName(e)) {
      case 'ActivityTaskScheduled':
        rows.push(activityRow(e, related(e), pendingById.get(a.activityId), now));
        break;
      case 'TimerStarted':
        rows.push(
          spanRow('timer', `timer-${e.eventId}`, `timer ${a.timerId ?? ''} · ${a.startToFireTimeout ?? ''}`, e, related(e), (n) =>
            n === 'TimerFired' ? 'completed' : n === 'TimerCanceled' ? 'canceled' : undefined,
          ),
        );
        break;
      case 'StartChildWorkflowExecutionInitiated': {
        const row = spanRow('child', `child-${e.eventId}`, `child ${a.workflowType?.name ?? ''} · ${a.workflowId ?? ''}`, e, related(e), (n) => CHILD_CLOSE[n]);
        const started = related(e).find((x) => eventName(x) === 'ChildWorkflowExecutionStarted');
        if (started) row.link = { ...attributes(started).workflowExecution, workflowId: attributes(started).workflowExecution?.workflowId ?? a.workflowId };
        rows.push(row);
        break;
      }
      case 'WorkflowExecutionSignaled': {
        const t = time(e) ?? 0;
        rows.push({ key: `signal-${e.eventId}`, kind: 'signal', title: `signal ${a.signalName ?? ''}`, state: 'completed', segments: [], points: [t], eventIds: [eventId(e)] });
        break;
      }
      case 'WorkflowExecutionUpdateAccepted':
        rows.push(
          spanRow('update', `update-${e.eventId}`, `update ${a.acceptedRequest?.input?.name ?? ''}`, e, related(e), (n) => (n === 'WorkflowExecutionUpdateCompleted' ? 'completed' : undefined)),
        );
        break;
    }
  }
  for (const row of rows) {
    if (row.kind !== 'update') continue;
    const done = events.find((e) => row.eventIds.includes(eventId(e)) && eventName(e) === 'WorkflowExecutionUpdateCompleted');
    if (done && attributes(done).outcome?.failure) {
      row.state = 'failed';
      row.segments = row.segments.map((s) => ({ ...s, kind: 'failed', label: 'failed' }));
    }
  }
  const start = time(first) ?? now;
  let end = start;
  for (const row of rows) {
    for (const s of row.segments) end = Math.max(end, s.end ?? now, s.start);
    for (const p of row.points) end = Math.max(end, p);
  }
  return { start, end: Math.max(end, start + 1), rows };
}
