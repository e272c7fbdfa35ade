// Standalone activities from the command line, against a test server and a worker that runs them: start, execute,
// result, describe, list, count, cancel, terminate and delete, in text and JSON.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as activities from './fixtures/activities.js';
import { startTestServer, type TestServer } from './fixtures/harness.js';

const START = ['--task-queue', 'cli-act', '--start-to-close-timeout', '30s'];
/** A task queue no worker polls: its activities stay scheduled until something ends them. */
const IDLE = ['--task-queue', 'nobody-polls', '--start-to-close-timeout', '30s'];

describe('durable activity (standalone)', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer('cli-act', activities)));
  after(() => t?.stop());

  test('execute prints the run and the result; JSON has the result as a value', async () => {
    const text = await t.cli('activity', 'execute', '-a', 'pay-1', '--type', 'charge', ...START, '--input', '5');
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^Running execution:\n {2}ActivityId\s+pay-1\n {2}RunId\s+\S+\n {2}Namespace\s+default\nResults:\n {2}Status\s+COMPLETED\n {2}Result\s+"charged 5"\n$/);
    const json = await t.json<{ activityId: string; runId: string; status: string; result: unknown }>('activity', 'execute', '-a', 'pay-2', '--type', 'charge', ...START, '-i', '7');
    assert.deepEqual([json.activityId, json.status, json.result], ['pay-2', 'COMPLETED', 'charged 7']);
    assert.ok(json.runId);
  });

  test('a failed activity: execute and result exit 1 with its failure', async () => {
    const r = await t.cli('activity', 'execute', '-a', 'refused', '--type', 'refuse', ...START);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /Status\s+FAILED\n {2}Failure\s+card declined \(Declined\)/);
    assert.equal(r.stderr, 'durable: activity failed\n');
    const json = await t.cli('activity', 'result', '-a', 'refused', '-o', 'json');
    assert.equal(json.code, 1);
    const out = JSON.parse(json.stdout) as { status: string; failure: { message: string; applicationFailureInfo: { type: string } } };
    assert.deepEqual([out.status, out.failure.message, out.failure.applicationFailureInfo.type], ['FAILED', 'card declined', 'Declined']);
  });

  test('start, then result; describe, list and count see it', async () => {
    const started = await t.json<{ activityId: string; runId: string; namespace: string }>('activity', 'start', '-a', 'pay-3', '--type', 'charge', ...START, '-i', '3', '--static-summary', 'three');
    assert.deepEqual([started.activityId, started.namespace], ['pay-3', 'default']);
    const result = await t.cli('activity', 'result', '-a', 'pay-3', '-r', started.runId);
    assert.match(result.stdout, /Result\s+"charged 3"/, result.stderr);
    const d = await t.cli('activity', 'describe', '-a', 'pay-3');
    assert.match(d.stdout, /^Activity Execution Info:\n {2}ActivityId\s+pay-3\n/);
    assert.match(d.stdout, /\n {2}Type\s+charge\n {2}Status\s+Completed\n/);
    assert.match(d.stdout, /\n {2}StartToCloseTimeout\s+30s\n/);
    const dj = await t.json<{ info: { activityId: string; status: string; taskQueue: string } }>('activity', 'describe', '-a', 'pay-3');
    assert.deepEqual([dj.info.activityId, dj.info.status, dj.info.taskQueue], ['pay-3', 'ACTIVITY_EXECUTION_STATUS_COMPLETED', 'cli-act']);
    const list = await t.cli('activity', 'list', '--query', "ActivityId = 'pay-3'");
    assert.match(list.stdout, /^Status\s+ActivityId\s+Type\s+StartTime\nCompleted\s+pay-3\s+charge\s+\S+\n$/);
    const listed = await t.json<{ activityId: string }[]>('activity', 'list', '--limit', '2');
    assert.equal(listed.length, 2);
    assert.equal((await t.cli('activity', 'count', '--query', "ActivityType = 'charge'")).stdout, 'Total: 3\n');
    assert.equal((await t.json<{ count: string }>('activity', 'count')).count, '4');
  });

  test('cancel and terminate one activity; terminate a batch with --query', async () => {
    await t.json('activity', 'start', '-a', 'idle-1', '--type', 'charge', ...IDLE);
    assert.equal((await t.cli('activity', 'cancel', '-a', 'idle-1', '--reason', 'not needed')).stdout, 'Cancellation requested\n');
    await t.json('activity', 'start', '-a', 'idle-2', '--type', 'charge', ...IDLE);
    assert.equal((await t.cli('activity', 'terminate', '-a', 'idle-2', '--reason', 'stop')).stdout, 'Activity terminated\n');
    assert.equal((await t.json<{ info: { status: string } }>('activity', 'describe', '-a', 'idle-2')).info.status, 'ACTIVITY_EXECUTION_STATUS_TERMINATED');
    await t.json('activity', 'start', '-a', 'idle-3', '--type', 'charge', ...IDLE);
    const batch = await t.cli('activity', 'terminate', '--query', "ActivityId = 'idle-3'", '--reason', 'cleanup', '--yes');
    assert.match(batch.stdout, /^Started batch for job ID: \S+\n$/, batch.stderr);
    const jobId = batch.stdout.trim().split(' ').pop()!;
    // The job runs in the background: ask until it says it is done (each ask is a round trip, not a sleep).
    let state = '';
    for (let i = 0; i < 100 && state !== 'BATCH_OPERATION_STATE_COMPLETED'; i++) state = (await t.json<{ state: string }>('batch', 'describe', '--job-id', jobId)).state;
    assert.equal(state, 'BATCH_OPERATION_STATE_COMPLETED');
    assert.equal((await t.json<{ info: { status: string } }>('activity', 'describe', '-a', 'idle-3')).info.status, 'ACTIVITY_EXECUTION_STATUS_TERMINATED');
  });

  test('delete asks first; --yes deletes', async () => {
    await t.json('activity', 'start', '-a', 'gone', '--type', 'charge', ...IDLE);
    const asked = await t.cli('activity', 'delete', '-a', 'gone');
    assert.equal(asked.code, 2);
    assert.match(asked.stderr, /Delete standalone activity "gone"\? Add --yes to confirm/);
    assert.equal((await t.cli('activity', 'delete', '-a', 'gone', '--yes')).stdout, 'Delete activity succeeded\n');
    const missing = await t.cli('activity', 'describe', '-a', 'gone');
    assert.equal(missing.code, 1);
  });

  test('flags are checked before connecting', async () => {
    const noTimeout = await t.cli('activity', 'start', '-a', 'x', '--type', 'charge', '-t', 'q');
    assert.deepEqual([noTimeout.code, noTimeout.stderr.split('\n')[0]], [2, 'durable activity start: set --start-to-close-timeout or --schedule-to-close-timeout']);
    const both = await t.cli('activity', 'cancel', '-a', 'x', '-q', "ActivityId = 'x'");
    assert.deepEqual([both.code, both.stderr.split('\n')[0]], [2, 'durable activity cancel: set --activity-id or --query, not both']);
    const yes = await t.cli('activity', 'terminate', '-a', 'x', '--yes');
    assert.deepEqual([yes.code, yes.stderr.split('\n')[0]], [2, 'durable activity terminate: --yes is only for batch operations (with --query)']);
  });
});
