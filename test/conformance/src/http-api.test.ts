// Temporal's HTTP API on our dev server, driven over real HTTP as the web UI drives it, while our worker runs real
// workflows (the official-SDK workflow files). Every route the UI uses; payload shorthand both ways; errors.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startDurableEnv, uniqueId, type DurableEnv } from './harness.js';

// Response bodies are JSON whose shape each test knows.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = any;
interface HistoryPage {
  events: Body[];
  nextPageToken?: string;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');
const taskQueue = 'http-api';

describe('HTTP API with our worker running real workflows', () => {
  let env: DurableEnv;
  let base: string;
  before(async () => {
    env = await startDurableEnv({ httpPort: 0 }, taskQueue);
    base = `http://${env.server.httpAddress}/api/v1/namespaces/default`;
  });
  after(() => env?.stop());

  async function http(method: string, path: string, body?: unknown): Promise<{ status: number; body: Body }> {
    const url = path.startsWith('/api/') ? `http://${env.server.httpAddress}${path}` : `${base}${path}`;
    const res = await fetch(url, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    assert.equal(res.headers.get('content-type'), 'application/json');
    return { status: res.status, body: await res.json() };
  }
  async function ok(method: string, path: string, body?: unknown): Promise<Body> {
    const r = await http(method, path, body);
    assert.equal(r.status, 200, `${method} ${path}: ${JSON.stringify(r.body)}`);
    return r.body;
  }
  async function start(type: string, input: unknown[] = []): Promise<{ id: string; runId: string }> {
    const id = uniqueId(type);
    const r = await ok('POST', `/workflows/${id}`, { workflowType: { name: type }, taskQueue: { name: taskQueue }, input, requestId: randomUUID() });
    return { id, runId: r.runId };
  }
  /** Long-polls the history (waitNewEvent) until an event of `type` is in it; returns the events and the token to go on. */
  async function historyUntil(id: string, type: string): Promise<HistoryPage> {
    const events: Body[] = [];
    let token: string | undefined;
    while (!events.some((e) => e.eventType === type)) {
      const page: Body = await ok('GET', `/workflows/${id}/history?waitNewEvent=true${token ? `&nextPageToken=${encodeURIComponent(token)}` : ''}`);
      events.push(...(page.history?.events ?? []));
      token = page.nextPageToken;
    }
    return { events, nextPageToken: token };
  }
  /** The close event, long-polled as the SDK's handle.result() does it. */
  async function closeEvent(id: string, runId?: string, extra = ''): Promise<Body> {
    for (;;) {
      const run = runId ? `&execution.runId=${runId}` : '';
      const page = await ok('GET', `/workflows/${id}/history?historyEventFilterType=HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT&waitNewEvent=true${run}${extra}`);
      if (page.history?.events?.length) return page.history.events[0];
    }
  }

  test('a shorthand input reaches the workflow as its JSON value; the result reads back as plain JSON, in full on request', async () => {
    const order = { order: 7, tags: ['a', 'b'], gift: false };
    const { id } = await start('echo', [order]);
    const done = await closeEvent(id);
    assert.equal(done.eventType, 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
    assert.deepEqual(done.workflowExecutionCompletedEventAttributes.result, [{ received: order, type: 'object' }]);
    // The same result as an SDK client reads it over gRPC.
    assert.deepEqual(await env.client.workflow.getHandle(id).result(), { received: order, type: 'object' });
    const full = (await closeEvent(id, undefined, '&noPayloadShorthand')).workflowExecutionCompletedEventAttributes.result;
    assert.equal(full.payloads.length, 1);
    assert.equal(full.payloads[0].metadata.encoding, b64('json/plain'));
    assert.deepEqual(JSON.parse(Buffer.from(full.payloads[0].data, 'base64').toString()), { received: order, type: 'object' });
    // The started event shows the input as it was sent.
    const first = (await ok('GET', `/workflows/${id}/history?maximumPageSize=1`)).history.events[0];
    assert.deepEqual(first.workflowExecutionStartedEventAttributes.input, [order]);
  });

  test('list with a query, count grouped by status, describe', async () => {
    const type = 'echo';
    const done = await start(type, ['listed']);
    await closeEvent(done.id);
    const open = await start('waitForever');
    const query = encodeURIComponent(`WorkflowId IN ('${done.id}', '${open.id}')`);
    const listed = await ok('GET', `/workflows?query=${query}`);
    assert.deepEqual(
      listed.executions.map((e: Body) => [e.execution.workflowId, e.type.name, e.status]).sort(),
      [
        [done.id, type, 'WORKFLOW_EXECUTION_STATUS_COMPLETED'],
        [open.id, 'waitForever', 'WORKFLOW_EXECUTION_STATUS_RUNNING'],
      ].sort(),
    );
    const byType = await ok('GET', `/workflows?query=${encodeURIComponent(`WorkflowType = '${type}'`)}&pageSize=1`);
    assert.equal(byType.executions.length, 1);
    assert.ok(byType.nextPageToken, 'more than one echo run: the page says where to go on');
    const counted = await ok('GET', `/workflow-count?query=${encodeURIComponent(`WorkflowId IN ('${done.id}', '${open.id}') GROUP BY ExecutionStatus`)}`);
    assert.equal(counted.count, '2');
    const groups = counted.groups.map((g: Body) => [JSON.parse(Buffer.from(g.groupValues[0].data, 'base64').toString()), g.count]).sort();
    assert.deepEqual(groups, [['Completed', '1'], ['Running', '1']]);
    const described = await ok('GET', `/workflows/${done.id}?execution.runId=${done.runId}`);
    assert.equal(described.workflowExecutionInfo.status, 'WORKFLOW_EXECUTION_STATUS_COMPLETED');
    assert.equal(described.workflowExecutionInfo.taskQueue, taskQueue);
    assert.match(described.workflowExecutionInfo.closeTime, /Z$/);
    assert.equal(described.executionConfig.taskQueue.name, taskQueue);
    await historyUntil(open.id, 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED');
    await ok('POST', `/workflows/${open.id}/terminate`, { reason: 'done with it' });
  });

  test('query and signal; a waitNewEvent long poll returns when the signal arrives', { timeout: 30_000 }, async () => {
    const { id } = await start('approval');
    const settled = await historyUntil(id, 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED');
    const queried = await ok('POST', `/workflows/${id}/query/status`, { query: {} });
    assert.deepEqual(queried.queryResult, ['waiting']);
    const polling = ok('GET', `/workflows/${id}/history?waitNewEvent=true&nextPageToken=${encodeURIComponent(settled.nextPageToken!)}`);
    assert.deepEqual(await ok('POST', `/workflows/${id}/signal/approve`, { input: ['dee'] }), {});
    const polled = await polling;
    const signalled = polled.history.events[0];
    assert.equal(signalled.eventType, 'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED');
    assert.deepEqual(signalled.workflowExecutionSignaledEventAttributes.input, ['dee']);
    assert.deepEqual((await closeEvent(id)).workflowExecutionCompletedEventAttributes.result, ['approved by dee']);
  });

  test('update: completed with its result, or rejected by the validator with the reason', async () => {
    const { id } = await start('cart');
    const update = (updateId: string, amount: number) =>
      ok('POST', `/workflows/${id}/update/addItem`, {
        request: { meta: { updateId }, input: { args: [amount] } },
        waitPolicy: { lifecycleStage: 'UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED' },
      });
    const added = await update('u1', 5);
    assert.equal(added.stage, 'UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED');
    assert.deepEqual(added.outcome.success, [5]);
    assert.deepEqual(added.updateRef.workflowExecution.workflowId, id);
    const rejected = await update('u2', -1);
    assert.match(rejected.outcome.failure.message, /amount must not be negative, got -1/);
    await ok('POST', `/workflows/${id}/signal/checkout`, {});
    assert.deepEqual((await closeEvent(id)).workflowExecutionCompletedEventAttributes.result, [5]);
  });

  test('cancel and terminate', async () => {
    const cancelled = await start('waitForever');
    await historyUntil(cancelled.id, 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED');
    await ok('POST', `/workflows/${cancelled.id}/cancel`, { reason: 'not needed', requestId: randomUUID() });
    assert.equal((await closeEvent(cancelled.id)).eventType, 'EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED');
    const terminated = await start('waitForever');
    // Once the worker is done with its task, so terminating does not race a task completion.
    await historyUntil(terminated.id, 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED');
    await ok('POST', `/workflows/${terminated.id}/terminate`, { reason: 'stuck' });
    const end = await closeEvent(terminated.id);
    assert.equal(end.eventType, 'EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED');
    assert.equal(end.workflowExecutionTerminatedEventAttributes.reason, 'stuck');
    assert.equal((await ok('GET', `/workflows/${terminated.id}`)).workflowExecutionInfo.status, 'WORKFLOW_EXECUTION_STATUS_TERMINATED');
  });

  test('reset to the first workflow task: a new run replays from there and completes', async () => {
    const { id, runId } = await start('threeActivities', ['world']);
    await closeEvent(id);
    const events = (await ok('GET', `/workflows/${id}/history`)).history.events;
    const firstTask = events.find((e: Body) => e.eventType === 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED');
    const reset = await ok('POST', `/workflows/${id}/reset`, {
      workflowExecution: { runId },
      workflowTaskFinishEventId: firstTask.eventId,
      reason: 'try again',
      requestId: randomUUID(),
    });
    assert.ok(reset.runId && reset.runId !== runId);
    const end = await closeEvent(id, reset.runId);
    assert.deepEqual(end.workflowExecutionCompletedEventAttributes.result, ['HELLO WORLD!']);
    assert.equal((await ok('GET', `/workflows/${id}`)).workflowExecutionInfo.execution.runId, reset.runId);
  });

  test('schedules: create, list, describe, pause, trigger, delete', async () => {
    const scheduleId = uniqueId('http-schedule');
    const workflowId = uniqueId('scheduled-echo');
    const before = Number((await ok('GET', '/schedule-count')).count ?? 0);
    await ok('POST', `/schedules/${scheduleId}`, {
      schedule: {
        spec: { interval: [{ interval: '86400s' }] },
        action: { startWorkflow: { workflowId, workflowType: { name: 'echo' }, taskQueue: { name: taskQueue }, input: ['from a schedule'] } },
      },
      requestId: randomUUID(),
    });
    const listed = await ok('GET', '/schedules');
    const entry = listed.schedules.find((s: Body) => s.scheduleId === scheduleId);
    assert.equal(entry.info.workflowType.name, 'echo');
    const described = await ok('GET', `/schedules/${scheduleId}`);
    assert.deepEqual(described.schedule.spec.interval, [{ interval: '86400s' }]);
    assert.deepEqual(described.schedule.action.startWorkflow.input, ['from a schedule']);
    assert.equal(described.info.futureActionTimes.length > 0, true);

    await ok('POST', `/schedules/${scheduleId}/patch`, { patch: { pause: 'paused over HTTP' } });
    const paused = await ok('GET', `/schedules/${scheduleId}`);
    assert.deepEqual([paused.schedule.state.paused, paused.schedule.state.notes], [true, 'paused over HTTP']);

    await ok('POST', `/schedules/${scheduleId}/patch`, { patch: { triggerImmediately: {} } });
    const triggered = await ok('GET', `/schedules/${scheduleId}`);
    const started = triggered.info.recentActions[0].startWorkflowResult;
    assert.match(started.workflowId, new RegExp(`^${workflowId}`));
    const end = await closeEvent(started.workflowId, started.runId);
    assert.deepEqual(end.workflowExecutionCompletedEventAttributes.result, [{ received: 'from a schedule', type: 'string' }]);
    assert.equal((await ok('GET', '/schedule-count')).count, String(before + 1));

    assert.deepEqual(await ok('DELETE', `/schedules/${scheduleId}`), {});
    const gone = await http('GET', `/schedules/${scheduleId}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.body.code, 5);
    assert.equal(Number((await ok('GET', '/schedule-count')).count ?? 0), before);
  });

  test('namespaces, search attributes, cluster and system info', async () => {
    const namespaces = await ok('GET', '/api/v1/namespaces');
    assert.ok(namespaces.namespaces.some((n: Body) => n.namespaceInfo.name === 'default'));
    const ns = await ok('GET', '/api/v1/namespaces/default');
    assert.equal(ns.namespaceInfo.state, 'NAMESPACE_STATE_REGISTERED');
    assert.match(ns.config.workflowExecutionRetentionTtl, /^\d+s$/);
    const attributes = await ok('GET', '/search-attributes');
    assert.equal(attributes.systemAttributes.WorkflowType, 'INDEXED_VALUE_TYPE_KEYWORD');
    assert.equal(attributes.systemAttributes.StartTime, 'INDEXED_VALUE_TYPE_DATETIME');
    const cluster = await ok('GET', '/api/v1/cluster-info');
    assert.match(cluster.serverVersion, /^\d+\.\d+\.\d+$/);
    const system = await ok('GET', '/api/v1/system-info');
    assert.equal(system.capabilities.countGroupByExecutionStatus, true);
  });

  test('an unknown workflow is 404 with NotFoundFailure; a malformed list query is 400 with code 3', async () => {
    const missing = await http('GET', '/workflows/no-such-workflow/history');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, 5);
    assert.match(missing.body.message, /no-such-workflow/);
    assert.deepEqual(missing.body.details, [{ '@type': 'type.googleapis.com/temporal.api.errordetails.v1.NotFoundFailure' }]);
    const malformed = await http('GET', `/workflows?query=${encodeURIComponent("WorkflowType = 'echo' AND (")}`);
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.code, 3);
    assert.equal(typeof malformed.body.message, 'string');
  });
});
