// Operator requests on a workflow's pending activities (PauseActivity, UnpauseActivity, ResetActivity,
// UpdateActivityOptions), by activity id, by type or all of them; the batch operations use the same functions.
import type { temporal } from '@durable/proto';
import { durationMs } from '../model/events.js';
import { invalidArgument } from '../model/errors.js';
import type { RunContext } from '../run/run-context.js';
import {
  mergeActivityOptions,
  originalOptions,
  pauseActivity,
  resetActivity,
  selectActivities,
  unpauseActivity,
  updateActivityOptions,
  type ActivitySelector,
} from '../run/activity-controls.js';
import { activityOptionsOf } from '../run/activities.js';

type Duration = { seconds?: unknown; nanos?: number | null } | null | undefined;

export function pauseActivities(run: RunContext, sel: ActivitySelector, req: { identity?: string | null; reason?: string | null; requestId?: string | null }): void {
  for (const a of selectActivities(run, sel)) {
    pauseActivity(run, a, { identity: req.identity ?? '', reason: req.reason ?? '', requestId: req.requestId ?? '' });
  }
}

export function unpauseActivities(
  run: RunContext,
  sel: ActivitySelector,
  req: { resetAttempts?: boolean | null; resetHeartbeat?: boolean | null; jitter?: Duration },
): void {
  for (const a of selectActivities(run, sel)) {
    unpauseActivity(run, a, {
      resetAttempts: req.resetAttempts ?? false,
      resetHeartbeat: req.resetHeartbeat ?? false,
      jitterMs: durationMs(req.jitter as never),
    });
  }
}

export function resetActivities(
  run: RunContext,
  sel: ActivitySelector,
  req: { resetHeartbeat?: boolean | null; keepPaused?: boolean | null; jitter?: Duration; restoreOriginalOptions?: boolean | null },
): void {
  for (const a of selectActivities(run, sel)) {
    resetActivity(run, a, {
      resetHeartbeat: req.resetHeartbeat ?? false,
      keepPaused: req.keepPaused ?? false,
      jitterMs: durationMs(req.jitter as never),
      restoreOriginalOptions: req.restoreOriginalOptions ?? false,
    });
  }
}

/** Returns the options in force afterwards (of the last activity changed, as Temporal answers). */
export function updateActivitiesOptions(
  run: RunContext,
  sel: ActivitySelector,
  req: {
    activityOptions?: temporal.api.activity.v1.IActivityOptions | null;
    updateMask?: { paths?: string[] | null } | null;
    restoreOriginal?: boolean | null;
  },
): temporal.api.activity.v1.IActivityOptions {
  const paths = req.updateMask?.paths ?? [];
  if (req.restoreOriginal && paths.length) throw invalidArgument('Both UpdateMask and RestoreOriginal are provided');
  if (!req.restoreOriginal) {
    if (!req.activityOptions) throw invalidArgument('ActivityOptions are not provided');
    if (!req.updateMask) throw invalidArgument('UpdateMask is not provided');
  }
  let result: temporal.api.activity.v1.IActivityOptions = {};
  for (const a of selectActivities(run, sel)) {
    const next = req.restoreOriginal
      ? originalOptions(run, a)
      : mergeActivityOptions(activityOptionsOf(a), req.activityOptions!, paths);
    result = updateActivityOptions(run, a, next);
  }
  return result;
}
