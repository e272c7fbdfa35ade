// Standalone activities (StartActivityExecution and the RPCs on one): start with id reuse and conflict policies,
// cancel, terminate, delete, the operator controls, and what describe and list show of one. See
// run/standalone-activity.ts for how one is kept.
import { randomUUID } from 'node:crypto';
import { temporal, toLong, type google } from '@durable/proto';
import { ActivityTimeoutError, normalizeActivityTimeouts, RetryPolicyError } from '@durable/common';
import { decodeSearchAttributes, executionInfo, withRegisteredTypes } from '../infra/visibility/visibility.js';
import { retryPolicyFromProto, retryPolicyToProto, storedFailure, storedPayloads } from '../model/codecs.js';
import type { DynamicConfig } from '../model/dynamic-config.js';
import { alreadyExists, failedPrecondition, invalidArgument, notFound } from '../model/errors.js';
import { decodeEvent, duration, durationMs, EventType, timestamp } from '../model/events.js';
import { plain, validatePriority } from '../model/priority.js';
import { Entity, TimerKind, WorkflowStatus, type ExecutionRow, type VisibilityRow } from '../model/rows.js';
import { newRunState, type ActivityState } from '../model/run-state.js';
import { activityOptionsOf, activityPriority, pendingActivityInfo, requestCancelActivity } from '../run/activities.js';
import {
  dispatchAt,
  mergeActivityOptions,
  originalOptions,
  pauseActivity,
  resetActivity,
  unpauseActivity,
  updateActivityOptions,
} from '../run/activity-controls.js';
import { checkBlobSize } from '../run/limits.js';
import type { RunContext, Tx } from '../run/run-context.js';
import { activityStatusOf, closeStandalone, standaloneOutcome, terminateStandalone } from '../run/standalone-activity.js';
import { onActivityScheduled } from '../run/state-events.js';

type StartRequest = temporal.api.workflowservice.v1.IStartActivityExecutionRequest;
const Enums = temporal.api.enums.v1;
const Reuse = Enums.ActivityIdReusePolicy;
const Conflict = Enums.ActivityIdConflictPolicy;
const SearchAttributesType = temporal.api.common.v1.SearchAttributes;
/** The scheduled event of a standalone activity: its first event. */
const SCHEDULED_EVENT_ID = 1;
const MAX_ID_LENGTH = 1000;

/** Standalone activity ids live beside workflow ids in the current-run table, under a prefix of their own. */
const currentKey = (activityId: string) => `\u0000activity\u0000${activityId}`;

const payloadSize = (p: temporal.api.common.v1.IPayload | null | undefined) => (p ? temporal.api.common.v1.Payload.encode(p).finish().length : 0);

/** A standalone activity's summary and details are bounded, as Temporal bounds them (workflows' are not). */
function checkUserMetadata(config: DynamicConfig, metadata: temporal.api.sdk.v1.IUserMetadata | null | undefined) {
  const summary = payloadSize(metadata?.summary);
  const summaryLimit = config.int('limit.userMetadataSummarySize');
  if (summary > summaryLimit) throw invalidArgument(`user_metadata.summary exceeds size limit. Length=${summary} Limit=${summaryLimit}`);
  const details = payloadSize(metadata?.details);
  const detailsLimit = config.int('limit.userMetadataDetailsSize');
  if (details > detailsLimit) throw invalidArgument(`user_metadata.details exceeds size limit. Length=${details} Limit=${detailsLimit}`);
}

function validate(req: StartRequest, config: DynamicConfig) {
  if (!req.activityId) throw invalidArgument('activityId is not set');
  if (!req.activityType?.name) throw invalidArgument('activityType is not set');
  if (req.activityId.length > MAX_ID_LENGTH) throw invalidArgument(`activityId exceeds length limit. Length=${req.activityId.length} Limit=${MAX_ID_LENGTH}`);
  if (!req.taskQueue?.name) throw invalidArgument('TaskQueue is not set on request.');
  if (durationMs(req.startDelay) < 0) throw invalidArgument('invalid StartDelay: negative duration');
  try {
    validatePriority(req.priority);
  } catch (err) {
    throw invalidArgument(`invalid priorities: ${(err as Error).message}`);
  }
  checkBlobSize(config, req.input);
  checkUserMetadata(config, req.userMetadata);
  let retryPolicy;
  try {
    retryPolicy = retryPolicyFromProto(req.retryPolicy);
  } catch (err) {
    if (err instanceof RetryPolicyError) throw invalidArgument(`Invalid RetryPolicy: ${err.message}`);
    throw err;
  }
  try {
    const timeouts = normalizeActivityTimeouts(
      {
        scheduleToCloseMs: durationMs(req.scheduleToCloseTimeout),
        scheduleToStartMs: durationMs(req.scheduleToStartTimeout),
        startToCloseMs: durationMs(req.startToCloseTimeout),
        heartbeatMs: durationMs(req.heartbeatTimeout),
      },
      0,
    );
    return { retryPolicy, timeouts };
  } catch (err) {
    if (err instanceof ActivityTimeoutError) {
      throw invalidArgument(
        `a valid StartToCloseTimeout or ScheduleToCloseTimeout must be set on the activity. ActivityId=${req.activityId} ActivityType=${req.activityType.name}`,
      );
    }
    throw err;
  }
}

function alreadyStarted(ctx: RunContext) {
  return alreadyExists('activity execution already started', {
    type: 'temporal.api.errordetails.v1.ActivityExecutionAlreadyStartedFailure',
    value: { startRequestId: ctx.row.start_request_id, runId: ctx.runId },
  });
}

/** StartActivityExecution: the id's policies, then a new execution whose one activity is scheduled. */
export function startActivityExecution(tx: Tx, req: StartRequest, config: DynamicConfig): { runId: string; started: boolean } {
  const { retryPolicy, timeouts } = validate(req, config);
  const namespace = req.namespace!;
  const activityId = req.activityId!;
  const requestId = req.requestId || randomUUID();
  const currentId = tx.store.getCurrentRunId(namespace, currentKey(activityId));
  const current = currentId ? tx.run(currentId) : undefined;
  if (current) {
    if (current.row.start_request_id === requestId) return { runId: current.runId, started: true };
    if (current.isOpen) {
      if (req.idConflictPolicy === Conflict.ACTIVITY_ID_CONFLICT_POLICY_USE_EXISTING) return { runId: current.runId, started: false };
      throw alreadyStarted(current);
    }
    const reuse = req.idReusePolicy || Reuse.ACTIVITY_ID_REUSE_POLICY_ALLOW_DUPLICATE;
    const succeeded = current.row.status === WorkflowStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED;
    if (reuse === Reuse.ACTIVITY_ID_REUSE_POLICY_REJECT_DUPLICATE) throw alreadyStarted(current);
    if (reuse === Reuse.ACTIVITY_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY && succeeded) throw alreadyStarted(current);
  }
  const delayMs = durationMs(req.startDelay);
  const saValues = decodeSearchAttributes(tx.namespaces, namespace, req.searchAttributes);
  const searchAttributes = withRegisteredTypes(tx.namespaces, namespace, req.searchAttributes);
  const row: ExecutionRow = {
    namespace,
    workflow_id: activityId,
    run_id: randomUUID(),
    workflow_type: req.activityType!.name!,
    task_queue: req.taskQueue!.name!,
    status: WorkflowStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
    start_time: tx.now,
    execution_time: tx.now + delayMs,
    close_time: null,
    history_length: 0,
    history_size: 0,
    start_request_id: requestId,
    first_run_id: '',
    sticky_queue: null,
    memo: null,
    search_attributes: searchAttributes ? Buffer.from(SearchAttributesType.encode(searchAttributes).finish()) : null,
    sa_values: JSON.stringify(saValues),
    state: '',
    entity: Entity.activity,
  };
  row.first_run_id = row.run_id;
  const state = newRunState({ workflowTaskTimeoutMs: 0, runTimeoutMs: 0, executionTimeoutMs: 0 });
  state.standalone = { heartbeatCount: 0, startDelayMs: delayMs };
  const ctx = tx.create(row, state);
  const scheduled = {
    activityId,
    activityType: req.activityType,
    taskQueue: { name: row.task_queue, kind: Enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    header: req.header,
    input: req.input,
    scheduleToCloseTimeout: duration(timeouts.scheduleToCloseMs),
    scheduleToStartTimeout: duration(timeouts.scheduleToStartMs),
    startToCloseTimeout: duration(timeouts.startToCloseMs),
    heartbeatTimeout: duration(timeouts.heartbeatMs),
    retryPolicy: retryPolicyToProto(retryPolicy),
    priority: req.priority,
  };
  ctx.addEvent(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, scheduled, tx.now, req.userMetadata);
  const a = onActivityScheduled(state, SCHEDULED_EVENT_ID, scheduled, tx.now);
  // Its deadlines count from when it may first run.
  a.firstScheduledTime = a.currentScheduledTime = tx.now + delayMs;
  // The first attempt waits out the start delay like a retry waits out its backoff.
  dispatchAt(ctx, a, tx.now + delayMs);
  if (a.scheduleToCloseMs > 0) ctx.addTimer(tx.now + delayMs + a.scheduleToCloseMs, TimerKind.activityScheduleToClose, SCHEDULED_EVENT_ID, 0);
  tx.store.setCurrentRunId(namespace, currentKey(activityId), row.run_id);
  return { runId: row.run_id, started: true };
}

/** The standalone activity an id (and run id) names, or NOT_FOUND. */
export function resolveActivityExecution(tx: Tx, namespace: string, activityId: string | null | undefined, runId?: string | null): RunContext {
  if (!activityId) throw invalidArgument('activityId is not set');
  const id = runId || tx.store.getCurrentRunId(namespace, currentKey(activityId));
  const ctx = id ? tx.run(id) : undefined;
  if (!ctx || !ctx.isStandaloneActivity || ctx.namespace !== namespace || ctx.workflowId !== activityId) {
    throw notFound(`activity execution not found: ActivityId ${activityId}${runId ? `, RunId ${runId}` : ''}`);
  }
  return ctx;
}

/** The execution's one activity while it is open; FAILED_PRECONDITION once it has closed. */
function openActivity(ctx: RunContext): ActivityState {
  const a = ctx.state.activities[SCHEDULED_EVENT_ID];
  if (!ctx.isOpen || !a) throw failedPrecondition(`activity is in terminal state ${Enums.ActivityExecutionStatus[activityStatusOf(ctx.row.status)]}`);
  return a;
}

export function cancelActivityExecution(ctx: RunContext, req: { identity?: string | null; requestId?: string | null; reason?: string | null }): void {
  const s = ctx.state.standalone!;
  if (req.requestId && s.cancelRequestId === req.requestId) return;
  const a = openActivity(ctx);
  if (a.cancelRequested) throw failedPrecondition(`cancellation already requested with request ID ${s.cancelRequestId ?? ''}`);
  s.cancelRequestId = req.requestId ?? '';
  s.cancelReason = req.reason ?? '';
  s.cancelIdentity = req.identity ?? '';
  // Not on a worker: canceled at once; on one: the attempt learns it from its next heartbeat.
  if (requestCancelActivity(ctx, a, 0)) {
    const details = { payloads: [{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(req.reason ?? '')) }] };
    closeStandalone(ctx, a, EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED, { details });
  }
}

export function terminateActivityExecution(ctx: RunContext, req: { identity?: string | null; requestId?: string | null; reason?: string | null }): void {
  const s = ctx.state.standalone!;
  if (ctx.row.status === WorkflowStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED) {
    if (s.terminateRequestId === (req.requestId ?? '')) return;
    throw failedPrecondition(`already terminated with request ID ${s.terminateRequestId ?? ''}`);
  }
  const a = openActivity(ctx);
  s.terminateRequestId = req.requestId ?? '';
  terminateStandalone(ctx, a, req.reason ?? '', req.identity ?? '');
}

/** DeleteActivityExecution: an open one is terminated first, then it is removed with all it stored. */
export function deleteActivityExecution(ctx: RunContext): void {
  if (ctx.isOpen) terminateActivityExecution(ctx, { reason: 'Delete activity execution', identity: 'history-service' });
  ctx.tx.remove(ctx);
}

/** A paused standalone activity shows as PAUSED in describe, list filters and counts. */
export function pauseActivityExecution(ctx: RunContext, req: { identity?: string | null; reason?: string | null; requestId?: string | null }): void {
  const a = openActivity(ctx);
  pauseActivity(ctx, a, { identity: req.identity ?? '', reason: req.reason ?? '', requestId: req.requestId ?? '' });
  ctx.setOpenStatus(WorkflowStatus.WORKFLOW_EXECUTION_STATUS_PAUSED);
}

export function unpauseActivityExecution(ctx: RunContext, req: { jitter?: google.protobuf.IDuration | null }): void {
  const a = openActivity(ctx);
  if (!a.paused) throw failedPrecondition('activity is in non-unpausable state: it is not paused');
  ctx.setOpenStatus(WorkflowStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
  unpauseActivity(ctx, a, { resetAttempts: false, resetHeartbeat: false, jitterMs: durationMs(req.jitter) });
}

export function resetActivityExecution(
  ctx: RunContext,
  req: { keepPaused?: boolean | null; jitter?: google.protobuf.IDuration | null; restoreOriginalOptions?: boolean | null; resetHeartbeat?: boolean | null },
): void {
  const a = openActivity(ctx);
  if (a.cancelRequested) throw failedPrecondition('cannot reset an activity with a pending cancellation');
  if (a.paused && !req.keepPaused) ctx.setOpenStatus(WorkflowStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
  resetActivity(ctx, a, {
    resetHeartbeat: req.resetHeartbeat ?? false,
    keepPaused: req.keepPaused ?? false,
    jitterMs: durationMs(req.jitter),
    restoreOriginalOptions: req.restoreOriginalOptions ?? false,
  });
}

export function updateActivityExecutionOptions(
  ctx: RunContext,
  req: { activityOptions?: temporal.api.activity.v1.IActivityOptions | null; updateMask?: { paths?: string[] | null } | null; restoreOriginal?: boolean | null },
): temporal.api.activity.v1.IActivityOptions {
  const a = openActivity(ctx);
  const s = ctx.state.standalone!;
  let options: temporal.api.activity.v1.IActivityOptions;
  let delayMs: number | undefined;
  if (req.restoreOriginal) {
    options = originalOptions(ctx, a);
    delayMs = s.originalStartDelayMs;
  } else {
    if (!req.activityOptions) throw invalidArgument('ActivityOptions are not provided');
    if (!req.updateMask) throw invalidArgument('UpdateMask is not provided');
    const paths = req.updateMask.paths ?? [];
    options = mergeActivityOptions(activityOptionsOf(a), req.activityOptions, paths);
    if (paths.some((p) => p === 'start_delay' || p === 'startDelay')) {
      delayMs = durationMs(req.activityOptions.startDelay);
      if (delayMs < 0) throw invalidArgument('invalid StartDelay: negative duration');
    }
  }
  if (delayMs !== undefined && delayMs !== s.startDelayMs) moveStartDelay(ctx, a, delayMs);
  return { ...updateActivityOptions(ctx, a, options), startDelay: s.startDelayMs ? duration(s.startDelayMs) : null };
}

/**
 * A new start delay counts from when the activity was started: its first attempt, if still waiting for the old
 * delay, is dispatched when the new one ends instead (at once if that is past); one already dispatched stays so.
 */
function moveStartDelay(ctx: RunContext, a: ActivityState, delayMs: number): void {
  const s = ctx.state.standalone!;
  s.originalStartDelayMs ??= s.startDelayMs;
  s.startDelayMs = delayMs;
  ctx.row.execution_time = ctx.row.start_time + delayMs;
  ctx.rowChanged = true;
  ctx.statusChanged = true;
  if (a.attempt === 1 && a.startedTime === 0 && a.nextAttemptTime > 0) a.nextAttemptTime = ctx.row.execution_time;
}

/** DescribeActivityExecution's info: from the activity while it is open, from what it was when it closed. */
export function activityExecutionInfo(ctx: RunContext, opts: { heartbeatDetails: boolean; lastFailure: boolean }): temporal.api.activity.v1.IActivityExecutionInfo {
  const s = ctx.state.standalone!;
  const a = ctx.state.activities[SCHEDULED_EVENT_ID] ?? s.last!;
  const pending = pendingActivityInfo(a);
  const scheduled = decodeEvent(ctx.host.store.readEvent(ctx.runId, SCHEDULED_EVENT_ID)!);
  const listed = executionInfo(ctx.row);
  return {
    activityId: ctx.workflowId,
    runId: ctx.runId,
    activityType: { name: ctx.row.workflow_type },
    status: activityStatusOf(ctx.row.status),
    runState: ctx.isOpen ? pending.state : Enums.PendingActivityState.PENDING_ACTIVITY_STATE_UNSPECIFIED,
    taskQueue: a.taskQueue,
    scheduleToCloseTimeout: duration(a.scheduleToCloseMs),
    scheduleToStartTimeout: duration(a.scheduleToStartMs),
    startToCloseTimeout: duration(a.startToCloseMs),
    heartbeatTimeout: duration(a.heartbeatMs),
    retryPolicy: retryPolicyToProto(a.retryPolicy),
    heartbeatDetails: opts.heartbeatDetails ? storedPayloads.decode(a.heartbeatDetails) : null,
    lastHeartbeatTime: pending.lastHeartbeatTime,
    lastStartedTime: pending.lastStartedTime,
    attempt: a.attempt,
    executionDuration: listed.executionDuration,
    scheduleTime: timestamp(ctx.row.start_time),
    expirationTime: a.scheduleToCloseMs ? timestamp(ctx.row.execution_time + a.scheduleToCloseMs) : null,
    closeTime: listed.closeTime,
    lastFailure: opts.lastFailure ? storedFailure.decode(a.lastFailure) : null,
    lastWorkerIdentity: a.startedIdentity,
    currentRetryInterval: pending.currentRetryInterval,
    lastAttemptCompleteTime: pending.lastAttemptCompleteTime,
    nextAttemptScheduleTime: pending.nextAttemptScheduleTime,
    priority: plain(activityPriority(ctx, a)) ?? null,
    searchAttributes: listed.searchAttributes,
    header: scheduled.activityTaskScheduledEventAttributes?.header,
    userMetadata: scheduled.userMetadata,
    canceledReason: s.cancelReason || undefined,
    totalHeartbeatCount: toLong(s.heartbeatCount),
    startDelay: s.startDelayMs ? duration(s.startDelayMs) : null,
    executionTime: timestamp(ctx.row.execution_time),
    stateTransitionCount: toLong(ctx.row.history_length),
  };
}

export function activityExecutionInput(ctx: RunContext): temporal.api.common.v1.IPayloads | null | undefined {
  return decodeEvent(ctx.host.store.readEvent(ctx.runId, SCHEDULED_EVENT_ID)!).activityTaskScheduledEventAttributes?.input;
}

export { standaloneOutcome };

/** A row of ListActivityExecutions. */
export function activityListInfo(row: VisibilityRow): temporal.api.activity.v1.IActivityExecutionListInfo {
  const listed = executionInfo(row);
  return {
    activityId: row.workflow_id,
    runId: row.run_id,
    activityType: { name: row.workflow_type },
    scheduleTime: timestamp(row.start_time),
    closeTime: listed.closeTime,
    status: activityStatusOf(row.status),
    searchAttributes: listed.searchAttributes,
    taskQueue: row.task_queue,
    stateTransitionCount: toLong(row.history_length),
    executionDuration: listed.executionDuration,
    executionTime: timestamp(row.execution_time),
  };
}
