// Updates whose run closes around them, driven by hand over gRPC so each step happens exactly where it should:
// what the caller is told when the run completes or continues as new before the workflow accepts or completes the
// update, after a start delay, and after the run completed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DevServer } from '../index.js';
import { rawServiceClient, temporal, type RawCall as Call, type RawMessage as Message } from '@durable/proto';

const C = temporal.api.enums.v1.CommandType;
const Stage = temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
const v1 = temporal.api.update.v1;
const ns = 'default';

const any = (name: string, value: Uint8Array) => ({ type_url: `type.googleapis.com/temporal.api.update.v1.${name}`, value });

describe('update lifecycle across the close of a run, driven by hand over gRPC', () => {
  let server: DevServer;
  let call: Call;
  let close: () => void;
  let n = 0;
  before(async () => {
    server = await DevServer.start({ port: 0 });
    ({ call, close } = rawServiceClient(server.address));
  });
  after(async () => {
    close();
    await server.stop();
  });

  async function start(taskQueue: string, extra: object = {}): Promise<string> {
    const workflowId = `upd-${++n}`;
    await call('StartWorkflowExecution', { namespace: ns, workflowId, workflowType: { name: 'T' }, taskQueue: { name: taskQueue }, requestId: `r-${n}`, ...extra });
    return workflowId;
  }
  const poll = (taskQueue: string) => call('PollWorkflowTaskQueue', { namespace: ns, taskQueue: { name: taskQueue, kind: 1 }, identity: 'test' });
  const complete = (task: Message, commands: object[] = [], messages: object[] = []) =>
    call('RespondWorkflowTaskCompleted', { namespace: ns, taskToken: task.taskToken, commands, messages, identity: 'test' });
  const update = (workflowId: string, updateId: string, stage = Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED, runId = '') =>
    call('UpdateWorkflowExecution', {
      namespace: ns,
      workflowExecution: { workflowId, runId },
      waitPolicy: { lifecycleStage: stage },
      request: { meta: { updateId }, input: { name: 'u' } },
    });
  const completeWorkflow = { commandType: C.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION, completeWorkflowExecutionCommandAttributes: {} };
  const continueAsNew = {
    commandType: C.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION,
    continueAsNewWorkflowExecutionCommandAttributes: { workflowType: { name: 'T' }, taskQueue: { name: '' } },
  };
  /** The worker's acceptance of the update request a task carried. */
  const accept = (request: Message) => ({
    id: `${request.protocolInstanceId}/accept`,
    protocolInstanceId: request.protocolInstanceId,
    body: any(
      'Acceptance',
      v1.Acceptance.encode({ acceptedRequestMessageId: request.id, acceptedRequestSequencingEventId: request.eventId, acceptedRequest: v1.Request.decode(request.body.value) }).finish(),
    ),
  });
  const respond = (request: Message) => ({
    id: `${request.protocolInstanceId}/complete`,
    protocolInstanceId: request.protocolInstanceId,
    body: any('Response', v1.Response.encode({ meta: { updateId: request.protocolInstanceId }, outcome: { success: { payloads: [] } } }).finish()),
  });
  /** Polls until a task carries the update (a task may come first for the start). */
  async function taskWithUpdate(taskQueue: string, updateId: string): Promise<{ task: Message; request: Message }> {
    for (;;) {
      const task = await poll(taskQueue);
      const request = (task.messages as Message[] | undefined)?.find((m) => m.protocolInstanceId === updateId);
      if (request) return { task, request };
      await complete(task);
    }
  }
  const rejects = (code: number, message: string) => (e: { code: number; details: string }) => {
    assert.equal(e.code, code, e.details);
    assert.equal(e.details, message);
    return true;
  };
  /** The error a call ends with, caught at once: the call may fail before the test gets to look. */
  const failure = (p: Promise<unknown>) => p.then(() => assert.fail('expected the call to fail'), (e: { code: number; details: string }) => e);

  test('an accepted update whose run completes is failed with AcceptedUpdateCompletedWorkflow, for the waiting caller and later polls', async () => {
    const id = await start('q-accepted');
    const waiting = update(id, 'u1');
    const { task, request } = await taskWithUpdate('q-accepted', 'u1');
    await complete(task, [], [accept(request)]);
    await call('SignalWorkflowExecution', { namespace: ns, workflowExecution: { workflowId: id }, signalName: 'finish' });
    const next = await poll('q-accepted');
    await complete(next, [completeWorkflow]);
    const answer = await waiting;
    assert.equal(answer.stage, Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED);
    assert.equal(answer.outcome.failure.message, 'Workflow Update failed because the Workflow completed before the Update completed.');
    assert.equal(answer.outcome.failure.applicationFailureInfo.type, 'AcceptedUpdateCompletedWorkflow');
    assert.equal(answer.outcome.failure.applicationFailureInfo.nonRetryable, true);
    const polled = await call('PollWorkflowExecutionUpdate', {
      namespace: ns,
      updateRef: { workflowExecution: { workflowId: id }, updateId: 'u1' },
      waitPolicy: { lifecycleStage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED },
    });
    assert.equal(polled.outcome.failure.applicationFailureInfo.type, 'AcceptedUpdateCompletedWorkflow');
  });

  test('an update the run never accepted: aborted when it completes, moved to the next run when it continues as new', async () => {
    const completing = await start('q-aborted');
    const aborted = failure(update(completing, 'u2'));
    const first = await taskWithUpdate('q-aborted', 'u2');
    await complete(first.task, [completeWorkflow]);
    rejects(5, 'workflow update was aborted by closing workflow')(await aborted);

    const continuing = await start('q-moved');
    const moved = update(continuing, 'u3');
    const onOld = await taskWithUpdate('q-moved', 'u3');
    await complete(onOld.task, [continueAsNew]);
    const onNew = await taskWithUpdate('q-moved', 'u3');
    assert.notEqual(onNew.task.workflowExecution.runId, onOld.task.workflowExecution.runId);
    await complete(onNew.task, [], [accept(onNew.request), respond(onNew.request)]);
    const answer = await moved;
    assert.equal(answer.stage, Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED);
    assert.ok(answer.outcome.success);
    assert.equal(answer.updateRef.workflowExecution.runId, onNew.task.workflowExecution.runId);

    // A caller that named the old run is told it completed.
    const namedRun = await start('q-named');
    const started = await poll('q-named');
    const named = failure(update(namedRun, 'u4', Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED, started.workflowExecution.runId));
    await complete(started, [continueAsNew]);
    rejects(5, 'workflow execution already completed')(await named);
  });

  test('an update during a start delay starts the first workflow task at once', async () => {
    const id = await start('q-delayed', { workflowStartDelay: { seconds: 3600 } });
    const accepted = update(id, 'u5', Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED);
    const { task, request } = await taskWithUpdate('q-delayed', 'u5');
    assert.equal(Number(task.startedEventId), 3, 'the first task, an hour early');
    await complete(task, [], [accept(request)]);
    assert.equal((await accepted).stage, Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED);
  });

  test("after the run completed: Temporal's texts for a new update and for polling an unknown one", async () => {
    const id = await start('q-closed');
    await complete(await poll('q-closed'), [completeWorkflow]);
    await assert.rejects(update(id, 'late'), rejects(5, 'workflow execution already completed'));
    await assert.rejects(
      call('PollWorkflowExecutionUpdate', { namespace: ns, updateRef: { workflowExecution: { workflowId: id }, updateId: 'nope' } }),
      rejects(5, 'update "nope" not found'),
    );
  });
});
