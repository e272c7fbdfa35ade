// A batch operation as it is stored: the request, which executions it resolved to, how far it got and how each
// operation went. StartBatchOperation's checks and the type and identity a request stands for live here too.
import { temporal } from '@durable/proto';
import { invalidArgument } from '../model/errors.js';

type StartRequest = temporal.api.workflowservice.v1.IStartBatchOperationRequest;
export const BatchType = temporal.api.enums.v1.BatchOperationType;
export const BatchState = temporal.api.enums.v1.BatchOperationState;
export const ExecutionType = temporal.api.enums.v1.ExecutionType;
const StartRequestType = temporal.api.workflowservice.v1.StartBatchOperationRequest;

export interface BatchJob {
  namespace: string;
  jobId: string;
  /** temporal.api.enums.v1.BatchOperationType */
  type: number;
  /** base64 of the StartBatchOperationRequest */
  request: string;
  /** temporal.api.enums.v1.BatchOperationState */
  state: number;
  startTime: number;
  closeTime?: number;
  total: number;
  completed: number;
  failed: number;
  /** the seq of the next target to work on */
  next: number;
  identity: string;
  reason: string;
  query: string;
  /** operations per second */
  rps: number;
  /** the generation of its armed timer: older ones are stale */
  wakeGen: number;
}

export const encodeRequest = (req: StartRequest): string => Buffer.from(StartRequestType.encode(req).finish()).toString('base64');
export const decodeRequest = (text: string): temporal.api.workflowservice.v1.StartBatchOperationRequest =>
  StartRequestType.decode(Buffer.from(text, 'base64'));

/** The operation a request asks for: its type (the names Temporal reports now), its identity, and what it acts on. */
export function operationOf(req: StartRequest): { type: number; identity: string; targets: 'workflow' | 'activity' } {
  if (req.terminationOperation) return { type: BatchType.BATCH_OPERATION_TYPE_TERMINATE_WORKFLOW, identity: req.terminationOperation.identity ?? '', targets: 'workflow' };
  if (req.signalOperation) return { type: BatchType.BATCH_OPERATION_TYPE_SIGNAL_WORKFLOW, identity: req.signalOperation.identity ?? '', targets: 'workflow' };
  if (req.cancellationOperation) return { type: BatchType.BATCH_OPERATION_TYPE_CANCEL_WORKFLOW, identity: req.cancellationOperation.identity ?? '', targets: 'workflow' };
  if (req.deletionOperation) return { type: BatchType.BATCH_OPERATION_TYPE_DELETE_WORKFLOW, identity: req.deletionOperation.identity ?? '', targets: 'workflow' };
  if (req.resetOperation) return { type: BatchType.BATCH_OPERATION_TYPE_RESET_WORKFLOW, identity: req.resetOperation.identity ?? '', targets: 'workflow' };
  if (req.updateWorkflowOptionsOperation) {
    return { type: BatchType.BATCH_OPERATION_TYPE_UPDATE_WORKFLOW_EXECUTION_OPTIONS, identity: req.updateWorkflowOptionsOperation.identity ?? '', targets: 'workflow' };
  }
  if (req.unpauseActivitiesOperation) return { type: BatchType.BATCH_OPERATION_TYPE_UNPAUSE_ACTIVITY, identity: req.unpauseActivitiesOperation.identity ?? '', targets: 'workflow' };
  if (req.resetActivitiesOperation) return { type: BatchType.BATCH_OPERATION_TYPE_RESET_ACTIVITY, identity: req.resetActivitiesOperation.identity ?? '', targets: 'workflow' };
  if (req.updateActivityOptionsOperation) {
    return { type: BatchType.BATCH_OPERATION_TYPE_UPDATE_ACTIVITY_OPTIONS, identity: req.updateActivityOptionsOperation.identity ?? '', targets: 'workflow' };
  }
  if (req.terminateActivitiesOperation) return { type: BatchType.BATCH_OPERATION_TYPE_TERMINATE_ACTIVITY, identity: req.terminateActivitiesOperation.identity ?? '', targets: 'activity' };
  if (req.cancelActivitiesOperation) return { type: BatchType.BATCH_OPERATION_TYPE_CANCEL_ACTIVITY, identity: req.cancelActivitiesOperation.identity ?? '', targets: 'activity' };
  if (req.deleteActivitiesOperation) return { type: BatchType.BATCH_OPERATION_TYPE_DELETE_ACTIVITY, identity: '', targets: 'activity' };
  throw invalidArgument('must provide required parameters: BatchType,Reason,Namespace, AND one of (Query OR Executions OR TargetExecutions)');
}

/** Temporal's checks of a StartBatchOperation request (service/worker/batcher ValidateBatchOperation). */
export function validateBatchRequest(req: StartRequest): void {
  const selectors = [req.visibilityQuery ? 1 : 0, req.executions?.length ? 1 : 0, req.targetExecutions?.length ? 1 : 0].reduce((a, b) => a + b, 0);
  const hasOperation = Object.keys(req).some((k) => k.endsWith('Operation') && (req as Record<string, unknown>)[k]);
  if (!hasOperation || !req.reason || !req.namespace || selectors === 0) {
    throw invalidArgument('must provide required parameters: BatchType,Reason,Namespace, AND one of (Query OR Executions OR TargetExecutions)');
  }
  if (!req.jobId) throw invalidArgument('JobId is not set on request.');
  if (selectors > 1) throw invalidArgument('visibility query, executions, and target executions are mutually exclusive');
  const op = operationOf(req);
  const expected = op.targets === 'activity' ? ExecutionType.EXECUTION_TYPE_ACTIVITY : ExecutionType.EXECUTION_TYPE_WORKFLOW;
  (req.targetExecutions ?? []).forEach((t, i) => {
    if ((t.type ?? 0) !== expected) {
      throw invalidArgument(
        `target_executions[${i}] has type ${ExecutionType[t.type ?? 0]}, but the operation requires ${ExecutionType[expected]}`,
      );
    }
  });
  if ((req.maxOperationsPerSecond ?? 0) < 0) throw invalidArgument('MaxOperationsPerSecond must not be negative.');
}
