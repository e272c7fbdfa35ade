// One operation of a batch on one execution, through the same transitions the single-execution RPCs use.
import { randomUUID } from 'node:crypto';
import { toLong, type temporal } from '@durable/proto';
import { invalidArgument } from '../model/errors.js';
import type { BatchTarget } from '../persistence/batch-tables.js';
import type { Tx } from '../run/run-context.js';
import { pauseInfoTypes } from '../run/activity-controls.js';
import { resetActivities, unpauseActivities, updateActivitiesOptions } from '../transitions/activity-operations.js';
import { deleteRun, requestCancel, signal, terminate } from '../transitions/lifecycle.js';
import { resetPoint, resetWorkflow } from '../transitions/reset.js';
import { updateWorkflowOptions } from '../transitions/workflow-controls.js';
import {
  cancelActivityExecution,
  deleteActivityExecution,
  resolveActivityExecution,
  terminateActivityExecution,
} from '../transitions/activity-executions.js';
import { ExecutionType } from './batch-job.js';

type Request = temporal.api.workflowservice.v1.StartBatchOperationRequest;

/**
 * Applies the request's operation to one target in `tx`. Throws (a ServiceError, as the single RPC would) when it
 * cannot be applied; the batch counts that as a failure and goes on.
 */
export function applyOperation(tx: Tx, namespace: string, jobId: string, req: Request, target: BatchTarget): void {
  if (target.kind === ExecutionType.EXECUTION_TYPE_ACTIVITY) {
    applyToActivity(tx, namespace, req, target);
    return;
  }
  const run = tx.resolve(namespace, target.business_id, target.run_id || undefined);
  const reason = req.reason;
  if (req.terminationOperation) {
    terminate(run, reason, req.terminationOperation.details, req.terminationOperation.identity ?? '');
  } else if (req.cancellationOperation) {
    requestCancel(run, reason, req.cancellationOperation.identity ?? '');
  } else if (req.signalOperation) {
    const s = req.signalOperation;
    signal(run, { signalName: s.signal, input: s.input, header: s.header, identity: s.identity, requestId: `${jobId}/${run.runId}` });
  } else if (req.deletionOperation) {
    deleteRun(run);
  } else if (req.resetOperation) {
    const r = req.resetOperation;
    if (!r.options) throw invalidArgument('A batch reset needs ResetOptions (first or last workflow task, an event id or a build id).');
    resetWorkflow(tx, run, {
      reason,
      requestId: randomUUID(),
      workflowTaskFinishEventId: toLong(resetPoint(run, r.options)),
      resetReapplyType: r.options.resetReapplyType || r.resetReapplyType,
      resetReapplyExcludeTypes: r.options.resetReapplyExcludeTypes,
      postResetOperations: r.postResetOperations,
      identity: r.identity,
    });
  } else if (req.updateWorkflowOptionsOperation) {
    updateWorkflowOptions(run, req.updateWorkflowOptionsOperation);
  } else if (req.unpauseActivitiesOperation) {
    const u = req.unpauseActivitiesOperation;
    unpauseActivities(run, { type: u.type, all: u.matchAll }, u);
  } else if (req.resetActivitiesOperation) {
    const r = req.resetActivitiesOperation;
    resetActivities(run, { type: r.type, all: r.matchAll }, r);
  } else if (req.updateActivityOptionsOperation) {
    const u = req.updateActivityOptionsOperation;
    updateActivitiesOptions(run, { type: u.type, all: u.matchAll }, u);
  } else {
    throw invalidArgument('The batch operation is not supported.');
  }
}

/** The operations on standalone activities. */
function applyToActivity(tx: Tx, namespace: string, req: Request, target: BatchTarget): void {
  const ctx = resolveActivityExecution(tx, namespace, target.business_id, target.run_id || undefined);
  if (req.terminateActivitiesOperation) {
    terminateActivityExecution(ctx, { ...req.terminateActivitiesOperation, reason: req.terminateActivitiesOperation.reason || req.reason });
  } else if (req.cancelActivitiesOperation) {
    cancelActivityExecution(ctx, { ...req.cancelActivitiesOperation, reason: req.cancelActivitiesOperation.reason || req.reason });
  } else if (req.deleteActivitiesOperation) {
    deleteActivityExecution(ctx);
  } else {
    throw invalidArgument('The operation acts on workflows, not on standalone activities.');
  }
}

/**
 * Whether a workflow found by the batch's query is one the operation is for. Unpausing activities of a type acts
 * on the workflows with such an activity paused (Temporal finds them by TemporalPauseInfo).
 */
export function targetsWorkflow(tx: Tx, req: Request, runId: string): boolean {
  const type = req.unpauseActivitiesOperation?.type;
  if (!type) return true;
  const run = tx.run(runId);
  return run !== undefined && pauseInfoTypes(run).includes(type);
}
