import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  TerminatedFailure,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
} from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { temporal } from '@durable/proto';
import { attempts } from './activities.js';
import { startEnv, uniqueId, workflowsPath, type Env } from './harness.js';

describe('official Temporal SDK 1.24 on the Durable dev server', () => {
  let env: Env;
  before(async () => {
    env = await startEnv({ searchAttributes: { Region: 'Keyword' } });
  });
  after(async () => {
    await env?.stop();
  });

  const start = (type: string, args: unknown[] = [], id = uniqueId(type)) =>
    env.client.workflow.start(type, { taskQueue: env.taskQueue, workflowId: id, args });

  test('a workflow with three activities returns their combined result', async () => {
    const h = await start('threeActivities', ['world']);
    assert.equal(await h.result(), 'HELLO WORLD!');
    const d = await h.describe();
    assert.equal(d.status.name, 'COMPLETED');
    assert.equal(d.type, 'threeActivities');
    assert.equal(d.taskQueue, env.taskQueue);
  });

  test('an activity that fails once succeeds on the retry', async () => {
    const key = uniqueId('retry');
    const h = await start('retryOnce', [key]);
    assert.equal(await h.result(), 'succeeded on attempt 2');
    assert.equal(attempts.get(key), 2);
  });

  test('a non-retryable failure is attempted exactly once and fails the workflow with its cause chain', async () => {
    const key = uniqueId('fatal');
    const h = await start('nonRetryable', [key]);
    const err = await h.result().then(
      () => assert.fail('expected the workflow to fail'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof WorkflowFailedError);
    assert.ok(err.cause instanceof ActivityFailure);
    assert.ok(err.cause.cause instanceof ApplicationFailure);
    assert.equal(err.cause.cause.type, 'Fatal');
    assert.equal(err.cause.cause.nonRetryable, true);
    assert.equal(attempts.get(key), 1);
  });

  test('a heartbeat timeout retries the activity and hands the details to the next attempt', async () => {
    const key = uniqueId('hb');
    const h = await start('heartbeatTimeout', [key]);
    assert.deepEqual(await h.result(), { attempt: 2, details: { progress: 42 } });
  });

  test('the workflow cancels a running activity and the activity sees the cancellation', async () => {
    const key = uniqueId('cancel');
    const h = await start('cancelActivity', [key]);
    assert.equal(await h.result(), 'activity cancelled');
    assert.equal(attempts.get(`${key}:cancelled`), 1);
  });

  test('a durable timer fires after its duration', async () => {
    const h = await start('timer', [500]);
    const elapsed = (await h.result()) as number;
    assert.ok(elapsed >= 500, `workflow time advanced ${elapsed} ms`);
  });

  test('signal, condition and query', async () => {
    const h = await start('approval');
    assert.equal(await h.query('status'), 'waiting');
    await h.signal('approve', 'alice');
    const deadline = Date.now() + 5000;
    let state = await h.query('status');
    while (state !== 'approved' && Date.now() < deadline) state = await h.query('status');
    assert.equal(state, 'approved');
    assert.equal(await h.result(), 'approved by alice');
    // A closed workflow is still queryable (a query task with the full history).
    assert.equal(await h.query('status'), 'approved');
  });

  test('a condition with a timeout returns false when it expires', async () => {
    const h = await start('conditionTimeout');
    assert.equal(await h.result(), 'timed out');
  });

  test('cancel: the result fails with CancelledFailure and the status is CANCELLED', async () => {
    const h = await start('waitForever');
    await h.cancel();
    const err = await h.result().then(
      () => assert.fail('expected cancellation'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof WorkflowFailedError);
    assert.ok(err.cause instanceof CancelledFailure);
    assert.equal((await h.describe()).status.name, 'CANCELLED');
  });

  test('terminate: the result fails with TerminatedFailure and the status is TERMINATED', async () => {
    const h = await start('waitForever');
    await h.terminate('enough');
    const err = await h.result().then(
      () => assert.fail('expected termination'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof WorkflowFailedError);
    assert.ok(err.cause instanceof TerminatedFailure);
    assert.equal((await h.describe()).status.name, 'TERMINATED');
  });

  test('a workflow failure reaches the client as ApplicationFailure', async () => {
    const h = await start('failing', ['boom']);
    const err = await h.result().then(
      () => assert.fail('expected failure'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof WorkflowFailedError);
    assert.ok(err.cause instanceof ApplicationFailure);
    assert.equal(err.cause.message, 'boom');
    assert.equal(err.cause.type, 'BusinessError');
  });

  test('starting a running workflow id again is WorkflowExecutionAlreadyStartedError', async () => {
    const id = uniqueId('dup');
    const h = await start('waitForever', [], id);
    await assert.rejects(start('waitForever', [], id), WorkflowExecutionAlreadyStartedError);
    await h.terminate();
  });

  test('signal-with-start starts a workflow and delivers the signal, then signals the running one', async () => {
    const id = uniqueId('sws');
    const h = await env.client.workflow.signalWithStart('approval', {
      taskQueue: env.taskQueue,
      workflowId: id,
      signal: 'approve',
      signalArgs: ['bob'],
    });
    assert.equal(await h.result(), 'approved by bob');
  });

  test('list and count with filters, newest first', async () => {
    const type = 'conditionTimeout';
    const handles = [await start(type), await start(type), await start(type)];
    for (const h of handles) await h.result();
    const listed: string[] = [];
    const closeTimes: number[] = [];
    for await (const info of env.client.workflow.list({ query: `WorkflowType = '${type}' AND ExecutionStatus = 'Completed'` })) {
      listed.push(info.workflowId);
      closeTimes.push(info.closeTime!.getTime());
    }
    for (const h of handles) assert.ok(listed.includes(h.workflowId), `${h.workflowId} listed`);
    // Temporal's order for closed runs: latest close first.
    assert.deepEqual(closeTimes, [...closeTimes].sort((a, b) => b - a));
    const running = await start('waitForever');
    const first = await env.client.workflow.list({ query: `ExecutionStatus = 'Running'` })[Symbol.asyncIterator]().next();
    assert.equal(first.value?.workflowId, running.workflowId, 'the newest open run comes first');
    await running.terminate();
    const count = await env.client.workflow.count(`WorkflowType = '${type}'`);
    assert.equal(count.count, listed.length);
    const grouped = await env.client.workflow.count(`WorkflowType = '${type}' GROUP BY ExecutionStatus`);
    assert.equal(grouped.count, listed.length);
    // The official client decodes group values as (legacy, list-valued) search attributes.
    assert.deepEqual(
      grouped.groups.map((g) => [g.groupValues[0], g.count]),
      [[['Completed'], listed.length]],
    );
  });

  test('custom search attributes: registered at start-up and through OperatorService, set at start, listed and described', async () => {
    await env.connection.operatorService.addSearchAttributes({
      namespace: 'default',
      searchAttributes: { Amount: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT },
    });
    const listed = await env.connection.operatorService.listSearchAttributes({ namespace: 'default' });
    assert.equal(listed.customAttributes.Region, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    assert.equal(listed.customAttributes.Amount, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT);
    const id = uniqueId('sa');
    const h = await env.client.workflow.start('waitForever', {
      taskQueue: env.taskQueue,
      workflowId: id,
      searchAttributes: { Region: ['eu-west'], Amount: [250] },
    });
    const found: string[] = [];
    for await (const info of env.client.workflow.list({ query: `Region = 'eu-west' AND Amount > 100` })) found.push(info.workflowId);
    assert.deepEqual(found, [id]);
    assert.deepEqual((await h.describe()).searchAttributes, { Region: ['eu-west'], Amount: [250] });
    await assert.rejects(
      env.client.workflow.start('waitForever', { taskQueue: env.taskQueue, workflowId: uniqueId('sa'), searchAttributes: { Unregistered: ['x'] } }),
      (err: Error) => /Unregistered is not defined/.test(String((err.cause as Error | undefined)?.message)),
    );
    await h.terminate();
  });

  test('histories fetched from our server replay in the official replayer', async () => {
    const h = await start('threeActivities', ['replay']);
    await h.result();
    const history = await h.fetchHistory();
    assert.ok((history.events?.length ?? 0) > 10);
    await Worker.runReplayHistory({ workflowsPath }, history, h.workflowId);
  });
});
