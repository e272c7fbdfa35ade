// Standalone activities through the official 1.24 ActivityClient (client.activity), run by the official worker:
// start, result, describe, list and count, id policies, cancel, terminate, delete, and the operator controls.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import {
  ActivityExecutionAlreadyStartedError,
  ActivityExecutionFailedError,
  ActivityNotFoundError,
  ApplicationFailure,
  CancelledFailure,
  TerminatedFailure,
  TimeoutFailure,
  type ActivityOptions,
} from '@temporalio/client';
import * as activities from './activities.js';
import { heartbeatsUntilStopped, operatedAttempts, stopDetails } from './operated-activities.js';
import { startEnv, uniqueId, until, type Env } from './harness.js';

describe('standalone activities on the Durable dev server', () => {
  let env: Env;
  before(async () => {
    env = await startEnv({ searchAttributes: { Team: 'Keyword' } }, 'standalone', { activities: { ...activities, heartbeatsUntilStopped } });
  });
  after(async () => {
    await env?.stop();
  });
  const client = () => env.client.activity;
  const options = (id: string, extra: Partial<ActivityOptions> = {}): ActivityOptions => ({ id, taskQueue: 'standalone', startToCloseTimeout: '10s', ...extra });

  test('an activity runs without a workflow: its result, description, list entry and count', async () => {
    const id = uniqueId('greet');
    const h = await client().start('greet', options(id, { args: ['solo'], typedSearchAttributes: [{ key: { name: 'Team', type: 'KEYWORD' }, value: 'red' }], summary: 'greets once' }));
    assert.ok(h.runId);
    assert.equal(await h.result(), 'hello solo');
    const d = await h.describe({ includeInput: true, includeOutcome: true });
    assert.equal(d.status, 'COMPLETED');
    assert.equal(d.activityType, 'greet');
    assert.equal(d.taskQueue, 'standalone');
    assert.equal(d.attempt, 1);
    assert.deepEqual(await d.getInput(), ['solo']);
    assert.equal(await d.getResult(), 'hello solo');
    assert.equal(d.startToCloseTimeoutMs, 10_000);
    const listed = [];
    for await (const a of client().list(`ActivityId = '${id}'`)) listed.push(a);
    assert.equal(listed.length, 1);
    assert.equal(listed[0]!.status, 'COMPLETED');
    assert.equal((await client().count(`Team = 'red' AND ActivityType = 'greet' AND ExecutionStatus = 'Completed'`)).count >= 1, true);
    // An activity is not a workflow.
    assert.equal((await env.client.workflow.count(`WorkflowId = '${id}'`)).count, 0);
  });

  test('failures, retries and timeouts come back as ActivityExecutionFailedError with the cause', async () => {
    const key = uniqueId('retry');
    assert.equal(await client().execute('failsOnce', options(uniqueId('retry'), { args: [key], retry: { initialInterval: '50ms' } })), 'succeeded on attempt 2');
    const fatal = await client()
      .execute('failsForGood', options(uniqueId('fatal'), { args: [uniqueId('k')] }))
      .then(() => assert.fail('expected failure'), (e: unknown) => e);
    assert.ok(fatal instanceof ActivityExecutionFailedError && fatal.cause instanceof ApplicationFailure, String(fatal));
    assert.equal(fatal.cause.type, 'Fatal');
    const slow = await client()
      .execute('heartbeatsUntilStopped', options(uniqueId('slow'), { args: [uniqueId('k')], startToCloseTimeout: '300ms', retry: { maximumAttempts: 1 } }))
      .then(() => assert.fail('expected a timeout'), (e: unknown) => e);
    assert.ok(slow instanceof ActivityExecutionFailedError && slow.cause instanceof TimeoutFailure, String(slow));
  });

  test('id conflict and reuse policies, with the errors the client expects', async () => {
    const id = uniqueId('once');
    const key = uniqueId('k');
    const first = await client().start('heartbeatsUntilStopped', options(id, { args: [key], heartbeatTimeout: '1s' }));
    await assert.rejects(client().start('greet', options(id, { args: ['x'] })), ActivityExecutionAlreadyStartedError);
    const same = await client().start('greet', options(id, { args: ['x'], idConflictPolicy: 'USE_EXISTING' }));
    assert.equal(same.runId, first.runId);
    await first.terminate('done with it');
    const err = await first.result().then(() => assert.fail('expected termination'), (e: unknown) => e);
    assert.ok(err instanceof ActivityExecutionFailedError && err.cause instanceof TerminatedFailure, String(err));
    assert.equal((await first.describe()).status, 'TERMINATED');
    await assert.rejects(client().start('greet', options(id, { args: ['y'], idReusePolicy: 'REJECT_DUPLICATE' })), ActivityExecutionAlreadyStartedError);
    const again = await client().start('greet', options(id, { args: ['y'] }));
    assert.notEqual(again.runId, first.runId);
    assert.equal(await again.result(), 'hello y');
  });

  test('cancel reaches the running attempt through its heartbeat; a waiting one is cancelled at once', async () => {
    const key = uniqueId('k');
    const h = await client().start('heartbeatsUntilStopped', options(uniqueId('cancel'), { args: [key], heartbeatTimeout: '1s' }));
    await until('the attempt to run', () => operatedAttempts.get(key));
    await h.cancel('not needed');
    const err = await h.result().then(() => assert.fail('expected cancellation'), (e: unknown) => e);
    assert.ok(err instanceof ActivityExecutionFailedError && err.cause instanceof CancelledFailure, String(err));
    assert.equal((stopDetails.get(key) as { cancelRequested?: boolean }).cancelRequested, true);
    const d = await h.describe();
    assert.equal(d.status, 'CANCELED');
    assert.equal(d.canceledReason, 'not needed');

    const waiting = await client().start('greet', options(uniqueId('nobody'), { taskQueue: 'nobody-polls', args: ['z'] }));
    await waiting.cancel('never mind');
    await assert.rejects(waiting.result(), (e: unknown) => e instanceof ActivityExecutionFailedError && e.cause instanceof CancelledFailure);
  });

  test('pause, unpause and update options of a standalone activity; its describe says so', async () => {
    const key = uniqueId('k');
    const h = await client().start('heartbeatsUntilStopped', options(uniqueId('paused'), { args: [key], heartbeatTimeout: '1s', retry: { initialInterval: '50ms' } }));
    await until('the attempt to run', () => operatedAttempts.get(key));
    await h.pause({ reason: 'maintenance' });
    await until('the attempt to stop', () => stopDetails.get(key));
    const paused = await until('PAUSED', async () => {
      const d = await h.describe();
      return d.status === 'PAUSED' && d.runState === 'PAUSED' ? d : undefined;
    });
    assert.equal(paused.attempt, 2);
    assert.equal((await client().count(`ActivityId = '${h.activityId}' AND ExecutionStatus = 'Paused'`)).count, 1);
    const updated = await h.updateOptions({ startToCloseTimeout: '20s' });
    assert.equal(updated.startToCloseTimeout, 20_000);
    const restored = await h.restoreOriginalOptions();
    assert.equal(restored.startToCloseTimeout, 10_000);
    await h.unpause();
    assert.equal(await h.result(), 'done on attempt 2');
  });

  test('a new start delay moves the first attempt: shortened, the activity runs when it ends; restored, it waits again', async () => {
    const waiting = await client().start('greet', options(uniqueId('delayed'), { args: ['later'], startDelay: '1h' }));
    const shortened = await waiting.updateOptions({ startDelay: '50ms' });
    assert.equal(shortened.startDelay, 50);
    assert.equal(await waiting.result(), 'hello later');
    const described = await env.client.workflowService.describeActivityExecution({ namespace: 'default', activityId: waiting.activityId });
    assert.equal(Number(described.info?.startDelay?.nanos), 50_000_000);

    // Back to the hour it was started with: the first attempt, not yet dispatched, waits for it again.
    const other = await client().start('greet', options(uniqueId('delayed'), { args: ['never'], startDelay: '1h' }));
    await other.updateOptions({ startDelay: '30m' });
    const restored = await other.restoreOriginalOptions();
    assert.equal(restored.startDelay, 3_600_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal((await other.describe()).attempt, 1);
    assert.equal((await other.describe()).runState, 'SCHEDULED');
    await assert.rejects(
      env.client.workflowService.updateActivityExecutionOptions({
        namespace: 'default',
        activityId: other.activityId,
        // A number where the type wants a Long: the client encodes either.
        activityOptions: { startDelay: { seconds: -1 } } as never,
        updateMask: { paths: ['start_delay'] },
      }),
      (e: { code?: number; details?: string }) => e.code === status.INVALID_ARGUMENT && /negative/.test(e.details ?? ''),
    );
    await other.terminate('test over');
  });

  test('delete removes it; unknown ids are ActivityNotFoundError; bad starts are INVALID_ARGUMENT', async () => {
    const h = await client().start('greet', options(uniqueId('gone'), { args: ['q'] }));
    await h.result();
    await env.client.workflowService.deleteActivityExecution({ namespace: 'default', activityId: h.activityId });
    await assert.rejects(h.describe(), ActivityNotFoundError);
    await assert.rejects(client().getHandle('no-such-activity').describe(), ActivityNotFoundError);
    await assert.rejects(
      env.client.workflowService.startActivityExecution({ namespace: 'default', activityId: 'a', activityType: { name: 'greet' }, taskQueue: { name: 'q' } }),
      (e: { code: number; details: string }) => e.code === status.INVALID_ARGUMENT && /StartToCloseTimeout or ScheduleToCloseTimeout/.test(e.details),
    );
  });

  test('batch terminate of standalone activities by query', async () => {
    const prefix = uniqueId('batchact');
    for (let i = 0; i < 3; i++) await client().start('greet', options(`${prefix}-${i}`, { taskQueue: 'nobody-polls', args: ['b'] }));
    const jobId = uniqueId('job');
    await env.client.workflowService.startBatchOperation({
      namespace: 'default',
      jobId,
      reason: 'clear the queue',
      visibilityQuery: `ActivityId STARTS_WITH '${prefix}'`,
      terminateActivitiesOperation: { identity: 'ops' },
    });
    const d = await until('the batch', async () => {
      const r = await env.client.workflowService.describeBatchOperation({ namespace: 'default', jobId });
      return Number(r.completeOperationCount) === 3 ? r : undefined;
    });
    assert.equal(Number(d.failureOperationCount), 0);
    assert.equal((await client().count(`ActivityId STARTS_WITH '${prefix}' AND ExecutionStatus = 'Terminated'`)).count, 3);
  });
});
