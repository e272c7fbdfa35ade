// Batch operations on our server through the official 1.24 client's WorkflowService (what `temporal batch` and the
// CLI's `workflow terminate --query` send): by query and by a list, each operation type, the rate asked for, the
// errors Temporal gives, and a job that goes on after the server is killed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { CancelledFailure, Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { rawServiceClient, temporal } from '@durable/proto';
import { operatedAttempts, heartbeatsUntilStopped, stopDetails } from './operated-activities.js';
import * as activities from './activities.js';
import { startEnv, uniqueId, until, type Env } from './harness.js';
import { freePort, startServer } from './server-process.js';

const Enums = temporal.api.enums.v1;
const State = Enums.BatchOperationState;
type Service = Client['workflowService'];
/** Batch jobs pace themselves at `maxOperationsPerSecond`: waits on them get longer than the harness's default. */
const WAIT_MS = 60_000;

/** Waits for the job to finish and returns its description. */
function finished(service: Service, jobId: string) {
  return until(`batch ${jobId} to finish`, async () => {
    const d = await service.describeBatchOperation({ namespace: 'default', jobId });
    return d.state === State.BATCH_OPERATION_STATE_RUNNING ? undefined : d;
  }, WAIT_MS);
}

const rejectsWith = (code: number, message: RegExp) => (e: { code: number; details: string }) => {
  assert.equal(e.code, code, e.details);
  assert.match(e.details, message);
  return true;
};

describe('batch operations on the Durable dev server', () => {
  let env: Env;
  before(async () => {
    env = await startEnv({}, 'batch', { activities: { ...activities, heartbeatsUntilStopped } });
  });
  after(async () => {
    await env?.stop();
  });
  const service = () => env.client.workflowService;

  async function startMany(type: string, n: number, prefix: string, queue = 'batch-idle') {
    const handles = [];
    for (let i = 0; i < n; i++) handles.push(await env.client.workflow.start(type, { taskQueue: queue, workflowId: `${prefix}-${i}` }));
    return handles;
  }

  test('terminate by query: every running workflow it matches, counted, listed, with the reason and identity', async () => {
    const prefix = uniqueId('term');
    const handles = await startMany('waitForever', 20, prefix);
    const jobId = uniqueId('job');
    await service().startBatchOperation({
      namespace: 'default',
      jobId,
      reason: 'clean up',
      visibilityQuery: `WorkflowId STARTS_WITH '${prefix}' AND ExecutionStatus = 'Running'`,
      terminationOperation: { identity: 'ops' },
      maxOperationsPerSecond: 200,
    });
    const d = await finished(service(), jobId);
    assert.equal(d.state, State.BATCH_OPERATION_STATE_COMPLETED);
    assert.equal(d.operationType, Enums.BatchOperationType.BATCH_OPERATION_TYPE_TERMINATE_WORKFLOW);
    assert.deepEqual([Number(d.totalOperationCount), Number(d.completeOperationCount), Number(d.failureOperationCount)], [20, 20, 0]);
    assert.equal(d.reason, 'clean up');
    assert.equal(d.identity, 'ops');
    assert.ok(d.closeTime);
    for (const h of handles) assert.equal((await h.describe()).status.name, 'TERMINATED');
    const last = (await handles[0]!.fetchHistory()).events!.at(-1)!;
    assert.equal(last.workflowExecutionTerminatedEventAttributes!.reason, 'clean up');
    const listed = await service().listBatchOperations({ namespace: 'default', pageSize: 100 });
    assert.ok(listed.operationInfo!.some((o) => o.jobId === jobId && o.state === State.BATCH_OPERATION_STATE_COMPLETED));
  });

  test('signal, cancel and delete a list of executions; an execution that cannot take it counts as a failure', async () => {
    const prefix = uniqueId('sig');
    const waiting = await Promise.all([0, 1].map((i) => env.client.workflow.start('approval', { taskQueue: 'batch', workflowId: `${prefix}-${i}` })));
    const done = await env.client.workflow.start('echo', { taskQueue: 'batch', workflowId: `${prefix}-done`, args: [1] });
    await done.result();
    const executions = [...waiting, done].map((h) => ({ workflowId: h.workflowId }));
    const signalJob = uniqueId('job');
    await service().startBatchOperation({
      namespace: 'default',
      jobId: signalJob,
      reason: 'approve all',
      executions,
      signalOperation: { signal: 'approve', input: { payloads: [defaultPayloadConverter.toPayload('batch')] } },
    });
    const d = await finished(service(), signalJob);
    assert.deepEqual([Number(d.completeOperationCount), Number(d.failureOperationCount)], [2, 1], 'the closed one cannot be signalled');
    for (const h of waiting) assert.equal(await h.result(), 'approved by batch');

    const victims = await startMany('waitForever', 2, uniqueId('cancel'), 'batch');
    const cancelJob = uniqueId('job');
    await service().startBatchOperation({
      namespace: 'default',
      jobId: cancelJob,
      reason: 'stop',
      executions: victims.map((h) => ({ workflowId: h.workflowId })),
      cancellationOperation: {},
    });
    await finished(service(), cancelJob);
    for (const h of victims) {
      await assert.rejects(h.result(), (e: unknown) => e instanceof WorkflowFailedError && e.cause instanceof CancelledFailure);
    }

    const deleteJob = uniqueId('job');
    await service().startBatchOperation({
      namespace: 'default',
      jobId: deleteJob,
      reason: 'forget',
      executions: victims.map((h) => ({ workflowId: h.workflowId })),
      deletionOperation: {},
    });
    await finished(service(), deleteJob);
    assert.equal((await env.client.workflow.count(`WorkflowId = '${victims[0]!.workflowId}'`)).count, 0);
  });

  test('reset to the first workflow task, and unpause the paused activities of a type', async () => {
    const h = await env.client.workflow.start('threeActivities', { taskQueue: 'batch', workflowId: uniqueId('reset'), args: ['again'] });
    await h.result();
    const resetJob = uniqueId('job');
    await service().startBatchOperation({
      namespace: 'default',
      jobId: resetJob,
      reason: 'rerun',
      executions: [{ workflowId: h.workflowId }],
      resetOperation: { options: { firstWorkflowTask: {} }, identity: 'ops' },
    });
    assert.equal(Number((await finished(service(), resetJob)).completeOperationCount), 1);
    const rerun = env.client.workflow.getHandle(h.workflowId);
    assert.equal(await rerun.result(), 'HELLO AGAIN!');
    assert.notEqual((await rerun.describe()).runId, h.firstExecutionRunId);

    const prefix = uniqueId('paused');
    const keys = [uniqueId('k'), uniqueId('k')];
    const runs = await Promise.all(
      keys.map((key, i) => env.client.workflow.start('operatedActivity', { taskQueue: 'batch', workflowId: `${prefix}-${i}`, args: [key] })),
    );
    for (const key of keys) await until('the activity to run', () => operatedAttempts.get(key), WAIT_MS);
    for (const r of runs) await service().pauseActivity({ namespace: 'default', execution: { workflowId: r.workflowId }, type: 'heartbeatsUntilStopped' });
    for (const key of keys) await until('the attempt to stop', () => stopDetails.get(key), WAIT_MS);
    const unpauseJob = uniqueId('job');
    await service().startBatchOperation({
      namespace: 'default',
      jobId: unpauseJob,
      reason: 'resume',
      visibilityQuery: `WorkflowId STARTS_WITH '${prefix}'`,
      unpauseActivitiesOperation: { type: 'heartbeatsUntilStopped', identity: 'ops' },
    });
    assert.equal(Number((await finished(service(), unpauseJob)).completeOperationCount), 2);
    for (const r of runs) assert.equal(await r.result(), 'done on attempt 2');
  });

  test('maxOperationsPerSecond is honoured', async () => {
    const prefix = uniqueId('slow');
    await startMany('waitForever', 10, prefix);
    const jobId = uniqueId('job');
    const started = Date.now();
    await service().startBatchOperation({
      namespace: 'default',
      jobId,
      reason: 'slowly',
      visibilityQuery: `WorkflowId STARTS_WITH '${prefix}'`,
      terminationOperation: {},
      maxOperationsPerSecond: 5,
    });
    const midway = await service().describeBatchOperation({ namespace: 'default', jobId });
    assert.ok(Number(midway.completeOperationCount) < 10, 'not all at once');
    await finished(service(), jobId);
    const took = Date.now() - started;
    assert.ok(took >= 1700, `ten operations at 5 per second took ${took} ms`);
  });

  test('bad requests get Temporal’s errors; a second job at once is refused; a stopped job is failed', async () => {
    await assert.rejects(
      service().startBatchOperation({ namespace: 'default', jobId: 'x', visibilityQuery: 'WorkflowId = "a"', terminationOperation: {} }),
      rejectsWith(status.INVALID_ARGUMENT, /must provide required parameters/),
    );
    await assert.rejects(
      service().startBatchOperation({ namespace: 'default', jobId: 'x', reason: 'r', visibilityQuery: 'Nope = 1', terminationOperation: {} }),
      rejectsWith(status.INVALID_ARGUMENT, /Nope/),
    );
    await assert.rejects(
      service().startBatchOperation({
        namespace: 'default',
        jobId: 'x',
        reason: 'r',
        visibilityQuery: "WorkflowId = 'a'",
        executions: [{ workflowId: 'a' }],
        terminationOperation: {},
      }),
      rejectsWith(status.INVALID_ARGUMENT, /mutually exclusive/),
    );
    await assert.rejects(
      service().describeBatchOperation({ namespace: 'default', jobId: 'no-such-job' }),
      rejectsWith(status.NOT_FOUND, /no-such-job/),
    );
    const prefix = uniqueId('stop');
    await startMany('waitForever', 5, prefix);
    const jobId = uniqueId('job');
    const request = {
      namespace: 'default',
      jobId,
      reason: 'slow',
      visibilityQuery: `WorkflowId STARTS_WITH '${prefix}'`,
      terminationOperation: {},
      maxOperationsPerSecond: 1,
    };
    await service().startBatchOperation(request);
    // The official client retries RESOURCE_EXHAUSTED until the first job ends: ask without retries.
    const { call, close } = rawServiceClient(env.server.address);
    try {
      await assert.rejects(
        call('StartBatchOperation', { ...request, jobId: uniqueId('job') }),
        rejectsWith(status.RESOURCE_EXHAUSTED, /Max concurrent batch operations is reached/),
      );
    } finally {
      close();
    }
    await assert.rejects(service().startBatchOperation(request), rejectsWith(status.ALREADY_EXISTS, new RegExp(jobId)));
    await service().stopBatchOperation({ namespace: 'default', jobId, reason: 'enough', identity: 'ops' });
    const d = await service().describeBatchOperation({ namespace: 'default', jobId });
    assert.equal(d.state, State.BATCH_OPERATION_STATE_FAILED);
    assert.ok(Number(d.completeOperationCount) < 5);
  });

  test('terminating 1,000 running workflows with one batch by query', async () => {
    const prefix = uniqueId('thousand');
    const starts = [];
    for (let i = 0; i < 1000; i++) starts.push(env.client.workflow.start('waitForever', { taskQueue: 'batch-idle', workflowId: `${prefix}-${i}` }));
    await Promise.all(starts);
    const jobId = uniqueId('job');
    const started = Date.now();
    await service().startBatchOperation({
      namespace: 'default',
      jobId,
      reason: 'measure',
      visibilityQuery: `WorkflowId STARTS_WITH '${prefix}' AND ExecutionStatus = 'Running'`,
      terminationOperation: {},
      maxOperationsPerSecond: 2000,
    });
    const d = await finished(service(), jobId);
    const took = Date.now() - started;
    assert.equal(Number(d.completeOperationCount), 1000);
    const left = await env.client.workflow.count(`WorkflowId STARTS_WITH '${prefix}' AND ExecutionStatus = 'Running'`);
    assert.equal(left.count, 0);
    console.log(`# terminated 1000 running workflows with one batch by query in ${took} ms (maxOperationsPerSecond 2000)`);
  });
});

test('a batch job goes on after the server is killed, without repeating what it did', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'durable-batch-'));
  const db = join(dir, 'batch.db');
  const port = await freePort();
  let server = await startServer(port, db);
  const connection = await Connection.connect({ address: `127.0.0.1:${port}` });
  const client = new Client({ connection });
  try {
    const prefix = uniqueId('survive');
    for (let i = 0; i < 10; i++) await client.workflow.start('waitForever', { taskQueue: 'nobody', workflowId: `${prefix}-${i}` });
    const jobId = uniqueId('job');
    await client.workflowService.startBatchOperation({
      namespace: 'default',
      jobId,
      reason: 'through a crash',
      visibilityQuery: `WorkflowId STARTS_WITH '${prefix}'`,
      terminationOperation: {},
      maxOperationsPerSecond: 4,
    });
    await until('some operations', async () => {
      const d = await client.workflowService.describeBatchOperation({ namespace: 'default', jobId });
      return Number(d.completeOperationCount) >= 2 ? d : undefined;
    }, WAIT_MS);
    server.kill('SIGKILL');
    await new Promise((r) => server.once('exit', r));
    server = await startServer(port, db);
    const d = await finished(client.workflowService, jobId);
    assert.deepEqual([Number(d.totalOperationCount), Number(d.completeOperationCount), Number(d.failureOperationCount)], [10, 10, 0]);
    assert.equal((await client.workflow.count(`WorkflowId STARTS_WITH '${prefix}' AND ExecutionStatus = 'Terminated'`)).count, 10);
  } finally {
    await connection.close();
    server.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
});
