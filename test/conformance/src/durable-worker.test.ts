// Our worker runs workflow files written for @temporalio/workflow (unchanged) and activities written for
// @temporalio/activity (import changed) against our server. Every history it writes must replay in the official
// replayer.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowFailedError, ActivityFailure, ApplicationFailure, CancelledFailure } from '@durable/client';
import { Worker as OfficialWorker } from '@temporalio/worker';
import { Worker, bundleWorkflowCode } from '@durable/worker';
import { installQuietRuntime, startDurableEnv, startEnv, uniqueId, workflowsPath, type DurableEnv } from './harness.js';
import * as activities from './durable-activities.js';

describe('@durable/worker running official-SDK workflow files', () => {
  let env: DurableEnv;
  before(async () => {
    installQuietRuntime();
    env = await startDurableEnv({}, 'durable-worker');
  });
  after(() => env?.stop());

  const start = (type: string, args: unknown[] = []) => env.start(type, args);

  test('three activities in sequence', async () => {
    const h = await start('threeActivities', ['world']);
    assert.equal(await h.result(), 'HELLO WORLD!');
  });

  test('an activity retried once', async () => {
    const key = uniqueId('retry');
    const h = await start('retryOnce', [key]);
    assert.equal(await h.result(), 'succeeded on attempt 2');
    assert.equal(activities.attempts.get(key), 2);
  });

  test('a non-retryable activity failure reaches the client as the cause chain', async () => {
    const h = await start('nonRetryable', [uniqueId('fatal')]);
    const err = await h.result().then(() => assert.fail('expected failure'), (e: unknown) => e);
    assert.ok(err instanceof WorkflowFailedError);
    assert.ok(err.cause instanceof ActivityFailure);
    assert.ok(err.cause.cause instanceof ApplicationFailure);
    assert.equal(err.cause.cause.type, 'Fatal');
  });

  test('a heartbeat timeout retries the activity, which resumes from the last heartbeat details', async () => {
    const h = await start('heartbeatTimeout', [uniqueId('hb')]);
    assert.deepEqual(await h.result(), { attempt: 2, details: { progress: 42 } });
  });

  test('signal, query and condition', async () => {
    const h = await start('approval');
    assert.equal(await h.query('status'), 'waiting');
    await h.signal('approve', 'dee');
    assert.equal(await h.result(), 'approved by dee');
  });

  test('a durable timer and a condition timeout', async () => {
    const t = await start('timer', [300]);
    assert.ok(((await t.result()) as number) >= 300);
    const c = await start('conditionTimeout');
    assert.equal(await c.result(), 'timed out');
  });

  test('cancelling an activity from a cancellation scope', async () => {
    const key = uniqueId('cancel');
    const h = await start('cancelActivity', [key]);
    assert.equal(await h.result(), 'activity cancelled');
    assert.equal(activities.attempts.get(`${key}:cancelled`), 1, 'the activity saw the cancellation');
  });

  test('workflow cancellation and a workflow failure', async () => {
    const h = await start('waitForever');
    await h.cancel();
    const err = await h.result().then(() => assert.fail('expected failure'), (e: unknown) => e);
    assert.ok(err instanceof WorkflowFailedError && err.cause instanceof CancelledFailure);
    const f = await start('failing', ['out of stock']);
    const ferr = await f.result().then(() => assert.fail('expected failure'), (e: unknown) => e);
    assert.ok(ferr instanceof WorkflowFailedError && ferr.cause instanceof ApplicationFailure);
    assert.equal(ferr.cause.type, 'BusinessError');
  });

  test('Math.random and uuid4 draw the same values as the official SDK on the same run', async () => {
    // The official worker runs it; our replayer must emit the same activity ids (drawn from Math.random and uuid4).
    const official = await startEnv({}, 'official-random');
    try {
      const h = await official.client.workflow.start('randomIds', { taskQueue: 'official-random', workflowId: uniqueId('random') });
      await h.result();
      const history = await official.client.workflow.getHandle(h.workflowId).fetchHistory();
      await Worker.runReplayHistory({ workflowsPath }, history, h.workflowId);
    } finally {
      await official.stop();
    }
    const ours = await start('randomIds');
    await ours.result();
  });

  test('every history our worker wrote replays in the official replayer and in ours', async () => {
    assert.ok(env.started.length >= 8);
    const bundle = await bundleWorkflowCode({ workflowsPath });
    for (const workflowId of env.started) {
      const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
      await OfficialWorker.runReplayHistory({ workflowsPath }, history, workflowId);
      await Worker.runReplayHistory({ workflowBundle: bundle }, history, workflowId);
    }
  });
});
