// durable activity complete | fail | pause | unpause | reset | update-options on both kinds of activity, against a
// test server: an activity of a workflow (--workflow-id) and a standalone one (no --workflow-id, maybe --run-id).
// Complete and fail need an activity a worker has started (as Temporal requires): awaitApproval starts and leaves the
// outcome to them. Pause, reset and new options are shown on activities that wait on a queue no worker polls.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as activities from './fixtures/activities.js';
import { startTestServer, type TestServer } from './fixtures/harness.js';

const IDLE = ['--type', 'charge', '--task-queue', 'nobody-polls', '--start-to-close-timeout', '30s'];
const AWAITING = ['--type', 'awaitApproval', '--task-queue', 'cli-one', '--start-to-close-timeout', '30s'];

interface Described {
  info: { status: string; runState?: string; startToCloseTimeout?: string };
}

describe('durable activity (one activity, of a workflow or standalone)', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer('cli-one', activities)));
  after(() => t?.stop());

  /** Asks until `ready` says yes (each ask is a round trip, not a sleep). */
  async function until(what: string, ready: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 100; i++) if (await ready()) return;
    assert.fail(`${what} never happened`);
  }

  /** A workflow whose activity "pay" has been scheduled (started: and a worker has started it). */
  async function workflowWaitingOnPay(id: string, started: boolean): Promise<void> {
    await t.json('workflow', 'start', '--type', 'awaitsPayment', '-t', 'cli-one', '-w', id, '-i', String(started));
    const want = started ? 'PENDING_ACTIVITY_STATE_STARTED' : 'PENDING_ACTIVITY_STATE_SCHEDULED';
    await until(`activity "pay" of ${id} in ${want}`, async () => {
      const d = await t.json<{ pendingActivities?: { activityId: string; state: string }[] }>('workflow', 'describe', '-w', id);
      return d.pendingActivities?.some((a) => a.activityId === 'pay' && a.state === want) ?? false;
    });
  }

  /** A standalone activity a worker has started (awaitApproval); its run ID. */
  async function startedStandalone(id: string, ...extra: string[]): Promise<string> {
    const { runId } = await t.json<{ runId: string }>('activity', 'start', '-a', id, ...AWAITING, ...extra);
    await until(`standalone activity ${id} started`, async () => (await t.json<Described>('activity', 'describe', '-a', id)).info.runState === 'PENDING_ACTIVITY_STATE_STARTED');
    return runId;
  }

  test('standalone: pause, unpause, update-options and reset by activity ID alone', async () => {
    const { runId } = await t.json<{ runId: string }>('activity', 'start', '-a', 'solo', ...IDLE);
    assert.equal((await t.cli('activity', 'pause', '-a', 'solo', '--reason', 'hold on')).stdout, 'Activity paused\n');
    assert.equal((await t.json<Described>('activity', 'describe', '-a', 'solo')).info.runState, 'PENDING_ACTIVITY_STATE_PAUSED');
    assert.equal((await t.cli('activity', 'unpause', '-a', 'solo', '-r', runId)).stdout, 'Activity unpaused\n');
    assert.equal((await t.json<Described>('activity', 'describe', '-a', 'solo')).info.runState, 'PENDING_ACTIVITY_STATE_SCHEDULED');

    const changed = await t.json<{ activityOptions: { startToCloseTimeout: string; taskQueue: { name: string } } }>('activity', 'update-options', '-a', 'solo', '--start-to-close-timeout', '45s', '--task-queue', 'still-nobody');
    assert.deepEqual([changed.activityOptions.startToCloseTimeout, changed.activityOptions.taskQueue.name], ['45s', 'still-nobody']);
    const text = await t.cli('activity', 'update-options', '-a', 'solo', '--heartbeat-timeout', '10s');
    assert.match(text.stdout, /^ActivityOptions\n(.*\n)* {2}HeartbeatTimeout\s+10s\n/);
    assert.equal((await t.json<Described>('activity', 'describe', '-a', 'solo')).info.startToCloseTimeout, '45s');

    assert.equal((await t.cli('activity', 'reset', '-a', 'solo', '--keep-paused')).stdout, 'Activity reset\n');
    assert.equal((await t.json<Described>('activity', 'describe', '-a', 'solo')).info.runState, 'PENDING_ACTIVITY_STATE_SCHEDULED');
  });

  test('standalone: complete by activity ID alone; the result is the JSON given', async () => {
    await startedStandalone('solo-done');
    const done = await t.cli('activity', 'complete', '-a', 'solo-done', '--result', '{"paid": true}');
    assert.deepEqual([done.code, done.stdout], [0, 'Activity completed\n'], done.stderr);
    const result = await t.json<{ status: string; result: unknown }>('activity', 'result', '-a', 'solo-done');
    assert.deepEqual([result.status, result.result], ['COMPLETED', { paid: true }]);
  });

  test('standalone: fail by activity and run ID is final, with the reason and detail given', async () => {
    const runId = await startedStandalone('solo-fail', '--retry-maximum-attempts', '5');
    const failed = await t.cli('activity', 'fail', '-a', 'solo-fail', '-r', runId, '--reason', 'card expired', '--detail', '{"last4": "4242"}');
    assert.deepEqual([failed.code, failed.stdout], [0, 'Activity failed\n'], failed.stderr);
    const r = await t.cli('activity', 'result', '-a', 'solo-fail', '-o', 'json');
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout) as { status: string; failure: { message: string; applicationFailureInfo: { nonRetryable: boolean } } };
    assert.deepEqual([out.status, out.failure.message, out.failure.applicationFailureInfo.nonRetryable], ['FAILED', 'card expired', true]);
  });

  test('standalone: --start-delay is sent for a standalone activity; refused with --workflow-id', async () => {
    await t.json('activity', 'start', '-a', 'later', ...IDLE, '--start-delay', '1h');
    const changed = await t.json<{ activityOptions: { startToCloseTimeout: string; startDelay: string } }>('activity', 'update-options', '-a', 'later', '--start-delay', '90s');
    assert.deepEqual([changed.activityOptions.startToCloseTimeout, changed.activityOptions.startDelay], ['30s', '90s']);
    const refused = await t.cli('activity', 'update-options', '-a', 'pay', '-w', 'some-workflow', '--start-delay', '0s');
    assert.deepEqual([refused.code, refused.stderr.split('\n')[0]], [2, 'durable activity update-options: --start-delay is only for standalone activities: leave out --workflow-id and --query']);
  });

  test('of a workflow: pause, change, unpause, reset', async () => {
    await workflowWaitingOnPay('pay-wf-1', false);
    assert.equal((await t.cli('activity', 'pause', '-a', 'pay', '-w', 'pay-wf-1')).stdout, 'Activity paused\n');
    const paused = await t.json<{ pendingActivities: { activityId: string; state: string }[] }>('workflow', 'describe', '-w', 'pay-wf-1');
    assert.equal(paused.pendingActivities[0].state, 'PENDING_ACTIVITY_STATE_PAUSED');
    const changed = await t.json<{ activityOptions: { taskQueue: { name: string } } }>('activity', 'update-options', '-a', 'pay', '-w', 'pay-wf-1', '--task-queue', 'nobody-polls-either');
    assert.equal(changed.activityOptions.taskQueue.name, 'nobody-polls-either');
    assert.equal((await t.cli('activity', 'unpause', '-a', 'pay', '-w', 'pay-wf-1')).stdout, 'Activity unpaused\n');
    assert.equal((await t.cli('activity', 'reset', '-a', 'pay', '-w', 'pay-wf-1')).stdout, 'Activity reset\n');
  });

  test('of a workflow: complete; the workflow returns the result', async () => {
    await workflowWaitingOnPay('pay-wf-done', true);
    assert.equal((await t.cli('activity', 'complete', '-a', 'pay', '-w', 'pay-wf-done', '--result', '"paid"')).stdout, 'Activity completed\n');
    const result = await t.json<{ status: string; result: unknown }>('workflow', 'result', '-w', 'pay-wf-done');
    assert.deepEqual([result.status, result.result], ['Completed', 'paid']);
  });

  test('of a workflow: fail is final, so the workflow fails at once (no retry)', async () => {
    await workflowWaitingOnPay('pay-wf-2', true);
    assert.equal((await t.cli('activity', 'fail', '-a', 'pay', '-w', 'pay-wf-2', '--reason', 'declined')).stdout, 'Activity failed\n');
    const r = await t.cli('workflow', 'result', '-w', 'pay-wf-2');
    assert.equal(r.code, 1);
    assert.match(r.stdout + r.stderr, /declined/);
  });

  test('by --query: update-options, unpause and reset change the activities of every workflow it selects (a batch)', async () => {
    const ids = ['pay-batch-1', 'pay-batch-2'];
    for (const id of ids) {
      await workflowWaitingOnPay(id, false);
      await t.cli('activity', 'pause', '-a', 'pay', '-w', id);
    }
    const query = `WorkflowId IN ('${ids.join("', '")}')`;
    const pending = async (id: string) =>
      (await t.json<{ pendingActivities: { state: string; attempt: number; activityOptions?: { startToCloseTimeout?: string } }[] }>('workflow', 'describe', '-w', id)).pendingActivities[0]!;

    const changed = await t.json<{ batchJobId: string; matched: number }>('activity', 'update-options', '--query', query, '--activity-type', 'charge', '--start-to-close-timeout', '2h', '--yes');
    assert.equal(changed.matched, 2);
    for (const id of ids) await until(`new options on ${id}`, async () => (await pending(id)).activityOptions?.startToCloseTimeout === '7200s');

    await t.json('activity', 'unpause', '--query', query, '--match-all', '--yes');
    for (const id of ids) await until(`${id} unpaused`, async () => (await pending(id)).state === 'PENDING_ACTIVITY_STATE_SCHEDULED');

    await t.json('activity', 'reset', '--query', query, '--activity-type', 'charge', '--keep-paused', '--yes');
    for (const id of ids) await until(`${id} reset`, async () => (await pending(id)).attempt === 1);

    const usage = async (...args: string[]) => {
      const r = await t.cli('activity', ...args);
      return [r.code, r.stderr.split('\n')[0]];
    };
    assert.deepEqual(await usage('unpause', '--query', query, '--yes'), [2, 'durable activity unpause: with --query, set --activity-type or --match-all (one of them)']);
    assert.deepEqual(await usage('reset', '--query', query, '-a', 'pay', '--match-all'), [2, 'durable activity reset: --activity-id cannot be used with --query: the query selects the workflows']);
    assert.deepEqual(await usage('unpause', '-a', 'pay', '-w', ids[0]!, '--reset-attempts'), [2, 'durable activity unpause: --reset-attempts needs --query (one activity: use durable activity reset)']);
    assert.deepEqual(await usage('update-options', '--match-all', '-a', 'pay', '-w', ids[0]!, '--heartbeat-timeout', '1m'), [2, 'durable activity update-options: --match-all needs --query']);
    assert.deepEqual(await usage('pause'), [2, 'durable activity pause: --activity-id is required']);
    assert.deepEqual(await usage('unpause'), [2, 'durable activity unpause: set --activity-id, or --query for a batch operation']);
  });

  test('an unknown standalone activity is the server\'s NOT_FOUND, and --activity-id is still required', async () => {
    const missing = await t.cli('activity', 'complete', '-a', 'no-such-activity', '--result', '1');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^durable: .*not found/i);
    const pause = await t.cli('activity', 'pause', '-a', 'no-such-activity');
    assert.equal(pause.code, 1);
    const noId = await t.cli('activity', 'fail');
    assert.deepEqual([noId.code, noId.stderr.split('\n')[0]], [2, 'durable activity fail: --activity-id is required']);
  });
});
