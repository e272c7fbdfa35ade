// An operator's hold on a whole run (PauseWorkflowExecution / UnpauseWorkflowExecution) and the options a run can
// have changed while it runs (UpdateWorkflowExecutionOptions: a versioning override, its priority). While paused
// the run takes signals, timers fire and its timeouts run, but no workflow task or activity task is handed to a
// worker (an in-flight one may finish).
//
// Both live in the run's state, not in history. Temporal writes WorkflowExecutionPaused / Unpaused and
// WorkflowExecutionOptionsUpdated events, which the 1.24 SDK's workers (its sdk-core) cannot process: every later
// workflow task of the run fails with "The event is not a non-stateful event", so the run could never go on.
import { temporal } from '@durable/proto';
import { failedPrecondition, invalidArgument, workflowCompleted } from '../model/errors.js';
import { storedVersioningOverride } from '../model/codecs.js';
import { timestamp } from '../model/events.js';
import { plain, validatePriority, type Priority } from '../model/priority.js';
import { TaskKind, WorkflowStatus } from '../model/rows.js';
import type { RunContext } from '../run/run-context.js';
import { dispatchAt } from '../run/activity-controls.js';
import { scheduleWorkflowTask } from '../run/workflow-tasks.js';

type Options = temporal.api.workflow.v1.IWorkflowExecutionOptions;
const MAX_LENGTH = 1000;

interface PauseRequest {
  identity?: string | null;
  reason?: string | null;
  requestId?: string | null;
}

function checkLengths(req: PauseRequest): void {
  if ((req.reason ?? '').length > MAX_LENGTH) throw invalidArgument('reason is too long.');
  if ((req.requestId ?? '').length > MAX_LENGTH) throw invalidArgument('request id is too long.');
  if ((req.identity ?? '').length > MAX_LENGTH) throw invalidArgument('identity is too long.');
}

export function pauseWorkflow(ctx: RunContext, req: PauseRequest): void {
  checkLengths(req);
  if (!ctx.isOpen) throw workflowCompleted();
  if (ctx.isPaused) {
    if (req.requestId && ctx.state.pause?.requestId === req.requestId) return;
    throw failedPrecondition('workflow is already paused.');
  }
  ctx.state.pause = { time: ctx.now, identity: req.identity ?? '', reason: req.reason ?? '', requestId: req.requestId ?? '' };
  ctx.setOpenStatus(WorkflowStatus.WORKFLOW_EXECUTION_STATUS_PAUSED);
}

/** The run goes on: its waiting workflow task and activities are dispatched again, and it gets a workflow task. */
export function unpauseWorkflow(ctx: RunContext, req: PauseRequest): void {
  checkLengths(req);
  if (!ctx.isOpen) throw workflowCompleted();
  if (!ctx.isPaused) throw failedPrecondition('workflow is not paused.');
  delete ctx.state.pause;
  ctx.setOpenStatus(WorkflowStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
  const wft = ctx.state.wft;
  if (wft && wft.startedEventId === 0) {
    // Its queue row may have been dropped as undeliverable while the run was paused.
    ctx.enqueue(wft.queue, TaskKind.workflow, wft.scheduledEventId, wft.attempt, ctx.state.priority);
  } else {
    scheduleWorkflowTask(ctx);
  }
  for (const a of Object.values(ctx.state.activities)) {
    if (a.startedTime === 0 && !a.paused) dispatchAt(ctx, a, Math.max(ctx.now, a.nextAttemptTime));
  }
}

/** The options a run has now, as UpdateWorkflowExecutionOptions answers them. */
export function workflowOptions(ctx: RunContext): Options {
  return {
    versioningOverride: storedVersioningOverride.decode(ctx.state.versioningOverride) ?? null,
    priority: ctx.state.priority ?? null,
  };
}

const camel = (path: string) => path.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function merge(current: Options, from: Options, paths: string[]): Options {
  const out: Options = { versioningOverride: current.versioningOverride, priority: { ...current.priority } };
  const fields = new Set(paths.map(camel));
  for (const f of fields) {
    if (f === 'versioningOverride') out.versioningOverride = from.versioningOverride ?? null;
    else if (f === 'versioningOverride.deployment' || f === 'versioningOverride.behavior') {
      const other = f === 'versioningOverride.deployment' ? 'versioningOverride.behavior' : 'versioningOverride.deployment';
      if (!fields.has(other)) throw invalidArgument('error applying update_options: versioning_override fields must be updated together');
      out.versioningOverride = from.versioningOverride ?? null;
    } else if (f.startsWith('versioningOverride.')) {
      throw invalidArgument("error applying update_options: versioning_override doesn't support partial updates");
    } else if (f === 'priority') out.priority = from.priority ?? null;
    else if (f === 'priority.priorityKey' || f === 'priority.fairnessKey' || f === 'priority.fairnessWeight') {
      const key = f.slice('priority.'.length) as keyof Priority;
      (out.priority as Record<string, unknown>)[key] = from.priority?.[key];
    } else {
      throw invalidArgument(`error applying update_options: unknown or unsupported field path ${JSON.stringify(f)}`);
    }
  }
  return out;
}

function validateOverride(o: temporal.api.workflow.v1.IVersioningOverride | null | undefined): void {
  if (!o) return;
  const Behavior = temporal.api.enums.v1.VersioningBehavior;
  const pinned = o.pinned ?? (o.behavior === Behavior.VERSIONING_BEHAVIOR_PINNED ? {} : undefined);
  if (pinned !== undefined) {
    const version = o.pinned?.version ?? undefined;
    const legacy = o.pinnedVersion || o.deployment?.buildId;
    if (!(version?.deploymentName && version.buildId) && !legacy) {
      throw invalidArgument('error applying update_options: a pinned versioning override must name a deployment version');
    }
    return;
  }
  if (!o.autoUpgrade && o.behavior !== Behavior.VERSIONING_BEHAVIOR_AUTO_UPGRADE) {
    throw invalidArgument('error applying update_options: a versioning override is pinned or auto-upgrade');
  }
}

/**
 * UpdateWorkflowExecutionOptions: merges the masked fields, and when anything changed writes
 * WorkflowExecutionOptionsUpdated; answers the options in force and when they changed.
 */
export function updateWorkflowOptions(
  ctx: RunContext,
  req: { workflowExecutionOptions?: Options | null; updateMask?: { paths?: string[] | null } | null; identity?: string | null },
): { workflowExecutionOptions: Options; updateTime?: ReturnType<typeof timestamp> } {
  if (!ctx.isOpen) throw workflowCompleted();
  if (!req.updateMask) throw invalidArgument('UpdateMask is required.');
  const current = workflowOptions(ctx);
  const merged = merge(current, req.workflowExecutionOptions ?? {}, req.updateMask.paths ?? []);
  validateOverride(merged.versioningOverride);
  validatePriority(merged.priority);
  const next = { versioningOverride: merged.versioningOverride ?? null, priority: plain(merged.priority) ?? null };
  const same =
    storedVersioningOverride.encode(next.versioningOverride ?? {}) === storedVersioningOverride.encode(current.versioningOverride ?? {}) &&
    JSON.stringify(next.priority) === JSON.stringify(current.priority);
  if (same) return { workflowExecutionOptions: next };
  ctx.state.priority = plain(next.priority);
  if (next.versioningOverride) ctx.state.versioningOverride = storedVersioningOverride.encode(next.versioningOverride);
  else delete ctx.state.versioningOverride;
  return { workflowExecutionOptions: next, updateTime: timestamp(ctx.now) };
}
