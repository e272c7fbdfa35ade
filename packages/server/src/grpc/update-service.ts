// UpdateWorkflowExecution and PollWorkflowExecutionUpdate: admit an update, get it to the workflow, and wait for
// the lifecycle stage the caller asked for (or answer with the stage reached when the long poll ends). The same
// steps serve update-with-start (multi-operation-service.ts).
import { temporal } from '@durable/proto';
import { invalidArgument, notFound, workflowCompleted } from '../model/errors.js';
import { WorkflowStatus } from '../model/rows.js';
import type { Engine } from '../runtime/engine.js';
import { admitUpdate, updateStatus, type UpdateStatus } from '../run/updates.js';
import type { CallContext, Handler } from './bind.js';

type V1 = typeof temporal.api.workflowservice.v1;
type Req<K extends keyof V1> = V1[K] extends { prototype: infer I } ? I : never;
type UpdateRequest = temporal.api.workflowservice.v1.IUpdateWorkflowExecutionRequest;
const Stage = temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
// A caller without a deadline is answered with the stage reached after this long, and asks again.
const UPDATE_WAIT_MS = 20_000;

/** Frontend checks of an update request; returns its workflow id, update id and the stage to wait for. */
export function validateUpdate(req: UpdateRequest): { workflowId: string; updateId: string; wanted: number } {
  const workflowId = req.workflowExecution?.workflowId;
  if (!workflowId) throw invalidArgument('WorkflowId is not set on request.');
  const updateId = req.request?.meta?.updateId;
  if (!updateId) throw invalidArgument('Update id is not set on request.');
  if (!req.request?.input?.name) throw invalidArgument('Update name is not set on request.');
  const wanted = req.waitPolicy?.lifecycleStage || Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED;
  if (wanted === Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED) {
    throw invalidArgument('Waiting for the ADMITTED stage is not supported: ask for ACCEPTED or COMPLETED.');
  }
  return { workflowId, updateId, wanted };
}

export function updateAnswer(workflowId: string, runId: string, updateId: string, st: UpdateStatus) {
  return { updateRef: { workflowExecution: { workflowId, runId }, updateId }, outcome: st.outcome, stage: st.stage };
}

/** The update a caller admitted, so that a run closing before the workflow accepts it can be answered for. */
export interface AdmittedUpdate {
  request: temporal.api.update.v1.IRequest;
  /** The caller named the run; otherwise it meant whichever run is current. */
  runIdGiven: boolean;
}

/**
 * Waits until `updateId` reaches `wanted`, the deadline passes or the run closes without it. An update the caller
 * admitted that the run never accepted is answered as Temporal answers it: after continue-as-new it moves to the new
 * run (unless the caller named the old one); after any other close it was aborted.
 */
export async function waitForUpdate(
  engine: Engine,
  ns: string,
  workflowId: string,
  firstRunId: string,
  updateId: string,
  wanted: number,
  ctx: CallContext,
  admitted?: AdmittedUpdate,
): Promise<{ runId: string; status: UpdateStatus }> {
  const deadline = Math.min(ctx.deadline - 500, engine.now() + UPDATE_WAIT_MS);
  let runId = firstRunId;
  for (;;) {
    const status = engine.read((tx) => {
      const run = tx.resolve(ns, workflowId, runId);
      const st = updateStatus(run, updateId);
      if (st) return st;
      if (!admitted || run.isOpen) throw notFound(`update "${updateId}" not found`);
      if (run.row.status !== WorkflowStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW) {
        throw notFound('workflow update was aborted by closing workflow');
      }
      if (admitted.runIdGiven) throw workflowCompleted();
      return undefined;
    });
    if (!status) {
      runId = engine.transact((tx) => {
        const next = tx.resolve(ns, workflowId);
        admitUpdate(next, admitted!.request);
        return next.runId;
      });
      continue;
    }
    if (status.stage >= wanted || engine.now() >= deadline || ctx.signal.aborted) return { runId, status };
    await engine.updates.changed(runId, deadline, ctx.signal, engine.now());
  }
}

export function updateHandlers(engine: Engine): Record<string, Handler> {
  const namespaces = engine.namespaces;
  return {
    async UpdateWorkflowExecution(req: Req<'UpdateWorkflowExecutionRequest'>, ctx) {
      const ns = namespaces.get(req.namespace).name;
      const { workflowId, updateId, wanted } = validateUpdate(req);
      const runId = engine.transact((tx) => {
        const run = tx.resolve(ns, workflowId, req.workflowExecution?.runId);
        if (req.firstExecutionRunId && run.row.first_run_id !== req.firstExecutionRunId) {
          throw notFound(`workflow ${workflowId} has no run chain starting with ${req.firstExecutionRunId}`);
        }
        admitUpdate(run, req.request!);
        return run.runId;
      });
      const admitted = { request: req.request!, runIdGiven: !!req.workflowExecution?.runId };
      const waited = await waitForUpdate(engine, ns, workflowId, runId, updateId, wanted, ctx, admitted);
      return updateAnswer(workflowId, waited.runId, updateId, waited.status);
    },

    async PollWorkflowExecutionUpdate(req: Req<'PollWorkflowExecutionUpdateRequest'>, ctx) {
      const ns = namespaces.get(req.namespace).name;
      const ref = req.updateRef;
      const workflowId = ref?.workflowExecution?.workflowId;
      if (!workflowId || !ref?.updateId) throw invalidArgument('UpdateRef with a workflow id and an update id is required.');
      const runId = engine.read((tx) => tx.resolve(ns, workflowId, ref.workflowExecution?.runId).runId);
      const wanted = req.waitPolicy?.lifecycleStage || Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED;
      const { status } = await waitForUpdate(engine, ns, workflowId, runId, ref.updateId, wanted, ctx);
      return updateAnswer(workflowId, runId, ref.updateId, status);
    },
  };
}
