// Workflow updates: send an update, wait until it is accepted or completed, and fetch its outcome later by id.
import { nanoid } from 'nanoid';
import { temporal } from '@durable/proto';
import { decodeFailure } from '@durable/common';
import { WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, isGrpcCancelledError, isGrpcDeadlineError } from './errors.js';
import { rethrowGrpcError } from './grpc-errors.js';
import { composeInterceptors, type WorkflowExecution, type WorkflowStartUpdateInput, type WorkflowStartUpdateOutput } from './interceptors.js';
import { decodeFirst, encodeArgs } from './payloads.js';
import type { WorkflowClientContext } from './workflow-client-context.js';

const Stage = temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;

export const WorkflowUpdateStage = {
  ADMITTED: 'ADMITTED',
  ACCEPTED: 'ACCEPTED',
  COMPLETED: 'COMPLETED',
} as const;
export type WorkflowUpdateStage = (typeof WorkflowUpdateStage)[keyof typeof WorkflowUpdateStage];

export interface WorkflowUpdateHandle<R> {
  readonly updateId: string;
  readonly workflowId: string;
  readonly workflowRunId?: string;
  /** Waits for the update's outcome: its return value, or WorkflowUpdateFailedError. */
  result(): Promise<R>;
}

type Outcome = temporal.api.update.v1.IOutcome;

export class UpdateCalls {
  constructor(private readonly ctx: WorkflowClientContext) {}

  async start<R>(
    execution: WorkflowExecution,
    firstExecutionRunId: string | undefined,
    updateName: string,
    options: { args: unknown[]; updateId?: string; waitForStage: 'ACCEPTED' | 'COMPLETED' },
  ): Promise<WorkflowUpdateHandle<R>> {
    const fn = composeInterceptors(this.ctx.interceptors, 'startUpdate', (input) => this.startHandler(input));
    const out = await fn({
      updateName,
      args: options.args,
      workflowExecution: execution,
      firstExecutionRunId,
      headers: {},
      options: { updateId: options.updateId ?? nanoid(), waitForStage: options.waitForStage },
    });
    return this.handle<R>(out.updateId, execution.workflowId, out.workflowRunId, out.outcome);
  }

  /** The UpdateWorkflowExecution request for `input` (also sent inside update-with-start). */
  async request(input: WorkflowStartUpdateInput): Promise<temporal.api.workflowservice.v1.IUpdateWorkflowExecutionRequest & { request: { meta: { updateId: string } } }> {
    const { namespace, identity, dataConverter } = this.ctx;
    const updateId = input.options.updateId ?? nanoid();
    const wanted = input.options.waitForStage === 'COMPLETED' ? Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED : Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED;
    return {
      namespace,
      workflowExecution: input.workflowExecution,
      firstExecutionRunId: input.firstExecutionRunId,
      waitPolicy: { lifecycleStage: wanted },
      request: {
        meta: { updateId, identity },
        input: {
          name: input.updateName,
          header: { fields: input.headers },
          args: { payloads: await encodeArgs(dataConverter, `Update ${input.updateName}`, input.args) },
        },
      },
    };
  }

  private async startHandler(input: WorkflowStartUpdateInput): Promise<WorkflowStartUpdateOutput> {
    const { service } = this.ctx;
    const request = await this.request(input);
    const updateId = request.request.meta.updateId;
    // The server may answer before the stage asked for (its own long-poll limit); the update id makes asking again safe.
    for (;;) {
      let res;
      try {
        res = await service.updateWorkflowExecution(request);
      } catch (err) {
        if (isGrpcDeadlineError(err) || isGrpcCancelledError(err)) {
          throw new WorkflowUpdateRPCTimeoutOrCancelledError('Timeout or cancellation waiting for update', { cause: err });
        }
        rethrowGrpcError(err, `Failed to update workflow ${input.workflowExecution.workflowId}`, input.workflowExecution);
      }
      if (res.outcome || (res.stage ?? 0) >= Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED) {
        return { updateId, workflowRunId: res.updateRef?.workflowExecution?.runId ?? '', outcome: res.outcome ?? undefined };
      }
    }
  }

  handle<R>(updateId: string, workflowId: string, workflowRunId?: string, known?: Outcome): WorkflowUpdateHandle<R> {
    return {
      updateId,
      workflowId,
      workflowRunId,
      result: async () => this.decodeOutcome<R>(known ?? (await this.poll(updateId, { workflowId, runId: workflowRunId }))),
    };
  }

  private async poll(updateId: string, execution: WorkflowExecution): Promise<Outcome> {
    const { service, namespace, identity } = this.ctx;
    for (;;) {
      let res;
      try {
        res = await service.pollWorkflowExecutionUpdate({
          namespace,
          identity,
          updateRef: { workflowExecution: execution, updateId },
          waitPolicy: { lifecycleStage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED },
        });
      } catch (err) {
        if (isGrpcDeadlineError(err) || isGrpcCancelledError(err)) {
          throw new WorkflowUpdateRPCTimeoutOrCancelledError('Timeout or cancellation waiting for update', { cause: err });
        }
        rethrowGrpcError(err, `Failed to get the outcome of update ${updateId}`, execution);
      }
      if (res.outcome) return res.outcome;
    }
  }

  private async decodeOutcome<R>(outcome: Outcome): Promise<R> {
    const dc = this.ctx.dataConverter;
    if (outcome.failure) {
      const failure = await decodeFailure(dc.payloadCodecs, outcome.failure);
      throw new WorkflowUpdateFailedError('Workflow Update failed', dc.failureConverter.failureToError(failure, dc.payloadConverter));
    }
    return decodeFirst<R>(dc, outcome.success?.payloads);
  }
}
