// Workflow updates as the run sees them. An update is admitted in memory (as Temporal does: callers wait on their
// RPC), delivered to the worker as a protocol message on the next workflow task, and becomes durable once the worker
// accepts it (WorkflowExecutionUpdateAccepted) and completes it (WorkflowExecutionUpdateCompleted). A rejection writes
// nothing. The in-memory side is the host's update registry, changed only after the commit.
import type { google } from '@durable/proto';
import { temporal } from '@durable/proto';
import { storedOutcome } from '../model/codecs.js';
import { EventType } from '../model/events.js';
import type { RunContext } from './run-context.js';
import { onUpdateAccepted, onUpdateCompleted } from './state-events.js';
import { failedPrecondition, workflowCompleted } from '../model/errors.js';
import { scheduleWorkflowTask } from './workflow-tasks.js';

type Outcome = temporal.api.update.v1.IOutcome;
type Message = temporal.api.protocol.v1.IMessage;
const Stage = temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;

export interface UpdateStatus {
  stage: number;
  outcome?: Outcome;
}

/**
 * Temporal's outcome for an update the workflow accepted but never completed because its run closed (completed,
 * failed, continued as new...): callers that saw the acceptance get a result, not an error.
 */
const acceptedUpdateCompletedWorkflow: Outcome = {
  failure: {
    message: 'Workflow Update failed because the Workflow completed before the Update completed.',
    source: 'Server',
    applicationFailureInfo: { type: 'AcceptedUpdateCompletedWorkflow', nonRetryable: true },
  },
};

/** Where an update stands, from the run's durable records and the in-memory registry. */
export function updateStatus(ctx: RunContext, updateId: string): UpdateStatus | undefined {
  const rec = ctx.state.updates?.[updateId];
  if (rec?.completedEventId) {
    return {
      stage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED,
      outcome: storedOutcome.decode(rec.outcome),
    };
  }
  if (rec && !ctx.isOpen) return { stage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED, outcome: acceptedUpdateCompletedWorkflow };
  if (rec) return { stage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED };
  const u = ctx.host.updates.get(ctx.runId, updateId);
  if (!u) return undefined;
  if (u.rejection) return { stage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED, outcome: u.rejection };
  return { stage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED };
}

/**
 * Admits an update to the run (a repeated update id changes nothing): it goes out with the next workflow task,
 * which is scheduled now if none is pending, even while a start delay runs (as Temporal does: the update starts
 * the workflow early).
 */
export function admitUpdate(ctx: RunContext, request: temporal.api.update.v1.IRequest): void {
  const updateId = request.meta?.updateId ?? '';
  if (updateStatus(ctx, updateId)) return;
  if (!ctx.isOpen) throw workflowCompleted();
  if (ctx.isPaused) throw failedPrecondition('Workflow is paused. Cannot update the workflow.');
  ctx.host.updates.admit(ctx.runId, updateId, request);
  ctx.state.startDelayed = false;
  scheduleWorkflowTask(ctx);
}

function unpack<T>(body: google.protobuf.IAny | null | undefined, name: string, type: { decode(b: Uint8Array): T }): T | undefined {
  const url = (body as { type_url?: string } | null | undefined)?.type_url ?? '';
  if (!body?.value || url.replace(/^.*\//, '') !== name) return undefined;
  return type.decode(body.value);
}

/**
 * Applies one message from the worker: acceptance and completion write events (at the position of their
 * ProtocolMessage command, or after all commands), a rejection answers the caller and writes nothing.
 */
export function applyUpdateMessage(ctx: RunContext, message: Message, identity: string): void {
  const updateId = message.protocolInstanceId ?? '';
  const v1 = temporal.api.update.v1;
  const acceptance = unpack(message.body, 'temporal.api.update.v1.Acceptance', v1.Acceptance);
  if (acceptance) {
    if (ctx.state.updates?.[updateId]) return;
    const request = acceptance.acceptedRequest ?? ctx.host.updates.get(ctx.runId, updateId)?.request;
    const ev = ctx.addEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED, {
      protocolInstanceId: updateId,
      acceptedRequestMessageId: acceptance.acceptedRequestMessageId,
      acceptedRequestSequencingEventId: acceptance.acceptedRequestSequencingEventId,
      acceptedRequest: request,
    });
    onUpdateAccepted(ctx.state, Number(ev.eventId), updateId);
    const { runId } = ctx;
    ctx.afterCommit(() => ctx.host.updates.accepted(runId, updateId));
    return;
  }
  const response = unpack(message.body, 'temporal.api.update.v1.Response', v1.Response);
  if (response) {
    const id = response.meta?.updateId || updateId;
    const rec = ctx.state.updates?.[id];
    if (!rec || rec.completedEventId) return;
    const ev = ctx.addEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED, {
      meta: { updateId: id, identity: response.meta?.identity || identity },
      acceptedEventId: rec.acceptedEventId,
      outcome: response.outcome,
    });
    onUpdateCompleted(ctx.state, Number(ev.eventId), id, response.outcome ?? {});
    const { runId } = ctx;
    ctx.afterCommit(() => ctx.host.updates.completed(runId));
    return;
  }
  const rejection = unpack(message.body, 'temporal.api.update.v1.Rejection', v1.Rejection);
  if (rejection) {
    const { runId } = ctx;
    ctx.afterCommit(() => ctx.host.updates.rejected(runId, updateId, rejection.failure ?? { message: 'update rejected' }));
  }
}
