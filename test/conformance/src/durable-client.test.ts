// @durable/client against our server, with the official worker running the workflows.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  Client,
  Connection,
  QueryNotRegisteredError,
  TerminatedFailure,
  TimeoutFailure,
  ValueError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  defineSearchAttributeKey,
  type WorkflowClientInterceptor,
} from '@durable/client';
import { startEnv, uniqueId, type Env } from './harness.js';

const region = defineSearchAttributeKey('Region', 'KEYWORD');

async function failureOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => assert.fail('expected a failure'),
    (e: unknown) => e,
  );
}

describe('@durable/client on the Durable dev server (official worker)', () => {
  let env: Env;
  let connection: Connection;
  let client: Client;
  const seen: string[] = [];
  const tracing: WorkflowClientInterceptor = {
    async start(input, next) {
      seen.push(`start:${input.workflowType}`);
      return next({ ...input, headers: { ...input.headers, traceId: { metadata: { encoding: new TextEncoder().encode('json/plain') }, data: new TextEncoder().encode('"t-1"') } } });
    },
    async signal(input, next) {
      seen.push(`signal:${input.signalName}`);
      return next(input);
    },
  };

  before(async () => {
    env = await startEnv({ searchAttributes: { Region: 'Keyword' } });
    connection = await Connection.connect({ address: env.server.address });
    client = new Client({ connection, interceptors: { workflow: [tracing] } });
  });
  after(async () => {
    await connection?.close();
    await env?.stop();
  });

  const opts = (type: string, args: unknown[] = []) => ({ taskQueue: env.taskQueue, workflowId: uniqueId(type), args });

  test('start, result, describe with memo and search attributes, fetchHistory', async () => {
    const h = await client.workflow.start('threeActivities', {
      ...opts('threeActivities', ['world']),
      memo: { customer: { tier: 'gold' } },
      typedSearchAttributes: [{ key: region, value: 'eu' }],
    });
    assert.ok(h.firstExecutionRunId);
    assert.equal(await h.result(), 'HELLO WORLD!');
    const d = await h.describe();
    assert.equal(d.status.name, 'COMPLETED');
    assert.equal(d.type, 'threeActivities');
    assert.equal(d.runId, h.firstExecutionRunId);
    assert.deepEqual(d.memo, { customer: { tier: 'gold' } });
    assert.equal(d.typedSearchAttributes.get(region), 'eu');
    assert.deepEqual(d.searchAttributes.Region, ['eu']);
    assert.ok(d.closeTime && d.closeTime >= d.startTime);
    const history = await h.fetchHistory();
    assert.equal(history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name, 'threeActivities');
    assert.equal(history.events?.length, d.historyLength);
    // The interceptor's header reached the server with the start.
    const header = history.events?.[0]?.workflowExecutionStartedEventAttributes?.header?.fields?.traceId;
    assert.equal(new TextDecoder().decode(header?.data ?? new Uint8Array()), '"t-1"');
    assert.ok(seen.includes('start:threeActivities'));
  });

  test('execute returns the result; getHandle by id reads the same result', async () => {
    const o = opts('threeActivities', ['again']);
    assert.equal(await client.workflow.execute('threeActivities', o), 'HELLO AGAIN!');
    assert.equal(await client.workflow.getHandle(o.workflowId).result(), 'HELLO AGAIN!');
  });

  test('signal and query a running workflow; an unknown query is QueryNotRegisteredError', async () => {
    const h = await client.workflow.start('approval', opts('approval'));
    assert.equal(await h.query<string>('status'), 'waiting');
    await assert.rejects(h.query('nope'), QueryNotRegisteredError);
    await h.signal('approve', 'ana');
    assert.equal(await h.result(), 'approved by ana');
    assert.ok(seen.includes('signal:approve'));
  });

  test('signalWithStart starts the workflow and delivers the signal', async () => {
    const o = opts('approval');
    const h = await client.workflow.signalWithStart('approval', { ...o, signal: { name: 'approve' }, signalArgs: ['bo'] });
    assert.ok(h.signaledRunId);
    assert.equal(await h.result(), 'approved by bo');
  });

  test('an activity failure arrives as WorkflowFailedError > ActivityFailure > ApplicationFailure', async () => {
    const err = await failureOf(client.workflow.execute('nonRetryable', opts('nonRetryable', [uniqueId('fatal')])));
    assert.ok(err instanceof WorkflowFailedError);
    assert.ok(err.cause instanceof ActivityFailure);
    assert.equal(err.cause.activityType, 'failsForGood');
    assert.equal(err.cause.retryState, 'NON_RETRYABLE_FAILURE');
    assert.ok(err.cause.cause instanceof ApplicationFailure);
    assert.equal(err.cause.cause.type, 'Fatal');
    assert.equal(err.cause.cause.nonRetryable, true);
  });

  test('a workflow failure keeps its type and message', async () => {
    const err = await failureOf(client.workflow.execute('failing', opts('failing', ['no stock'])));
    assert.ok(err instanceof WorkflowFailedError);
    assert.ok(err.cause instanceof ApplicationFailure);
    assert.equal(err.cause.message, 'no stock');
    assert.equal(err.cause.type, 'BusinessError');
  });

  test('cancel, terminate and a run timeout end result() with their failures', async () => {
    const cancelled = await client.workflow.start('waitForever', opts('waitForever'));
    await cancelled.cancel();
    const c = await failureOf(cancelled.result());
    assert.ok(c instanceof WorkflowFailedError && c.cause instanceof CancelledFailure);

    const terminated = await client.workflow.start('waitForever', opts('waitForever'));
    await terminated.terminate('operator said so');
    const t = await failureOf(terminated.result());
    assert.ok(t instanceof WorkflowFailedError && t.cause instanceof TerminatedFailure);
    assert.equal(t.cause.message, 'operator said so');
    assert.equal((await terminated.describe()).status.name, 'TERMINATED');

    const timedOut = await client.workflow.start('waitForever', { ...opts('waitForever'), workflowRunTimeout: '1s' });
    const to = await failureOf(timedOut.result());
    assert.ok(to instanceof WorkflowFailedError && to.cause instanceof TimeoutFailure);
    assert.equal((await timedOut.describe()).status.name, 'TIMED_OUT');
  });

  test('a second start with the same id is WorkflowExecutionAlreadyStartedError; an unknown id WorkflowNotFoundError', async () => {
    const o = opts('waitForever');
    const h = await client.workflow.start('waitForever', o);
    const err = await failureOf(client.workflow.start('waitForever', o));
    assert.ok(err instanceof WorkflowExecutionAlreadyStartedError);
    assert.equal(err.workflowId, o.workflowId);
    assert.equal(err.workflowType, 'waitForever');
    await h.terminate();
    await assert.rejects(client.workflow.getHandle(uniqueId('missing')).describe(), WorkflowNotFoundError);
  });

  test('list with a filter and count grouped by status', async () => {
    const tag = uniqueId('list');
    for (const tier of ['a', 'b', 'c']) {
      await client.workflow.execute('threeActivities', {
        ...opts('threeActivities', [tier]),
        typedSearchAttributes: [{ key: region, value: tag }],
      });
    }
    const running = await client.workflow.start('waitForever', { ...opts('waitForever'), typedSearchAttributes: [{ key: region, value: tag }] });
    const listed = [];
    for await (const info of client.workflow.list({ query: `Region = '${tag}' AND ExecutionStatus = 'Completed'`, pageSize: 2 })) {
      listed.push(info);
    }
    assert.equal(listed.length, 3);
    assert.ok(listed.every((i) => i.type === 'threeActivities' && i.status.name === 'COMPLETED'));
    const counted = await client.workflow.count(`Region = '${tag}' GROUP BY ExecutionStatus`);
    assert.equal(counted.count, 4);
    const byStatus = Object.fromEntries(counted.groups.map((g) => [String(g.groupValues[0]), g.count]));
    assert.deepEqual(byStatus, { Completed: 3, Running: 1 });
    await running.terminate();
  });

  test('bad input fails on the client before anything is sent', async () => {
    await assert.rejects(client.workflow.start('threeActivities', { workflowId: 'x', taskQueue: '' }), /taskQueue is required/);
    await assert.rejects(
      client.workflow.start('threeActivities', { ...opts('threeActivities'), args: [{ n: 1n }] }),
      (e: unknown) => e instanceof ValueError && /argument 0 cannot be serialized/.test(e.message),
    );
    await assert.rejects(
      client.workflow.start('threeActivities', { ...opts('threeActivities'), workflowRunTimeout: 'soon' }),
      /workflowRunTimeout: Invalid duration string "soon"/,
    );
    const none = await client.workflow.count(`WorkflowId = 'x'`);
    assert.equal(none.count, 0);
  });
});
