// Update-with-start (ExecuteMultiOperation) with the official 1.24 client and worker: a new run whose first task
// carries the update, the same update on the running workflow under USE_EXISTING, FAIL on a running id, a
// validator's rejection after the start, and the per-operation statuses Temporal reports for bad requests.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { status, type ServiceError as GrpcError } from '@grpc/grpc-js';
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, WorkflowUpdateFailedError, WorkflowUpdateStage } from '@temporalio/client';
import { Worker as OfficialWorker } from '@temporalio/worker';
import { google, temporal } from '@durable/proto';
import { startEnv, uniqueId, workflowsPath, type Env } from './harness.js';

const ET = temporal.api.enums.v1.EventType;
const Conflict = temporal.api.enums.v1.WorkflowIdConflictPolicy;

/** Each operation's code and message from a MultiOperationExecutionFailure in the error's status details. */
function operationStatuses(err: GrpcError): { code: number; message: string; detail?: string }[] {
  const raw = err.metadata.get('grpc-status-details-bin')[0] as Buffer;
  const any = google.rpc.Status.decode(raw).details[0]!;
  assert.equal(any.type_url, 'type.googleapis.com/temporal.api.errordetails.v1.MultiOperationExecutionFailure');
  const failure = temporal.api.errordetails.v1.MultiOperationExecutionFailure.decode(any.value!);
  return failure.statuses.map((s) => ({ code: s.code ?? 0, message: s.message ?? '', detail: s.details?.[0]?.type_url?.split('.').pop() }));
}

describe('update-with-start on the Durable dev server', () => {
  let env: Env;
  before(async () => {
    env = await startEnv({}, 'update-with-start');
  });
  after(async () => {
    await env?.stop();
  });

  const startOp = (workflowId: string, workflowIdConflictPolicy: 'USE_EXISTING' | 'FAIL') =>
    new WithStartWorkflowOperation('cart', { workflowId, taskQueue: env.taskQueue, workflowIdConflictPolicy });

  test('starts the run with the update in its first task, then updates the same run under USE_EXISTING; the history replays', async () => {
    const workflowId = uniqueId('uws');
    const first = startOp(workflowId, 'USE_EXISTING');
    assert.equal(await env.client.workflow.executeUpdateWithStart('addItem', { args: [5], startWorkflowOperation: first }), 5);
    const handle = await first.workflowHandle();

    const second = startOp(workflowId, 'USE_EXISTING');
    const update = await env.client.workflow.startUpdateWithStart('addItem', {
      args: [7],
      updateId: 'second',
      waitForStage: WorkflowUpdateStage.ACCEPTED,
      startWorkflowOperation: second,
    });
    const { runId } = await handle.describe();
    assert.equal((await (await second.workflowHandle()).describe()).runId, runId, 'the running workflow was used');
    assert.equal(update.workflowRunId, runId);
    assert.equal(await update.result(), 12);

    await handle.signal('checkout');
    assert.equal(await handle.result(), 12);
    const history = await handle.fetchHistory();
    const types = (history.events ?? []).map((e: { eventType?: number | null }) => e.eventType);
    assert.equal(types[0], ET.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
    assert.equal(types.filter((t: number | null | undefined) => t === ET.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED).length, 1, 'one run');
    const firstAccepted = types.indexOf(ET.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
    assert.equal(types.lastIndexOf(ET.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, firstAccepted), 3, 'the first workflow task accepted the update');
    await OfficialWorker.runReplayHistory({ workflowsPath }, history, workflowId);
  });

  test('FAIL on a running id rejects both the start and the update; nothing is added to the run', async () => {
    const workflowId = uniqueId('uws-fail');
    const running = await env.client.workflow.start('cart', { workflowId, taskQueue: env.taskQueue });
    const op = startOp(workflowId, 'FAIL');
    await assert.rejects(
      env.client.workflow.executeUpdateWithStart('addItem', { args: [1], startWorkflowOperation: op }),
      WorkflowExecutionAlreadyStartedError,
    );
    await assert.rejects(op.workflowHandle(), WorkflowExecutionAlreadyStartedError);
    await running.signal('checkout');
    assert.equal(await running.result(), 0);
  });

  test("the validator's rejection fails the update while the started workflow keeps running", async () => {
    const workflowId = uniqueId('uws-reject');
    const op = startOp(workflowId, 'USE_EXISTING');
    const err = await env.client.workflow
      .executeUpdateWithStart('addItem', { args: [-3], startWorkflowOperation: op })
      .then(() => assert.fail('expected the validator to reject'), (e: unknown) => e);
    assert.ok(err instanceof WorkflowUpdateFailedError);
    assert.match(String((err.cause as Error).message), /must not be negative, got -3/);
    const handle = await op.workflowHandle();
    assert.equal((await handle.describe()).status.name, 'RUNNING');
    await handle.signal('checkout');
    assert.equal(await handle.result(), 0);
  });

  test('bad requests: each operation has its own status, the sound one ABORTED', async () => {
    const service = env.client.workflowService;
    const start = (workflowId: string) => ({
      workflowId,
      workflowType: { name: 'cart' },
      taskQueue: { name: env.taskQueue },
      requestId: uniqueId('req'),
      workflowIdConflictPolicy: Conflict.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
    });
    const update = (workflowId: string, runId = '') => ({
      workflowExecution: { workflowId, runId },
      request: { meta: { updateId: uniqueId('u') }, input: { name: 'addItem' } },
    });
    const attempt = async (operations: object[]) =>
      (await service.executeMultiOperation({ namespace: 'default', operations }).then(
        () => assert.fail('expected a rejection'),
        (e: GrpcError) => e,
      )) as GrpcError;

    const inconsistent = await attempt([{ startWorkflow: start('a') }, { updateWorkflow: update('b') }]);
    assert.equal(inconsistent.code, status.INVALID_ARGUMENT);
    assert.deepEqual(operationStatuses(inconsistent), [
      { code: status.ABORTED, message: 'Operation was aborted.', detail: 'MultiOperationExecutionAborted' },
      { code: status.INVALID_ARGUMENT, message: 'WorkflowId is not consistent with previous operation(s).', detail: undefined },
    ]);

    const withRunId = await attempt([{ startWorkflow: start('c') }, { updateWorkflow: update('c', 'some-run') }]);
    assert.deepEqual(operationStatuses(withRunId)[1], { code: status.INVALID_ARGUMENT, message: 'RunId is not allowed.', detail: undefined });

    const cron = await attempt([{ startWorkflow: { ...start('d'), cronSchedule: '* * * * *' } }, { updateWorkflow: update('d') }]);
    assert.deepEqual(operationStatuses(cron)[0], { code: status.INVALID_ARGUMENT, message: 'CronSchedule is not allowed.', detail: undefined });

    const onlyOne = await attempt([{ startWorkflow: start('e') }]);
    assert.equal(onlyOne.code, status.INVALID_ARGUMENT);
    assert.match(onlyOne.details, /Operations have to be exactly \[Start, Update\]/);

    const running = await env.client.workflow.start('cart', { workflowId: uniqueId('uws-raw'), taskQueue: env.taskQueue });
    const taken = await attempt([{ startWorkflow: start(running.workflowId) }, { updateWorkflow: update(running.workflowId) }]);
    assert.equal(taken.code, status.ALREADY_EXISTS);
    const [startStatus, updateStatus] = operationStatuses(taken);
    assert.equal(startStatus!.code, status.ALREADY_EXISTS);
    assert.equal(startStatus!.detail, 'WorkflowExecutionAlreadyStartedFailure');
    assert.equal(updateStatus!.code, status.ABORTED);
    await running.terminate('done');
  });
});
