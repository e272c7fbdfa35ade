// Standalone activities through our ActivityClient (client.activity), run by our worker on our dev server: start,
// execute, result, describe, list, count, id policies, cancel, terminate, pause / unpause / update options, the
// errors the official client throws, and interceptors.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ActivityClient,
  ActivityExecutionAlreadyStartedError,
  ActivityExecutionFailedError,
  ActivityNotFoundError,
  ApplicationFailure,
  CancelledFailure,
  Client,
  TerminatedFailure,
  type ActivityOptions,
} from '@durable/client';
import * as activities from './durable-activities.js';
import { heartbeatsUntilStopped, operatedAttempts, stopDetails } from './durable-operated-activities.js';
import { startDurableEnv, uniqueId, until, type DurableEnv } from './harness.js';

describe('standalone activities with our ActivityClient and our worker', () => {
  let env: DurableEnv;
  before(async () => {
    env = await startDurableEnv({ searchAttributes: { Team: 'Keyword' } }, 'durable-standalone', { activities: { ...activities, heartbeatsUntilStopped } });
  });
  after(async () => {
    await env?.stop();
  });
  const client = () => env.client.activity;
  const options = (id: string, extra: Partial<ActivityOptions> = {}): ActivityOptions => ({ id, taskQueue: 'durable-standalone', startToCloseTimeout: '10s', ...extra });

  test('client.activity is an ActivityClient: start, result, describe, list and count', async () => {
    assert.ok(client() instanceof ActivityClient);
    const id = uniqueId('greet');
    const h = await client().start<string>('greet', options(id, {
      args: ['solo'],
      typedSearchAttributes: [{ key: { name: 'Team', type: 'KEYWORD' }, value: 'blue' }],
      summary: 'greets once',
      priority: { priorityKey: 2 },
    }));
    assert.ok(h.runId);
    assert.equal(await h.result(), 'hello solo');
    const d = await h.describe({ includeInput: true, includeOutcome: true });
    assert.equal(d.status, 'COMPLETED');
    assert.equal(d.activityType, 'greet');
    assert.equal(d.activityRunId, h.runId);
    assert.equal(d.taskQueue, 'durable-standalone');
    assert.equal(d.attempt, 1);
    assert.equal(d.startToCloseTimeoutMs, 10_000);
    assert.equal(d.priority.priorityKey, 2);
    assert.equal(d.hasInput && d.hasResult, true);
    assert.deepEqual(await d.getInput(), ['solo']);
    assert.equal(await d.getResult(), 'hello solo');
    assert.equal(d.typedSearchAttributes.get({ name: 'Team', type: 'KEYWORD' }), 'blue');
    // The summary travels as the official client sends it: a payload of the user metadata.
    const summary = d.rawInfo.userMetadata?.summary?.data;
    assert.equal(summary && JSON.parse(Buffer.from(summary).toString()), 'greets once');
    const listed = [];
    for await (const a of client().list(`ActivityId = '${id}'`)) listed.push(a);
    assert.deepEqual(listed.map((a) => [a.activityId, a.status, a.activityType]), [[id, 'COMPLETED', 'greet']]);
    assert.equal((await client().count(`Team = 'blue' AND ExecutionStatus = 'Completed'`)).count, 1);
    assert.equal(await client().execute('greet', options(uniqueId('exec'), { args: ['again'] })), 'hello again');
  });

  test('failures come back as ActivityExecutionFailedError with the cause; retries are the server’s', async () => {
    const key = uniqueId('retry');
    assert.equal(await client().execute('failsOnce', options(uniqueId('retry'), { args: [key], retry: { initialInterval: '50ms' } })), 'succeeded on attempt 2');
    const err = await client()
      .execute('failsForGood', options(uniqueId('fatal'), { args: [uniqueId('k')] }))
      .then(() => assert.fail('expected failure'), (e: unknown) => e);
    assert.ok(err instanceof ActivityExecutionFailedError && err.cause instanceof ApplicationFailure, String(err));
    assert.equal(err.cause.type, 'Fatal');
    assert.ok(err.runId);
  });

  test('id conflict and reuse policies, and the errors for unknown ids and bad options', async () => {
    const id = uniqueId('dup');
    const first = await client().start('greet', options(id, { taskQueue: 'nobody-polls' }));
    const dup = await client().start('greet', options(id, { taskQueue: 'nobody-polls' })).then(() => assert.fail('expected conflict'), (e: unknown) => e);
    assert.ok(dup instanceof ActivityExecutionAlreadyStartedError, String(dup));
    assert.equal(dup.activityId, id);
    assert.equal(dup.runId, first.runId);
    const existing = await client().start('greet', options(id, { taskQueue: 'nobody-polls', idConflictPolicy: 'USE_EXISTING' }));
    assert.equal(existing.runId, first.runId);
    await first.terminate('done with it');
    await assert.rejects(first.result(), (e: unknown) => e instanceof ActivityExecutionFailedError && e.cause instanceof TerminatedFailure);
    await assert.rejects(client().start('greet', options(id, { idReusePolicy: 'REJECT_DUPLICATE' })), ActivityExecutionAlreadyStartedError);
    const again = await client().start('greet', options(id, { args: ['twice'] }));
    assert.notEqual(again.runId, first.runId);
    assert.equal(await client().getHandle(id).result(), 'hello twice');
    await assert.rejects(client().getHandle(uniqueId('none')).describe(), ActivityNotFoundError);
    await assert.rejects(client().start('greet', { id: 'x', taskQueue: 'q' }), /Either scheduleToCloseTimeout or startToCloseTimeout is required/);
    assert.throws(() => client().getHandle(''), /activityId is required/);
  });

  test('cancel and pause reach the running attempt through its heartbeat, with cancellationDetails', async () => {
    const key = uniqueId('k');
    const h = await client().start('heartbeatsUntilStopped', options(uniqueId('cancel'), { args: [key], heartbeatTimeout: '1s' }));
    await until('the attempt to run', () => operatedAttempts.get(key));
    await h.cancel('not needed');
    await assert.rejects(h.result(), (e: unknown) => e instanceof ActivityExecutionFailedError && e.cause instanceof CancelledFailure);
    assert.equal((stopDetails.get(key) as { cancelRequested?: boolean }).cancelRequested, true);
    assert.equal((await h.describe()).canceledReason, 'not needed');

    const pausedKey = uniqueId('k');
    const p = await client().start('heartbeatsUntilStopped', options(uniqueId('paused'), { args: [pausedKey], heartbeatTimeout: '1s', retry: { initialInterval: '50ms' } }));
    await until('the attempt to run', () => operatedAttempts.get(pausedKey));
    await p.pause({ reason: 'maintenance' });
    await until('the attempt to stop', () => stopDetails.get(pausedKey));
    assert.equal((stopDetails.get(pausedKey) as { paused?: boolean }).paused, true);
    await until('PAUSED', async () => ((await p.describe()).runState === 'PAUSED' ? true : undefined));
    const updated = await p.updateOptions({ startToCloseTimeout: '20s', priority: { priorityKey: 1 } });
    assert.equal(updated.startToCloseTimeout, 20_000);
    assert.equal(updated.priority?.priorityKey, 1);
    const restored = await p.restoreOriginalOptions();
    assert.equal(restored.startToCloseTimeout, 10_000);
    await p.unpause({ jitter: '10ms' });
    assert.equal(await p.result(), 'done on attempt 2');
  });

  test('activity interceptors of the Client see every call, and typed() checks names and arguments', async () => {
    const seen: string[] = [];
    const intercepted = new Client({
      connection: env.connection,
      interceptors: {
        activity: [
          {
            async start(input, next) {
              seen.push(`start ${input.activityType}`);
              return next({ ...input, options: { ...input.options, args: ['intercepted'] } });
            },
            async getResult(input, next) {
              seen.push(`result ${input.activityId}`);
              return next(input);
            },
          },
        ],
      },
    });
    const typed = intercepted.activity.typed<typeof activities>();
    const result: string = await typed.execute('greet', { id: uniqueId('typed'), taskQueue: 'durable-standalone', startToCloseTimeout: '10s', args: ['x'] });
    assert.equal(result, 'hello intercepted');
    assert.deepEqual(seen.map((s) => s.split(' ')[0]), ['start', 'result']);
  });
});
