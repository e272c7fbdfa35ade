// An operator's controls, through the official 1.24 client's WorkflowService against our server, with the official
// worker running the workflows: pause, unpause, reset and re-option an activity; pause and unpause a workflow;
// change a workflow's options.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { QueryRejectedError, WorkflowUpdateRPCTimeoutOrCancelledError, type WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { temporal, toLong } from '@durable/proto';
import * as activities from './activities.js';
import { operatedAttempts as attempts, stopDetails, heartbeatsUntilStopped } from './operated-activities.js';
import { startEnv, uniqueId, until, workflowsPath, type Env } from './harness.js';

const State = temporal.api.enums.v1.PendingActivityState;
type Options = { activityOptions: temporal.api.activity.v1.IActivityOptions };

const rejectsWith = (code: number, message: RegExp) => (e: { code: number; details: string }) => {
  assert.equal(e.code, code, e.details);
  assert.match(e.details, message);
  return true;
};

describe('operator controls on the Durable dev server', () => {
  let env: Env;
  before(async () => {
    env = await startEnv({}, 'operator', { activities: { ...activities, heartbeatsUntilStopped } });
  });
  after(async () => {
    await env?.stop();
  });
  const service = () => env.client.workflowService;

  async function pending(h: WorkflowHandle) {
    return (await h.describe()).raw.pendingActivities![0]!;
  }

  /** Starts operatedActivity and waits until its activity is running on the worker. */
  async function running() {
    const key = uniqueId('op');
    const h = await env.client.workflow.start('operatedActivity', { taskQueue: 'operator', workflowId: uniqueId('operated'), args: [key] });
    await until('the activity to start', () => attempts.get(key));
    return { h, key, execution: { workflowId: h.workflowId } };
  }

  test('a paused activity: the running attempt learns it from its heartbeat, no retry until unpaused, then it goes on', async () => {
    const { h, key, execution } = await running();
    await service().pauseActivity({ namespace: 'default', execution, type: 'heartbeatsUntilStopped', identity: 'ops', reason: 'backend down', requestId: 'p1' });
    const details = (await until('the attempt to stop', () => stopDetails.get(key))) as { paused?: boolean; cancelRequested?: boolean };
    assert.equal(details.paused, true);
    assert.equal(details.cancelRequested, false);
    const paused = await until('the attempt to end', async () => {
      const p = await pending(h);
      return p.state === State.PENDING_ACTIVITY_STATE_PAUSED ? p : undefined;
    });
    assert.equal(paused.paused, true);
    assert.equal(paused.attempt, 2, 'the failed attempt counts');
    assert.equal(paused.nextAttemptScheduleTime, null, 'no retry is scheduled while paused');
    assert.equal(paused.pauseInfo!.manual!.identity, 'ops');
    assert.equal(paused.pauseInfo!.manual!.reason, 'backend down');
    assert.equal(paused.lastFailure!.applicationFailureInfo!.type, 'ActivityPause');
    assert.equal(attempts.get(key), 1);

    // The same request again is a no-op; another pause is refused.
    await service().pauseActivity({ namespace: 'default', execution, type: 'heartbeatsUntilStopped', requestId: 'p1' });
    await assert.rejects(
      service().pauseActivity({ namespace: 'default', execution, id: paused.activityId, requestId: 'p2' }),
      rejectsWith(status.FAILED_PRECONDITION, /activity is already paused/),
    );
    await service().unpauseActivity({ namespace: 'default', execution, id: paused.activityId, identity: 'ops' });
    assert.equal(await h.result(), 'done on attempt 2');
    await Worker.runReplayHistory({ workflowsPath }, await h.fetchHistory(), h.workflowId);
  });

  test('UpdateActivityOptions changes what describe shows and what the next attempt gets; restore brings the original back', async () => {
    const { h, key, execution } = await running();
    await service().pauseActivity({ namespace: 'default', execution, type: 'heartbeatsUntilStopped' });
    await until('the attempt to stop', () => stopDetails.get(key));
    const updated = (await service().updateActivityOptions({
      namespace: 'default',
      execution,
      type: 'heartbeatsUntilStopped',
      activityOptions: { startToCloseTimeout: { seconds: toLong(90) }, retryPolicy: { maximumAttempts: 7 } },
      updateMask: { paths: ['start_to_close_timeout', 'retry_policy.maximum_attempts'] },
    })) as unknown as Options;
    assert.equal(Number(updated.activityOptions!.startToCloseTimeout!.seconds), 90);
    assert.equal(updated.activityOptions!.retryPolicy!.maximumAttempts, 7);
    const p = await pending(h);
    assert.equal(Number(p.activityOptions!.startToCloseTimeout!.seconds), 90);
    assert.equal(Number(p.activityOptions!.heartbeatTimeout!.seconds), 1, 'fields outside the mask are kept');
    assert.equal(p.maximumAttempts, 7);

    const restored = (await service().updateActivityOptions({ namespace: 'default', execution, matchAll: true, restoreOriginal: true })) as unknown as Options;
    assert.equal(Number(restored.activityOptions!.startToCloseTimeout!.seconds), 60);
    await assert.rejects(
      service().updateActivityOptions({ namespace: 'default', execution, matchAll: true, activityOptions: {} }),
      rejectsWith(status.INVALID_ARGUMENT, /UpdateMask is not provided/),
    );
    await assert.rejects(
      service().updateActivityOptions({
        namespace: 'default',
        execution,
        matchAll: true,
        activityOptions: {},
        updateMask: { paths: ['no_such_field'] },
      }),
      rejectsWith(status.INVALID_ARGUMENT, /no_such_field/),
    );

    // ResetActivity: attempts count from 1 again, and the activity (paused) is unpaused and dispatched.
    await service().resetActivity({ namespace: 'default', execution, type: 'heartbeatsUntilStopped' });
    assert.equal(await h.result(), 'done on attempt 1');
  });

  test('an activity request that names nothing pending is NOT_FOUND with Temporal’s message', async () => {
    const { h, execution } = await running();
    await assert.rejects(
      service().pauseActivity({ namespace: 'default', execution, id: 'no-such-activity' }),
      rejectsWith(status.NOT_FOUND, /Can't find pending activity with such ID/),
    );
    await h.terminate();
    await assert.rejects(
      service().unpauseActivity({ namespace: 'default', execution, unpauseAll: true }),
      rejectsWith(status.NOT_FOUND, /workflow execution already completed/),
    );
  });

  test('a paused workflow takes signals but gets no workflow task; queries are rejected and updates refused until unpaused', async () => {
    const h = await env.client.workflow.start('approval', { taskQueue: 'operator', workflowId: uniqueId('held') });
    assert.equal(await h.query('status'), 'waiting');
    await service().pauseWorkflowExecution({ namespace: 'default', workflowId: h.workflowId, identity: 'ops', reason: 'audit', requestId: 'w1' });
    const d = await h.describe();
    assert.equal(d.status.name, 'PAUSED');
    assert.equal(d.raw.workflowExtendedInfo!.pauseInfo!.reason, 'audit');
    assert.equal((await env.client.workflow.count(`WorkflowId = '${h.workflowId}' AND ExecutionStatus = 'Paused'`)).count, 1);
    await assert.rejects(h.query('status'), QueryRejectedError);
    await assert.rejects(h.executeUpdate('nope'), (e: unknown) => !(e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) && /paused/i.test(String((e as Error).message ?? e) + String((e as { cause?: Error }).cause?.message)));
    await h.signal('approve', 'dee');
    assert.equal((await h.describe()).raw.pendingWorkflowTask, null, 'the signal schedules no workflow task while paused');
    await service().pauseWorkflowExecution({ namespace: 'default', workflowId: h.workflowId, requestId: 'w1' });
    await assert.rejects(
      service().pauseWorkflowExecution({ namespace: 'default', workflowId: h.workflowId, requestId: 'w2' }),
      rejectsWith(status.FAILED_PRECONDITION, /workflow is already paused/),
    );
    await service().unpauseWorkflowExecution({ namespace: 'default', workflowId: h.workflowId, identity: 'ops', reason: 'done' });
    assert.equal(await h.result(), 'approved by dee');
    assert.equal((await h.describe()).status.name, 'COMPLETED');
    await assert.rejects(
      service().unpauseWorkflowExecution({ namespace: 'default', workflowId: h.workflowId }),
      rejectsWith(status.NOT_FOUND, /workflow execution already completed/),
    );
    await Worker.runReplayHistory({ workflowsPath }, await h.fetchHistory(), h.workflowId);
  });

  test('UpdateWorkflowExecutionOptions sets a priority and a versioning override that describe returns', async () => {
    const h = await env.client.workflow.start('approval', { taskQueue: 'operator', workflowId: uniqueId('opts') });
    const r = await service().updateWorkflowExecutionOptions({
      namespace: 'default',
      workflowExecution: { workflowId: h.workflowId },
      identity: 'ops',
      workflowExecutionOptions: { priority: { priorityKey: 1 }, versioningOverride: { autoUpgrade: true } },
      updateMask: { paths: ['priority', 'versioning_override'] },
    });
    assert.equal(r.workflowExecutionOptions!.priority!.priorityKey, 1);
    assert.equal(r.workflowExecutionOptions!.versioningOverride!.autoUpgrade, true);
    const d = await h.describe();
    assert.equal(d.raw.workflowExecutionInfo!.priority!.priorityKey, 1);
    assert.equal(d.raw.workflowExecutionInfo!.versioningInfo!.versioningOverride!.autoUpgrade, true);
    await assert.rejects(
      service().updateWorkflowExecutionOptions({
        namespace: 'default',
        workflowExecution: { workflowId: h.workflowId },
        workflowExecutionOptions: { versioningOverride: { pinned: {} } },
        updateMask: { paths: ['versioning_override'] },
      }),
      rejectsWith(status.INVALID_ARGUMENT, /pinned versioning override must name a deployment version/),
    );
    await h.signal('approve', 'x');
    assert.equal(await h.result(), 'approved by x');
    await Worker.runReplayHistory({ workflowsPath }, await h.fetchHistory(), h.workflowId);
  });
});
