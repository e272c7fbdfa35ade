// Behaviour the official 1.24 SDK's own integration tests expect of a Temporal server, with its client and worker:
// typed search attribute payloads, schedules without a spec, async completion of an activity that does not exist,
// what the worker learns of timeouts and roots, eager workflow start, child priority and child timeouts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ActivityNotFoundError, Client, WorkflowNotFoundError } from '@temporalio/client';
import { defineSearchAttributeKey, NamespaceNotFoundError } from '@temporalio/common';
import { Worker as OfficialWorker } from '@temporalio/worker';
import { temporal } from '@durable/proto';
import { startEnv, uniqueId, until, workflowsPath, type Env } from './harness.js';

const ET = temporal.api.enums.v1.EventType;
const deadlineKey = defineSearchAttributeKey('Deadline', 'DATETIME');

/** Temporal's own activity task token format (token.v1.Task), as the SDK's tests build one: namespace id, ids. */
function temporalTaskToken(namespaceId: string, workflowId: string, runId: string): Uint8Array {
  const field = (n: number, text: string) => [(n << 3) | 2, Buffer.byteLength(text), ...Buffer.from(text)];
  return new Uint8Array([...field(1, namespaceId), ...field(2, workflowId), ...field(3, runId), 32, 5, 40, 1, ...field(6, '1'), ...field(8, 'completeAsync')]);
}

describe('what the official SDK expects of a Temporal server', () => {
  let env: Env;
  before(async () => {
    env = await startEnv({ searchAttributes: { Deadline: 'Datetime', Region: 'Keyword' } }, 'parity');
  });
  after(async () => {
    await env?.stop();
  });
  const start = (workflowType: string, extra: object = {}) =>
    env.client.workflow.start(workflowType, { taskQueue: env.taskQueue, workflowId: uniqueId(workflowType), ...extra });

  test('search attributes sent untyped come back typed: in the workflow, describe, list, history and schedules', async () => {
    const at = new Date('2030-01-02T03:04:05.000Z');
    const h = await start('readsTypedSearchAttributes', { searchAttributes: { Deadline: [at], Region: ['eu'] } });
    assert.deepEqual(await h.result(), ['Deadline:DATETIME', 'Region:KEYWORD', at.toISOString()]);

    const d = await h.describe();
    assert.ok(d.searchAttributes.Deadline?.[0] instanceof Date, 'a Datetime is a Date, not a string');
    assert.equal(d.typedSearchAttributes.get(deadlineKey)?.toISOString(), at.toISOString());
    const listed = [];
    for await (const w of env.client.workflow.list({ query: `WorkflowId = '${h.workflowId}'` })) listed.push(w);
    assert.equal(listed[0]?.typedSearchAttributes.get(deadlineKey)?.toISOString(), at.toISOString());
    const started = (await h.fetchHistory()).events?.[0]?.workflowExecutionStartedEventAttributes;
    assert.equal(Buffer.from(started?.searchAttributes?.indexedFields?.Deadline?.metadata?.type ?? []).toString(), 'Datetime');

    const schedule = await env.client.schedule.create({
      scheduleId: uniqueId('typed'),
      spec: { intervals: [{ every: '1 day' }] },
      action: { type: 'startWorkflow', workflowType: 'waitForever', taskQueue: env.taskQueue, searchAttributes: { Deadline: [at] } },
    });
    const action = (await schedule.describe()).action;
    assert.equal(action.type, 'startWorkflow');
    assert.ok(action.searchAttributes?.Deadline?.[0] instanceof Date);
    await schedule.delete();
  });

  test('a schedule without a spec is valid: it acts only when triggered', async () => {
    const schedule = await env.client.schedule.create({
      scheduleId: uniqueId('no-spec'),
      spec: {},
      action: { type: 'startWorkflow', workflowType: 'ownPriority', taskQueue: env.taskQueue },
    });
    assert.deepEqual((await schedule.describe()).info.nextActionTimes, []);
    await schedule.trigger();
    const workflowId = await until('the triggered run', async () => (await schedule.describe()).info.recentActions[0]?.action.workflow.workflowId);
    await env.client.workflow.getHandle(workflowId).result();
    await schedule.delete();
  });

  test('async completion naming no activity is ActivityNotFoundError; naming an unknown namespace, NamespaceNotFoundError', async () => {
    const { namespaceInfo } = await env.client.workflowService.describeNamespace({ namespace: 'default' });
    const notFound = temporalTaskToken(namespaceInfo!.id!, randomUUID(), randomUUID());
    await assert.rejects(env.client.activity.complete(notFound, 'done'), ActivityNotFoundError);
    await assert.rejects(env.client.activity.fail(notFound, new Error('failed')), ActivityNotFoundError);
    await assert.rejects(env.client.activity.heartbeat(notFound), ActivityNotFoundError);
    await assert.rejects(env.client.activity.reportCancellation(notFound), ActivityNotFoundError);
    await assert.rejects(env.client.activity.complete(temporalTaskToken(randomUUID(), randomUUID(), randomUUID()), 'done'), NamespaceNotFoundError);
    await assert.rejects(env.client.activity.complete({ workflowId: randomUUID(), activityId: '1' }, 'done'), ActivityNotFoundError);
  });

  test('timeouts not given are unset for the worker; only a child has a root; a signal after completion gets Temporal\'s text', async () => {
    const top = await start('ownTimeoutsAndRoot');
    assert.deepEqual(await top.result(), { runTimeoutMs: null, executionTimeoutMs: null, root: null });
    const started = (await top.fetchHistory()).events?.[0]?.workflowExecutionStartedEventAttributes;
    assert.equal(started?.workflowRunTimeout, null);
    assert.equal(started?.rootWorkflowExecution, null);

    const parent = await start('childReportsTimeoutsAndRoot');
    assert.deepEqual(await parent.result(), { runTimeoutMs: null, executionTimeoutMs: null, root: parent.workflowId });

    const late = await top.signal('finish', 'complete').then(() => assert.fail('expected a refusal'), (e: unknown) => e);
    assert.ok(late instanceof WorkflowNotFoundError);
    assert.equal(late.message, 'workflow execution already completed');
  });

  test('eager workflow start: the first task goes straight to the worker sharing the connection', async () => {
    const client = new Client({ connection: env.nativeConnection });
    const h = await client.workflow.start('threeActivities', { taskQueue: env.taskQueue, workflowId: uniqueId('eager'), args: ['eager'], requestEagerStart: true });
    assert.equal(h.eagerlyStarted, true);
    assert.equal(await h.result(), 'HELLO EAGER!');
    const events = (await h.fetchHistory()).events ?? [];
    // The eager task itself completed: no failed attempt went back through the queue.
    assert.deepEqual(events.slice(1, 4).map((e) => e.eventType), [
      ET.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      ET.EVENT_TYPE_WORKFLOW_TASK_STARTED,
      ET.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
    ]);
    assert.ok(!events.some((e) => e.eventType === ET.EVENT_TYPE_WORKFLOW_TASK_FAILED));
    await OfficialWorker.runReplayHistory({ workflowsPath }, await h.fetchHistory(), h.workflowId);
  });

  test("a child dispatches with its own priority; a child past its execution timeout reports retry state TIMEOUT", async () => {
    const parent = await start('childWithPriority');
    assert.equal(await parent.result(), 2);
    const child = await env.client.workflow.getHandle(`${parent.workflowId}-child`).describe();
    assert.equal(child.priority?.priorityKey, 2);

    const timesOut = await start('childTimesOut');
    assert.equal(await timesOut.result(), 'TIMEOUT');
    await OfficialWorker.runReplayHistory({ workflowsPath }, await timesOut.fetchHistory(), timesOut.workflowId);
  });
});
