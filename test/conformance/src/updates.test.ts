// Workflow updates through our server: our client sends them, the official worker (and then ours) runs the handlers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, Connection, WorkflowNotFoundError, WorkflowUpdateFailedError, ApplicationFailure } from '@durable/client';
import {
  ApplicationFailure as OfficialApplicationFailure,
  WorkflowNotFoundError as OfficialWorkflowNotFoundError,
  WorkflowUpdateFailedError as OfficialUpdateFailedError,
  WorkflowUpdateStage,
} from '@temporalio/client';
import { Worker as OfficialWorker } from '@temporalio/worker';
import { temporal } from '@durable/proto';
import { Worker } from '@durable/worker';
import { startEnv, uniqueId, workflowsPath, type Env } from './harness.js';

const ET = temporal.api.enums.v1.EventType;

describe('workflow updates on the Durable dev server', () => {
  let env: Env;
  let connection: Connection;
  let client: Client;
  before(async () => {
    env = await startEnv({}, 'updates');
    connection = await Connection.connect({ address: env.server.address });
    client = new Client({ connection });
  });
  after(async () => {
    await connection?.close();
    await env?.stop();
  });

  async function scenario(taskQueue: string): Promise<void> {
    const h = await client.workflow.start('cart', { taskQueue, workflowId: uniqueId('cart') });
    assert.equal(await h.executeUpdate('addItem', { args: [5] }), 5);
    assert.equal(await h.executeUpdate('addItem', { args: [7], updateId: 'same-id' }), 12);
    // The same update id again: the first outcome, not a second addition.
    assert.equal(await h.executeUpdate('addItem', { args: [7], updateId: 'same-id' }), 12);

    const rejected = await h.executeUpdate('addItem', { args: [-1] }).then(() => assert.fail('expected rejection'), (e: unknown) => e);
    assert.ok(rejected instanceof WorkflowUpdateFailedError);
    assert.ok(rejected.cause instanceof ApplicationFailure);
    assert.match(rejected.cause.message, /must not be negative/);

    const unknown = await h.executeUpdate('nope', { args: [] }).then(() => assert.fail('expected rejection'), (e: unknown) => e);
    assert.ok(unknown instanceof WorkflowUpdateFailedError);

    const started = await h.startUpdate('addItem', { args: [3], waitForStage: 'ACCEPTED', updateId: 'later' });
    assert.equal(await client.workflow.getHandle(h.workflowId).getUpdateHandle('later').result(), 15);
    assert.equal(await started.result(), 15);

    await h.signal('checkout');
    assert.equal(await h.result(), 15);
    await assert.rejects(h.executeUpdate('addItem', { args: [1] }), WorkflowNotFoundError);

    const events = (await h.fetchHistory()).events ?? [];
    const accepted = events.filter((e) => e.eventType === ET.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
    const completed = events.filter((e) => e.eventType === ET.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED);
    assert.equal(accepted.length, 3, 'rejections write nothing; the duplicate is not accepted twice');
    assert.equal(completed.length, 3);
    const history = await h.fetchHistory();
    await OfficialWorker.runReplayHistory({ workflowsPath }, history, h.workflowId);
    await Worker.runReplayHistory({ workflowsPath }, history, h.workflowId);
  }

  test('official worker: accepted, rejected by the validator, deduplicated by id, polled later, refused once closed', async () => {
    await scenario('updates');
  });

  test('official client: an accepted update fails when its run completes or continues as new, as Temporal fails it', async () => {
    for (const how of ['complete', 'continue'] as const) {
      const h = await env.client.workflow.start('closesDuringUpdate', { taskQueue: 'updates', workflowId: uniqueId(`closes-${how}`) });
      const update = await h.startUpdate('slowUpdate', { waitForStage: WorkflowUpdateStage.ACCEPTED });
      await h.signal('finish', how);
      const err = await update.result().then(() => assert.fail('expected the update to fail'), (e: unknown) => e);
      assert.ok(err instanceof OfficialUpdateFailedError, String(err));
      assert.ok(err.cause instanceof OfficialApplicationFailure);
      assert.equal(err.cause.type, 'AcceptedUpdateCompletedWorkflow');
      assert.equal(err.cause.message, 'Workflow Update failed because the Workflow completed before the Update completed.');
      if (how === 'continue') await h.terminate('the next run is not needed');
    }
  });

  test('official client: an update starts a delayed workflow at once; after completion it is refused with Temporal\'s text', async () => {
    const h = await env.client.workflow.start('cart', { taskQueue: 'updates', workflowId: uniqueId('delayed'), startDelay: '1 hour' });
    assert.equal(await h.executeUpdate('addItem', { args: [4] }), 4);
    await h.signal('checkout');
    assert.equal(await h.result(), 4);
    const late = await h.executeUpdate('addItem', { args: [1] }).then(() => assert.fail('expected a refusal'), (e: unknown) => e);
    assert.ok(late instanceof OfficialWorkflowNotFoundError);
    assert.equal(late.message, 'workflow execution already completed');
    await OfficialWorker.runReplayHistory({ workflowsPath }, await h.fetchHistory(), h.workflowId);
  });

  test('our worker: the same, and its history replays in the official replayer', async () => {
    const worker = await Worker.create({ connection, taskQueue: 'updates-ours', workflowsPath });
    await worker.runUntil(() => scenario('updates-ours'));
  });
});
