// UpdateWorkflowExecution and PollWorkflowExecutionUpdate: admit an update, get it to the workflow, and wait for
// the lifecycle stage the caller asked for (or answer with the stage reached when the long poll ends).
import { temporal } from '@durable/proto';
import { failedPrecondition, invalidArgument, notFound, workflowCompleted } from '../model/errors.js';
import type { Engine } from '../runtime/engine.js';
import { updateStatus, type UpdateStatus } from '../run/updates.js';
import { scheduleWorkflowTask } from '../run/workflow-tasks.js';
import type { CallContext, Handler } from './bind.js';

type V1 = typeof temporal.api.workflowservice.v1;
type Req<K extends keyof V1> = V1[K] extends { prototype: infer I } ? I : never;
const Stage = temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
// A caller without a deadline is answered with the stage reached after this long, and asks again.
const UPDATE_WAIT_MS = 20_000;

function waitDeadline(engine: Engine, ctx: CallContext): number {
  return Math.min(ctx.deadline - 500, engine.now() + UPDATE_WAIT_MS);
}

export function updateHandlers(engine: Engine): Record<string, Handler> {
  const namespaces = engine.namespaces;

  /** Waits until `updateId` reaches `wanted`, the deadline passes or the run closes without it. */
  async function waitFor(ns: string, workflowId: string, runId: string, updateId: string, wanted: number, ctx: CallContext) {
    const deadline = waitDeadline(engine, ctx);
    for (;;) {
      const status = engine.read((tx) => {
        const run = tx.resolve(ns, workflowId, runId);
        const st = updateStatus(run, updateId);
        if (!st && !run.isOpen) throw workflowCompleted(workflowId, run.runId);
        if (!st) throw notFound(`update ${updateId} not found for workflow ${workflowId} (run ${run.runId})`);
        return st;
      });
      if (status.stage >= wanted || engine.now() >= deadline || ctx.signal.aborted) return status;
      await engine.updates.changed(runId, deadline, ctx.signal, engine.now());
    }
  }

  const answer = (workflowId: string, runId: string, updateId: string, st: UpdateStatus) => ({
    updateRef: { workflowExecution: { workflowId, runId }, updateId },
    outcome: st.outcome,
    stage: st.stage,
  });

  return {
    async UpdateWorkflowExecution(req: Req<'UpdateWorkflowExecutionRequest'>, ctx) {
      const ns = namespaces.get(req.namespace).name;
      const workflowId = req.workflowExecution?.workflowId;
      if (!workflowId) throw invalidArgument('WorkflowId is not set on request.');
      const updateId = req.request?.meta?.updateId;
      if (!updateId) throw invalidArgument('Update id is not set on request.');
      const name = req.request?.input?.name;
      if (!name) throw invalidArgument('Update name is not set on request.');
      const wanted = req.waitPolicy?.lifecycleStage || Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED;
      if (wanted === Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED) {
        throw invalidArgument('Waiting for the ADMITTED stage is not supported: ask for ACCEPTED or COMPLETED.');
      }
      const runId = engine.transact((tx) => {
        const run = tx.resolve(ns, workflowId, req.workflowExecution?.runId);
        if (req.firstExecutionRunId && run.row.first_run_id !== req.firstExecutionRunId) {
          throw notFound(`workflow ${workflowId} has no run chain starting with ${req.firstExecutionRunId}`);
        }
        if (updateStatus(run, updateId)) return run.runId;
        if (!run.isOpen) throw workflowCompleted(workflowId, run.runId);
        if (run.isPaused) throw failedPrecondition('Workflow is paused. Cannot update the workflow.');
        engine.updates.admit(run.runId, updateId, req.request!);
        // With no task pending or running, one is scheduled to carry the update.
        scheduleWorkflowTask(run);
        return run.runId;
      });
      const st = await waitFor(ns, workflowId, runId, updateId, wanted, ctx);
      return answer(workflowId, runId, updateId, st);
    },

    async PollWorkflowExecutionUpdate(req: Req<'PollWorkflowExecutionUpdateRequest'>, ctx) {
      const ns = namespaces.get(req.namespace).name;
      const ref = req.updateRef;
      const workflowId = ref?.workflowExecution?.workflowId;
      if (!workflowId || !ref?.updateId) throw invalidArgument('UpdateRef with a workflow id and an update id is required.');
      const runId = engine.read((tx) => tx.resolve(ns, workflowId, ref.workflowExecution?.runId).runId);
      const wanted = req.waitPolicy?.lifecycleStage || Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED;
      const st = await waitFor(ns, workflowId, runId, ref.updateId, wanted, ctx);
      return answer(workflowId, runId, ref.updateId, st);
    },
  };
}
