import { randomUUID } from 'node:crypto';
import { temporal } from '@durable/proto';
import { RetryStateCode } from '@durable/common';
import { workflowRetryPolicy } from '../model/codecs.js';
import { nextCronTime, parseCron } from '../model/cron.js';
import { alreadyExists, invalidArgument, workflowCompleted } from '../model/errors.js';
import { durationMs, EventType } from '../model/events.js';
import type { DynamicConfig } from '../model/dynamic-config.js';
import { checkBlobSize, checkMemoSize } from '../run/limits.js';
import { DEFAULT_WORKFLOW_TASK_TIMEOUT_MS } from '../model/limits.js';
import { WorkflowStatus } from '../model/rows.js';
import { validatePriority } from '../model/priority.js';
import type { ParentRef } from '../model/run-state.js';
import type { RunContext, Tx } from '../run/run-context.js';
import { onCancelRequested, onSignaled } from '../run/state-events.js';
import { forceCloseInFlightTask, notifyWorkflow, SERVER_IDENTITY } from '../run/workflow-tasks.js';
import { createRun, nextRunAfterFailure } from './new-run.js';

const Enums = temporal.api.enums.v1;
const Reuse = Enums.WorkflowIdReusePolicy;
const Conflict = Enums.WorkflowIdConflictPolicy;
const MAX_ID_LENGTH = 1000;

type StartRequest = temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest;

export interface StartSignal {
  signalName: string;
  input?: temporal.api.common.v1.IPayloads | null;
  header?: temporal.api.common.v1.IHeader | null;
}

function requireId(value: string | null | undefined, what: string): string {
  if (!value) throw invalidArgument(`${what} is not set on request.`);
  if (value.length > MAX_ID_LENGTH) throw invalidArgument(`${what} exceeds length limit of ${MAX_ID_LENGTH}.`);
  return value;
}

function nonNegative(ms: number, what: string): number {
  if (ms < 0) throw invalidArgument(`Invalid ${what}: must not be negative.`);
  return ms;
}

/** Checks a start request's fields before anything is looked up (Temporal's frontend validation). */
export function validateStart(req: StartRequest, config: DynamicConfig): void {
  requireId(req.workflowId, 'WorkflowId');
  requireId(req.workflowType?.name, 'WorkflowType');
  requireId(req.taskQueue?.name, 'TaskQueue');
  nonNegative(durationMs(req.workflowExecutionTimeout), 'WorkflowExecutionTimeout');
  nonNegative(durationMs(req.workflowRunTimeout), 'WorkflowRunTimeout');
  nonNegative(durationMs(req.workflowTaskTimeout), 'WorkflowTaskTimeout');
  nonNegative(durationMs(req.workflowStartDelay), 'WorkflowStartDelay');
  if (req.requestId && req.requestId.length > MAX_ID_LENGTH) throw invalidArgument('RequestId exceeds length limit.');
  checkBlobSize(config, req.input);
  checkMemoSize(config, req.memo);
  validatePriority(req.priority);
  if (req.cronSchedule) {
    try {
      parseCron(req.cronSchedule);
    } catch (err) {
      throw invalidArgument(`Invalid CronSchedule: ${(err as Error).message}`);
    }
  }
  try {
    workflowRetryPolicy(req.retryPolicy);
  } catch (err) {
    throw invalidArgument(`Invalid WorkflowRetryPolicy: ${(err as Error).message}`);
  }
}

function alreadyStarted(ctx: RunContext): Error {
  return alreadyExists(`Workflow execution is already running. WorkflowId: ${ctx.workflowId}, RunId: ${ctx.runId}.`, {
    type: 'temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure',
    value: { startRequestId: ctx.row.start_request_id, runId: ctx.runId },
  });
}

/** StartWorkflowExecution and SignalWithStart: applies id reuse and conflict policies, then creates the run. */
export function startWorkflow(
  tx: Tx,
  req: StartRequest,
  opts: { signal?: StartSignal; defaultConflict: number; parent?: ParentRef; root?: { workflowId: string; runId: string } },
): { runId: string; started: boolean; signaled?: RunContext } {
  const namespace = req.namespace!;
  const workflowId = req.workflowId!;
  const requestId = req.requestId || randomUUID();
  const store = tx.store;
  const currentId = store.getCurrentRunId(namespace, workflowId);
  const current = currentId ? tx.run(currentId) : undefined;
  if (current) {
    if (current.row.start_request_id === requestId) return { runId: current.runId, started: true };
    if (current.isOpen) {
      let conflict = req.workflowIdConflictPolicy || opts.defaultConflict;
      if (req.workflowIdReusePolicy === Reuse.WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING) {
        conflict = Conflict.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING;
      }
      if (conflict === Conflict.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING) {
        return { runId: current.runId, started: false, signaled: current };
      }
      if (conflict === Conflict.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING) {
        terminate(current, 'terminated by a new start of the same workflow id', null, req.identity ?? '');
      } else {
        throw alreadyStarted(current);
      }
    } else {
      const reuse = req.workflowIdReusePolicy || Reuse.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE;
      const status = current.row.status;
      const failedLike = status !== WorkflowStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED;
      if (reuse === Reuse.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE) {
        throw alreadyExists(
          `Workflow execution already finished and the workflow id reuse policy is REJECT_DUPLICATE. WorkflowId: ${workflowId}, RunId: ${current.runId}.`,
          { type: 'temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure', value: { startRequestId: current.row.start_request_id, runId: current.runId } },
        );
      }
      if (reuse === Reuse.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY && !failedLike) {
        throw alreadyExists(
          `Workflow execution already finished successfully and the workflow id reuse policy only allows a new run after a failure. WorkflowId: ${workflowId}, RunId: ${current.runId}.`,
          { type: 'temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure', value: { startRequestId: current.row.start_request_id, runId: current.runId } },
        );
      }
    }
  }

  const executionTimeoutMs = durationMs(req.workflowExecutionTimeout);
  let runTimeoutMs = durationMs(req.workflowRunTimeout) || executionTimeoutMs;
  if (executionTimeoutMs > 0 && runTimeoutMs > executionTimeoutMs) runTimeoutMs = executionTimeoutMs;
  let taskTimeoutMs = durationMs(req.workflowTaskTimeout) || DEFAULT_WORKFLOW_TASK_TIMEOUT_MS;
  if (runTimeoutMs > 0 && taskTimeoutMs > runTimeoutMs) taskTimeoutMs = runTimeoutMs;
  let firstTaskDelayMs = durationMs(req.workflowStartDelay);
  // A cron workflow's first run waits for the first tick.
  if (req.cronSchedule) firstTaskDelayMs = Math.max(firstTaskDelayMs, (nextCronTime(req.cronSchedule, tx.now) ?? tx.now) - tx.now);
  const ctx = createRun(tx, {
    namespace,
    workflowId,
    workflowType: req.workflowType!.name!,
    taskQueue: req.taskQueue!.name!,
    input: req.input,
    header: req.header,
    memo: req.memo,
    searchAttributes: req.searchAttributes,
    retryPolicy: workflowRetryPolicy(req.retryPolicy),
    cronSchedule: req.cronSchedule || undefined,
    executionTimeoutMs,
    runTimeoutMs,
    taskTimeoutMs,
    firstTaskDelayMs,
    identity: req.identity,
    requestId,
    priority: req.priority,
    userMetadata: req.userMetadata,
    parent: opts.parent,
    root: opts.root,
  });
  if (opts.signal) {
    onSignaled(ctx.state);
    ctx.addEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, {
      signalName: opts.signal.signalName,
      input: opts.signal.input,
      header: opts.signal.header,
      identity: req.identity,
    });
  }
  const runId = ctx.runId;
  return { runId, started: true };
}

export function signal(
  ctx: RunContext,
  req: {
    signalName?: string | null;
    input?: temporal.api.common.v1.IPayloads | null;
    header?: temporal.api.common.v1.IHeader | null;
    identity?: string | null;
    requestId?: string | null;
    externalWorkflowExecution?: temporal.api.common.v1.IWorkflowExecution;
  },
): void {
  if (!ctx.isOpen) throw workflowCompleted();
  const s = ctx.state;
  if (req.requestId) {
    if (s.signalRequestIds.includes(req.requestId)) return;
    s.signalRequestIds.push(req.requestId);
    if (s.signalRequestIds.length > 100) s.signalRequestIds.shift();
  }
  checkSignalCount(ctx);
  onSignaled(s);
  notifyWorkflow(ctx, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, {
    signalName: req.signalName,
    input: req.input,
    header: req.header,
    identity: req.identity,
    externalWorkflowExecution: req.externalWorkflowExecution,
  });
}

/** Temporal's error once a run has taken `history.maximumSignalsPerExecution` signals. */
export const SIGNALS_LIMIT_EXCEEDED = 'exceeded workflow execution limit for signal events';

function checkSignalCount(ctx: RunContext): void {
  const limit = ctx.host.config.int('history.maximumSignalsPerExecution');
  if (limit > 0 && (ctx.state.signalCount ?? 0) >= limit) throw invalidArgument(SIGNALS_LIMIT_EXCEEDED);
}

export function requestCancel(
  ctx: RunContext,
  reason: string,
  identity: string,
  external?: { externalInitiatedEventId: number; externalWorkflowExecution: temporal.api.common.v1.IWorkflowExecution },
): void {
  if (!ctx.isOpen) throw workflowCompleted();
  if (ctx.state.cancelRequested) return;
  onCancelRequested(ctx.state);
  notifyWorkflow(ctx, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED, { cause: reason, identity, ...external });
}

export function terminate(
  ctx: RunContext,
  reason: string,
  details: temporal.api.common.v1.IPayloads | null | undefined,
  identity: string,
): void {
  if (!ctx.isOpen) throw workflowCompleted();
  forceCloseInFlightTask(ctx, identity);
  ctx.addEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED, { reason, details, identity });
  ctx.close(WorkflowStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED, { final: true });
}

/**
 * DeleteWorkflowExecution: an open run is terminated first (so its parent and children hear of it as of any
 * termination), then the run and everything stored for it are removed.
 */
export function deleteRun(ctx: RunContext): void {
  if (ctx.isOpen) terminate(ctx, 'Delete workflow execution', null, SERVER_IDENTITY);
  ctx.tx.remove(ctx);
}

export function timeOutRun(ctx: RunContext): void {
  forceCloseInFlightTask(ctx);
  const failure = { message: 'Workflow timed out', timeoutFailureInfo: { timeoutType: Enums.TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE } };
  // Past the chain's execution deadline nothing retries and the retry state is TIMEOUT, as in Temporal; before it,
  // a run timeout is a failure the retry policy or cron schedule may follow.
  const expiresAt = ctx.state.expirationTime ?? 0;
  const expired = expiresAt > 0 && expiresAt <= ctx.now;
  const { next, retryState } = expired ? { next: undefined, retryState: RetryStateCode.TIMEOUT } : nextRunAfterFailure(ctx, failure, true);
  ctx.addEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT, { retryState, newExecutionRunId: next?.runId });
  ctx.close(WorkflowStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT, { retryState, final: !next });
}
