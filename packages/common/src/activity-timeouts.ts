/** An activity's four timeouts in milliseconds; 0 = not set. */
export interface ActivityTimeouts {
  scheduleToCloseMs: number;
  scheduleToStartMs: number;
  startToCloseMs: number;
  heartbeatMs: number;
}

export class ActivityTimeoutError extends Error {
  override name = 'ActivityTimeoutError';
}

/**
 * Temporal's normalization of ScheduleActivityTask timeouts: one of schedule-to-close and start-to-close is
 * required, the others are derived from it, and all are capped by the workflow run timeout (0 = unlimited).
 */
export function normalizeActivityTimeouts(t: ActivityTimeouts, runTimeoutMs: number): ActivityTimeouts {
  for (const [name, v] of Object.entries(t)) {
    if (v < 0) throw new ActivityTimeoutError(`Invalid ${name.replace(/Ms$/, '')} on ScheduleActivityTaskCommand: ${v} ms is negative.`);
  }
  const cap = (v: number) => (runTimeoutMs > 0 && (v === 0 || v > runTimeoutMs) ? runTimeoutMs : v);
  let { scheduleToCloseMs, scheduleToStartMs, startToCloseMs, heartbeatMs } = t;
  scheduleToCloseMs = runTimeoutMs > 0 && scheduleToCloseMs > 0 ? Math.min(scheduleToCloseMs, runTimeoutMs) : scheduleToCloseMs;
  scheduleToStartMs = runTimeoutMs > 0 && scheduleToStartMs > 0 ? Math.min(scheduleToStartMs, runTimeoutMs) : scheduleToStartMs;
  startToCloseMs = runTimeoutMs > 0 && startToCloseMs > 0 ? Math.min(startToCloseMs, runTimeoutMs) : startToCloseMs;
  if (scheduleToCloseMs > 0) {
    scheduleToStartMs = scheduleToStartMs === 0 ? scheduleToCloseMs : Math.min(scheduleToStartMs, scheduleToCloseMs);
    startToCloseMs = startToCloseMs === 0 ? scheduleToCloseMs : Math.min(startToCloseMs, scheduleToCloseMs);
  } else if (startToCloseMs > 0) {
    scheduleToCloseMs = cap(0);
    scheduleToStartMs = scheduleToStartMs === 0 ? cap(0) : scheduleToStartMs;
  } else {
    throw new ActivityTimeoutError('A valid StartToClose or ScheduleToCloseTimeout is not set on ScheduleActivityTaskCommand.');
  }
  heartbeatMs = Math.min(heartbeatMs, startToCloseMs);
  return { scheduleToCloseMs, scheduleToStartMs, startToCloseMs, heartbeatMs };
}
