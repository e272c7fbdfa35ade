import { EventType } from '../model/events.js';
import { TimerKind, type TimerRow } from '../model/rows.js';
import { activityTimerFired } from '../run/activities.js';
import type { RunContext } from '../run/run-context.js';
import { onTimerClosed } from '../run/state-events.js';
import { notifyWorkflow, scheduleWorkflowTask, stickyScheduleToStartTimedOut, workflowTaskTimedOut } from '../run/workflow-tasks.js';
import { timeOutRun } from './lifecycle.js';

/** Applies a due durable timer to its (open) run; timers whose state has moved on do nothing. */
export function fireTimer(ctx: RunContext, row: TimerRow): void {
  switch (row.kind) {
    case TimerKind.userTimer: {
      const timer = Object.values(ctx.state.timers).find((t) => t.startedEventId === row.ref);
      if (!timer) return;
      onTimerClosed(ctx.state, timer.timerId);
      const attrs = { timerId: timer.timerId, startedEventId: timer.startedEventId };
      if (ctx.taskInFlight) ctx.state.firedTimers[timer.timerId] = timer.startedEventId;
      notifyWorkflow(ctx, EventType.EVENT_TYPE_TIMER_FIRED, attrs, { timerId: timer.timerId });
      return;
    }
    case TimerKind.workflowTaskTimeout:
      workflowTaskTimedOut(ctx, row.ref, row.attempt);
      return;
    case TimerKind.stickyScheduleToStart:
      stickyScheduleToStartTimedOut(ctx, row.ref, row.attempt);
      return;
    case TimerKind.startDelay:
      if (!ctx.state.startDelayed) return;
      ctx.state.startDelayed = false;
      scheduleWorkflowTask(ctx);
      return;
    case TimerKind.runTimeout:
      timeOutRun(ctx);
      return;
    default:
      activityTimerFired(ctx, row.kind, row.ref, row.attempt);
  }
}
