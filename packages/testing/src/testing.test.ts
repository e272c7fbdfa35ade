import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { Worker } from '@durable/worker';
import { TestWorkflowEnvironment } from './index.js';

const workflowsPath = fileURLToPath(new URL('./fixtures/workflows.js', import.meta.url));
const DAY = 24 * 60 * 60 * 1000;
let seq = 0;
const uid = (p: string) => `${p}-${process.pid}-${++seq}`;

describe('TestWorkflowEnvironment.createTimeSkipping', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  before(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping();
    worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'skip', workflowsPath });
    running = worker.run();
  });
  after(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  test('twelve 30-day sleeps finish in wall-clock seconds while server time moves a year', async () => {
    const startedAt = await env.currentTimeMs();
    const wall = Date.now();
    assert.equal(await env.client.workflow.execute('yearOfMonths', { taskQueue: 'skip', workflowId: uid('year') }), 12);
    assert.ok(Date.now() - wall < 10_000, `took ${Date.now() - wall} ms of wall time`);
    assert.ok((await env.currentTimeMs()) - startedAt >= 360 * DAY);
  });

  test('a seven-day approval window times out without waiting a week', async () => {
    assert.equal(await env.client.workflow.execute('approvalWindow', { taskQueue: 'skip', workflowId: uid('late') }), 'timed out');
  });

  test('time does not skip while the test is not waiting: a prompt signal wins', async () => {
    const h = await env.client.workflow.start('approvalWindow', { taskQueue: 'skip', workflowId: uid('prompt') });
    await h.signal('approve');
    assert.equal(await h.result(), 'approved');
  });

  test('two executes awaited together on one environment both finish (the lock is counted, not toggled)', async () => {
    const results = await Promise.all([
      env.client.workflow.execute('yearOfMonths', { taskQueue: 'skip', workflowId: uid('both-a') }),
      env.client.workflow.execute('approvalWindow', { taskQueue: 'skip', workflowId: uid('both-b') }),
    ]);
    assert.deepEqual(results, [12, 'timed out']);
    // Locked again afterwards: time does not move while nobody waits.
    const before = await env.currentTimeMs();
    const h = await env.client.workflow.start('approvalWindow', { taskQueue: 'skip', workflowId: uid('after-both') });
    await h.signal('approve');
    assert.equal(await h.result(), 'approved');
    assert.ok((await env.currentTimeMs()) - before < DAY);
  });

  test('workflowInterceptorModules: a failed assertion in workflow code fails the workflow', async () => {
    const { workflowInterceptorModules } = await import('./index.js');
    const { WorkflowFailedError, ApplicationFailure } = await import('@durable/client');
    const w = await Worker.create({ connection: env.nativeConnection, taskQueue: 'asserts', workflowsPath, interceptors: { workflowModules: workflowInterceptorModules } });
    await w.runUntil(async () => {
      const err = await env.client.workflow.execute('assertsFalse', { taskQueue: 'asserts', workflowId: uid('assert') }).then(
        () => assert.fail('expected a failure'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure);
      assert.equal(err.cause.message, 'stock must not be negative');
      assert.equal(err.cause.nonRetryable, true);
    });
  });

  test('env.sleep moves server time and fires the timers it passes', async () => {
    const h = await env.client.workflow.start('yearOfMonths', { taskQueue: 'skip', workflowId: uid('sleep') });
    const before = await env.currentTimeMs();
    await env.sleep('65 days');
    assert.ok((await env.currentTimeMs()) - before >= 65 * DAY);
    assert.equal(await h.query('months'), 2);
    await h.terminate('done');
  });
});

describe('TestWorkflowEnvironment.createLocal', () => {
  test('real time, an in-process server on a free port', async () => {
    const env = await TestWorkflowEnvironment.createLocal({ namespace: 'testing-ns' });
    try {
      assert.equal(env.supportsTimeSkipping, false);
      assert.match(env.address, /^127\.0\.0\.1:\d+$/);
      const before = await env.currentTimeMs();
      await env.sleep(20);
      assert.ok((await env.currentTimeMs()) - before >= 20);
      const worker = await Worker.create({ connection: env.nativeConnection, namespace: 'testing-ns', taskQueue: 'local', workflowsPath });
      const h = await env.client.workflow.start('approvalWindow', { taskQueue: 'local', workflowId: uid('local') });
      await worker.runUntil(async () => {
        await h.signal('approve');
        assert.equal(await h.result(), 'approved');
      });
    } finally {
      await env.teardown();
    }
  });
});

describe('MockActivityEnvironment', () => {
  test('runs an activity with a Context, records heartbeats and delivers cancellation', async () => {
    const { MockActivityEnvironment } = await import('./index.js');
    const { Context, CancelledFailure } = await import('@durable/activity');
    const env = new MockActivityEnvironment({ attempt: 3, heartbeatDetails: 5 });
    const beats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => beats.push(d));
    const result = await env.run(async (n: number) => {
      const ctx = Context.current();
      for (let i = ctx.info.heartbeatDetails as number; i < n; i++) ctx.heartbeat(i);
      return `attempt ${ctx.info.attempt}`;
    }, 8);
    assert.equal(result, 'attempt 3');
    assert.deepEqual(beats, [5, 6, 7]);

    const waiting = env.run(async () => {
      await Context.current().sleep('1 hour');
      return 'slept';
    });
    env.cancel();
    await assert.rejects(waiting, CancelledFailure);
  });

  test('cancellation details, the client, the meter, logs and interceptors, as the official API has them', async () => {
    const { MockActivityEnvironment } = await import('./index.js');
    const activity = await import('@durable/activity');
    const { DefaultLogger } = await import('@durable/worker');
    const { ActivityCancellationDetails, IllegalStateError } = await import('@durable/common');
    const lines: { message: string; meta?: Record<string | symbol, unknown> }[] = [];
    const env = new MockActivityEnvironment(
      { activityType: 'greet' },
      {
        logger: new DefaultLogger('INFO', (e) => void lines.push(e)),
        interceptors: [
          () => ({
            inbound: { execute: async (input, next) => `<${String(await next(input))}>` },
            outbound: { getLogAttributes: (attrs, next) => next({ ...attrs, tenant: 'acme' }) },
          }),
        ],
      },
    );
    const result = await env.run(async (name: string) => {
      activity.log.info('greeting', { name });
      activity.metricMeter.createCounter('greetings').add(1);
      assert.throws(() => activity.getClient(), IllegalStateError);
      assert.equal(activity.cancellationDetails(), undefined);
      return `hello ${name}`;
    }, 'ann');
    assert.equal(result, '<hello ann>');
    assert.equal(lines[0]?.message, 'greeting');
    assert.deepEqual(
      { sdkComponent: lines[0]?.meta?.sdkComponent, activityType: lines[0]?.meta?.activityType, tenant: lines[0]?.meta?.tenant, name: lines[0]?.meta?.name },
      { sdkComponent: 'activity', activityType: 'greet', tenant: 'acme', name: 'ann' },
    );

    const paused = new MockActivityEnvironment();
    const waiting = paused.run(async () => {
      await activity.cancelled().catch(() => undefined);
      return activity.cancellationDetails();
    });
    paused.cancel('PAUSED', new ActivityCancellationDetails({ paused: true }));
    assert.equal((await waiting)?.paused, true);
  });

  test('setActivityOptions attaches definition options the worker reads', async () => {
    const { setActivityOptions } = await import('@durable/activity');
    const { isActivityFunctionWithOptions } = await import('@durable/common');
    const fn = async () => 'x';
    setActivityOptions({ typeInfo: { inputTypes: [] } }, fn);
    assert.ok(isActivityFunctionWithOptions(fn));
  });
});
