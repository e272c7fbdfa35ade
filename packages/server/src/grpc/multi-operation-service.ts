// ExecuteMultiOperation: update-with-start. The start (with its id conflict policy) and the update's admission happen
// in one transaction, so a new run's first workflow task carries the update; then the caller waits for the update's
// stage as UpdateWorkflowExecution does. Errors come as Temporal gives them: one status per operation, the one that
// failed with its own and the other aborted, under the failed one's code.
import { temporal } from '@durable/proto';
import { Code, invalidArgument, ServiceError } from '../model/errors.js';
import { WorkflowStatus } from '../model/rows.js';
import { admitUpdate, updateStatus } from '../run/updates.js';
import type { Engine } from '../runtime/engine.js';
import { startWorkflow, validateStart } from '../transitions/lifecycle.js';
import type { Handler } from './bind.js';
import { errorStatus } from './call.js';
import { updateAnswer, validateUpdate, waitForUpdate } from './update-service.js';

type V1 = typeof temporal.api.workflowservice.v1;
type Req<K extends keyof V1> = V1[K] extends { prototype: infer I } ? I : never;
const Conflict = temporal.api.enums.v1.WorkflowIdConflictPolicy;

/** The status of an operation that was not carried out because the other one failed. */
const aborted = () =>
  new ServiceError(Code.ABORTED, 'Operation was aborted.', { type: 'temporal.api.failure.v1.MultiOperationExecutionAborted', value: {} });

/** Temporal's MultiOperationExecution error: the first real failure's code, each operation's status in the details. */
function multiOperationError(errors: [ServiceError | null, ServiceError | null]): ServiceError {
  const statuses = errors.map((e) => (e ? errorStatus(e) : { code: Code.OK, message: '', details: [] }));
  const failed = errors.find((e) => e && e.code !== Code.ABORTED) ?? aborted();
  return new ServiceError(failed.code, 'Update-with-Start could not be executed.', {
    type: 'temporal.api.errordetails.v1.MultiOperationExecutionFailure',
    value: { statuses },
  });
}

const asServiceError = (err: unknown): ServiceError => {
  if (err instanceof ServiceError) return err;
  throw err;
};

export function multiOperationHandlers(engine: Engine): Record<string, Handler> {
  const namespaces = engine.namespaces;
  return {
    async ExecuteMultiOperation(req: Req<'ExecuteMultiOperationRequest'>, ctx) {
      const ns = namespaces.get(req.namespace).name;
      if (!engine.config.bool('frontend.enableExecuteMultiOperation')) {
        throw new ServiceError(Code.PERMISSION_DENIED, 'ExecuteMultiOperation API is disabled on this namespace.');
      }
      const ops = req.operations ?? [];
      const start = ops[0]?.startWorkflow;
      const update = ops[1]?.updateWorkflow;
      if (ops.length !== 2 || !start || !update) throw invalidArgument('Operations have to be exactly [Start, Update].');

      // The frontend's checks of each operation: all are reported together.
      const errors: [ServiceError | null, ServiceError | null] = [null, null];
      const check = (i: 0 | 1, fn: () => void) => {
        try {
          fn();
        } catch (err) {
          errors[i] = asServiceError(err);
        }
      };
      let checkedUpdate: ReturnType<typeof validateUpdate> | undefined;
      check(0, () => {
        if (start.namespace && start.namespace !== ns) throw invalidArgument("Operation namespace did not match request's namespace.");
        validateStart(start, engine.config);
        if (start.cronSchedule) throw invalidArgument('CronSchedule is not allowed.');
        if (start.requestEagerExecution) throw invalidArgument('RequestEagerExecution is not supported.');
        if (start.workflowStartDelay && (Number(start.workflowStartDelay.seconds ?? 0) > 0 || (start.workflowStartDelay.nanos ?? 0) > 0)) {
          throw invalidArgument('WorkflowStartDelay is not supported.');
        }
      });
      check(1, () => {
        if (update.namespace && update.namespace !== ns) throw invalidArgument("Operation namespace did not match request's namespace.");
        checkedUpdate = validateUpdate(update);
        if (update.firstExecutionRunId) throw invalidArgument('FirstExecutionRunId is not allowed.');
        if (update.workflowExecution?.runId) throw invalidArgument('RunId is not allowed.');
      });
      if (!errors[0] && !errors[1] && start.workflowId !== update.workflowExecution?.workflowId) {
        errors[1] = invalidArgument('WorkflowId is not consistent with previous operation(s).');
      }
      if (errors[0] || errors[1]) throw multiOperationError([errors[0] ?? aborted(), errors[1] ?? aborted()]);
      const { workflowId, updateId, wanted } = checkedUpdate!;

      let started: { runId: string; started: boolean };
      try {
        started = engine.transact((tx) => {
          const current = tx.resolveOptional(ns, workflowId);
          // The same update again, or a running workflow this start may use: the update goes to it.
          if (current && (updateStatus(current, updateId) || (current.isOpen && (current.row.start_request_id === start.requestId || start.workflowIdConflictPolicy === Conflict.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)))) {
            admitUpdate(current, update.request!);
            return { runId: current.runId, started: false };
          }
          let r;
          try {
            r = startWorkflow(tx, { ...start, namespace: ns }, { defaultConflict: Conflict.WORKFLOW_ID_CONFLICT_POLICY_FAIL });
          } catch (err) {
            throw multiOperationError([asServiceError(err), aborted()]);
          }
          admitUpdate(tx.resolve(ns, workflowId, r.runId), update.request!);
          return { runId: r.runId, started: r.started };
        });
      } catch (err) {
        const e = asServiceError(err);
        if (e.detail?.type === 'temporal.api.errordetails.v1.MultiOperationExecutionFailure') throw e;
        throw multiOperationError([aborted(), e]);
      }
      let waited;
      try {
        waited = await waitForUpdate(engine, ns, workflowId, started.runId, updateId, wanted, ctx, { request: update.request!, runIdGiven: false });
      } catch (err) {
        throw multiOperationError([null, asServiceError(err)]);
      }
      return {
        responses: [
          { startWorkflow: { runId: started.runId, started: started.started, status: WorkflowStatus.WORKFLOW_EXECUTION_STATUS_RUNNING } },
          { updateWorkflow: updateAnswer(workflowId, waited.runId, updateId, waited.status) },
        ],
      };
    },
  };
}
