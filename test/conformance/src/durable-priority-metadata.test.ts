// What our client and worker gained for priorities, user metadata and history figures (issue 16), against our dev
// server: activities dispatch by the priority our client and our workflow code give them; summaries and details
// from our client and our workflow code land on the events and in describe; workflowInfo() carries the history
// length, size and continue-as-new suggestion the server sends.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { Worker } from '@durable/worker';
import { startDurableEnv, uniqueId, until, type DurableEnv } from './harness.js';

const workflowsPath = fileURLToPath(new URL('./durable-sdk-workflows.js', import.meta.url));
const text = (p: { data?: Uint8Array | null } | null | undefined) => (p?.data ? JSON.parse(Buffer.from(p.data).toString()) : undefined);

describe('priorities, user metadata and history figures with our client and worker', () => {
  let env: DurableEnv;
  before(async () => {
    env = await startDurableEnv({ dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': '30' } }, 'durable-sdk16', { workflowsPath });
  });
  after(() => env?.stop());

  /** Runs a worker on `taskQueue` that takes one activity at a time, until `n` ran; their names in the order run. */
  async function runOneByOne(taskQueue: string, n: number): Promise<string[]> {
    const order: string[] = [];
    const worker = await Worker.create({
      connection: env.connection,
      taskQueue,
      activities: { greet: async (name: string) => (order.push(name), `hello ${name}`) },
      maxConcurrentActivityTaskExecutions: 1,
      maxConcurrentActivityTaskPolls: 1,
    });
    await worker.runUntil(until(`${n} activities`, () => (order.length >= n ? true : undefined)));
    return order;
  }

  test('standalone activities started with priorities run in priority order (1 first, 3 when unset)', async () => {
    const queue = uniqueId('prio-standalone');
    const start = (name: string, priorityKey?: number) =>
      env.client.activity.start('greet', { id: uniqueId(name), taskQueue: queue, startToCloseTimeout: '10s', args: [name], priority: priorityKey ? { priorityKey } : undefined });
    const handles = [await start('low', 5), await start('unset'), await start('urgent', 1), await start('high', 2)];
    assert.deepEqual(await runOneByOne(queue, 4), ['urgent', 'high', 'unset', 'low']);
    assert.deepEqual(await Promise.all(handles.map((h) => h.result())), ['hello low', 'hello unset', 'hello urgent', 'hello high']);
  });

  test('activities a workflow schedules with priorities run in priority order; the workflow start carries its own', async () => {
    const queue = uniqueId('prio-wf');
    const h = await env.client.workflow.start('prioritizedActivities', {
      taskQueue: env.taskQueue,
      workflowId: uniqueId('prio'),
      args: [queue, [4, 1, 3, 2]],
      priority: { priorityKey: 2, fairnessKey: 'tenant-a', fairnessWeight: 2 },
    });
    await until('4 scheduled activities', async () => ((await h.describe()).raw.description.pendingActivities?.length === 4 ? true : undefined));
    assert.deepEqual(await runOneByOne(queue, 4), ['1', '2', '3', '4']);
    assert.deepEqual(await h.result(), ['hello 4', 'hello 1', 'hello 3', 'hello 2']);
    const d = await h.describe();
    assert.deepEqual(d.priority, { priorityKey: 2, fairnessKey: 'tenant-a', fairnessWeight: 2 });
    const scheduled = (await h.fetchHistory()).events!.filter((e) => e.activityTaskScheduledEventAttributes);
    assert.deepEqual(scheduled.map((e) => e.activityTaskScheduledEventAttributes!.priority?.priorityKey), [4, 1, 3, 2]);
    assert.deepEqual(scheduled.map((e) => text(e.userMetadata?.summary)), ['priority 4', 'priority 1', 'priority 3', 'priority 2']);
  });

  test('static summary and details from our client, summaries from workflow code, a child’s priority; all replay', async () => {
    const h = await env.client.workflow.start('summarized', {
      taskQueue: env.taskQueue,
      workflowId: uniqueId('summarized'),
      staticSummary: 'one summarized run',
      staticDetails: 'with **details**',
    });
    const result = (await h.result()) as { historyLength: number; historySize: number; continueAsNewSuggested: boolean; child: string };
    assert.equal(result.child, 'kid with priority 2');
    const d = await h.describe();
    assert.equal(await d.staticSummary(), 'one summarized run');
    assert.equal(await d.staticDetails(), 'with **details**');
    const events = (await h.fetchHistory()).events!;
    assert.equal(text(events[0]!.userMetadata?.summary), 'one summarized run');
    assert.equal(text(events.find((e) => e.activityTaskScheduledEventAttributes)!.userMetadata?.summary), 'greets the parent');
    assert.equal(text(events.find((e) => e.timerStartedEventAttributes)!.userMetadata?.summary), 'a short nap');
    const child = events.find((e) => e.startChildWorkflowExecutionInitiatedEventAttributes)!;
    assert.equal(text(child.userMetadata?.summary), 'the child');
    assert.equal(text(child.userMetadata?.details), 'started by **summarized**');
    assert.equal(child.startChildWorkflowExecutionInitiatedEventAttributes!.priority?.priorityKey, 2);
    const childId = child.startChildWorkflowExecutionInitiatedEventAttributes!.workflowId!;
    assert.equal(await (await env.client.workflow.getHandle(childId).describe()).staticSummary(), 'the child');

    // workflowInfo() reports what the last WorkflowTaskStarted said: its event id and the history's size then.
    const lastStarted = events.filter((e) => e.workflowTaskStartedEventAttributes).at(-1)!;
    assert.equal(result.historyLength, Number(lastStarted.eventId));
    assert.equal(result.historySize, Number(lastStarted.workflowTaskStartedEventAttributes!.historySizeBytes));
    assert.ok(result.historySize > 0);
    assert.equal(result.continueAsNewSuggested, false);
    await Worker.runReplayHistory({ workflowsPath }, await h.fetchHistory(), h.workflowId);
  });

  test('workflowInfo().continueAsNewSuggested turns true at limit.historyCount.suggestContinueAsNew', async () => {
    const h = await env.client.workflow.start('untilSuggested', { taskQueue: env.taskQueue, workflowId: uniqueId('suggested') });
    const length = (await h.result()) as number;
    assert.ok(length >= 30 && length < 40, `suggested at event ${length}`);
    const started = (await h.fetchHistory()).events!.filter((e) => e.workflowTaskStartedEventAttributes);
    assert.equal(started.find((e) => e.workflowTaskStartedEventAttributes!.suggestContinueAsNew)!.eventId?.toString(), String(length));
  });
});
