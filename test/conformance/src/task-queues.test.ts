// Task queues on our server, seen through the official 1.24 client and its raw WorkflowService: DescribeTaskQueue
// in both modes (pollers, backlog, rates, config), dispatch by priority and by fairness key, delete, and schedule
// lists filtered with a query.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { WorkflowNotFoundError } from '@temporalio/client';
import { temporal } from '@durable/proto';
import { startEnv, uniqueId, until, type Env } from './harness.js';

const Enums = temporal.api.enums.v1;
const WORKFLOW = Enums.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW;
const ACTIVITY = Enums.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY;

describe('task queues, priority, fairness and delete on the Durable dev server', () => {
  let env: Env;
  before(async () => {
    env = await startEnv({ searchAttributes: { Team: 'Keyword' } }, 'task-queues', { identity: 'worker-under-test' });
  });
  after(async () => {
    await env?.stop();
  });
  const service = () => env.client.workflowService;

  /** Starts workflows on a queue no worker polls, so they wait there as backlog. */
  async function backlog(queue: string, options: { priority?: { priorityKey?: number; fairnessKey?: string; fairnessWeight?: number } }[]) {
    const ids: string[] = [];
    for (const o of options) {
      const h = await env.client.workflow.start('echo', { taskQueue: queue, workflowId: uniqueId(queue), args: [1], ...o });
      ids.push(h.workflowId);
    }
    return ids;
  }

  /** Takes the queue's workflow tasks one by one, as a worker would, and says whose they were. */
  async function drain(queue: string, n: number): Promise<string[]> {
    const order: string[] = [];
    for (let i = 0; i < n; i++) {
      const task = await service().pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: queue }, identity: 'drainer' });
      order.push(task.workflowExecution!.workflowId!);
    }
    return order;
  }

  test('DescribeTaskQueue (legacy mode) lists the worker polling each queue type, with its identity and rate', async () => {
    for (const taskQueueType of [WORKFLOW, ACTIVITY]) {
      const d = await until('the worker to poll', async () => {
        const r = await service().describeTaskQueue({ namespace: 'default', taskQueue: { name: 'task-queues' }, taskQueueType });
        return r.pollers?.length ? r : undefined;
      });
      const poller = d.pollers!.find((p) => p.identity === 'worker-under-test');
      assert.ok(poller, `pollers: ${d.pollers!.map((p) => p.identity)}`);
      assert.ok(Number(poller.lastAccessTime!.seconds) * 1000 > Date.now() - 120_000);
      assert.ok(poller.ratePerSecond! > 0);
    }
  });

  test('reportStats gives the backlog count and age, by priority too; includeTaskQueueStatus the legacy status', async () => {
    const queue = uniqueId('backlog');
    await backlog(queue, [{}, {}, { priority: { priorityKey: 1 } }]);
    const d = await service().describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: queue },
      taskQueueType: WORKFLOW,
      reportStats: true,
      includeTaskQueueStatus: true,
    });
    assert.equal(Number(d.stats!.approximateBacklogCount), 3);
    assert.ok(d.stats!.tasksAddRate! > 0);
    assert.equal(Number(d.statsByPriorityKey![1]!.approximateBacklogCount), 1);
    assert.equal(Number(d.statsByPriorityKey![3]!.approximateBacklogCount), 2);
    assert.equal(Number(d.taskQueueStatus!.backlogCountHint), 3);
    assert.deepEqual(d.pollers, []);

    const enhanced = await service().describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: queue },
      apiMode: Enums.DescribeTaskQueueMode.DESCRIBE_TASK_QUEUE_MODE_ENHANCED,
      taskQueueTypes: [WORKFLOW, ACTIVITY],
      reportStats: true,
      reportPollers: true,
    });
    const unversioned = enhanced.versionsInfo!['']!;
    assert.equal(Number(unversioned.typesInfo![WORKFLOW]!.stats!.approximateBacklogCount), 3);
    assert.equal(Number(unversioned.typesInfo![ACTIVITY]!.stats!.approximateBacklogCount), 0);
    await drain(queue, 3);
    const after = await service().describeTaskQueue({ namespace: 'default', taskQueue: { name: queue }, reportStats: true });
    assert.equal(Number(after.stats!.approximateBacklogCount), 0, 'started tasks are no longer backlog');
    assert.ok(after.stats!.tasksDispatchRate! > 0);
    assert.ok(after.pollers!.some((p) => p.identity === 'drainer'));
  });

  test('tasks dispatch by priority key (1 first, 3 when unset), oldest first within a priority', async () => {
    const queue = uniqueId('priority');
    const [low, unset, high, high2, urgent] = await backlog(queue, [
      { priority: { priorityKey: 5 } },
      {},
      { priority: { priorityKey: 2 } },
      { priority: { priorityKey: 2 } },
      { priority: { priorityKey: 1 } },
    ]);
    assert.deepEqual(await drain(queue, 5), [urgent, high, high2, unset, low]);
  });

  test('within a priority, fairness keys take turns by weight instead of first come first served', async () => {
    const queue = uniqueId('fair');
    const bulk = await backlog(queue, Array(6).fill({ priority: { fairnessKey: 'bulk-tenant' } }));
    const small = await backlog(queue, Array(3).fill({ priority: { fairnessKey: 'small-tenant' } }));
    const order = await drain(queue, 6);
    const who = order.map((id) => (bulk.includes(id) ? 'bulk' : small.includes(id) ? 'small' : '?'));
    assert.deepEqual(who, ['bulk', 'small', 'bulk', 'small', 'bulk', 'small']);

    const weighted = uniqueId('weighted');
    const light = await backlog(weighted, Array(6).fill({ priority: { fairnessKey: 'light', fairnessWeight: 1 } }));
    await backlog(weighted, Array(6).fill({ priority: { fairnessKey: 'heavy', fairnessWeight: 2 } }));
    const first6 = await drain(weighted, 6);
    assert.equal(first6.filter((id) => !light.includes(id)).length, 4, 'weight 2 is served twice as often');
  });

  test('UpdateTaskQueueConfig sets a queue rate limit that DescribeTaskQueue reports and dispatch honours', async () => {
    const queue = uniqueId('limited');
    const updated = await service().updateTaskQueueConfig({
      namespace: 'default',
      identity: 'operator',
      taskQueue: queue,
      taskQueueType: WORKFLOW,
      updateQueueRateLimit: { rateLimit: { requestsPerSecond: 2 }, reason: 'protect the backend' },
      setFairnessWeightOverrides: { vip: 3 },
    });
    assert.equal(updated.config!.queueRateLimit!.rateLimit!.requestsPerSecond, 2);
    const d = await service().describeTaskQueue({ namespace: 'default', taskQueue: { name: queue }, reportConfig: true });
    assert.equal(d.config!.queueRateLimit!.metadata!.reason, 'protect the backend');
    assert.equal(d.config!.fairnessWeightOverrides!.vip, 3);
    assert.equal(d.effectiveRateLimit!.requestsPerSecond, 2);
    assert.equal(d.effectiveRateLimit!.rateLimitSource, Enums.RateLimitSource.RATE_LIMIT_SOURCE_API);
    await backlog(queue, [{}, {}, {}, {}, {}]);
    const started = Date.now();
    await drain(queue, 5);
    // A bucket of 2 tokens refilled at 2/s: five tasks take at least 1.5 s.
    assert.ok(Date.now() - started >= 1400, `five tasks at 2/s took ${Date.now() - started} ms`);
    await assert.rejects(
      service().updateTaskQueueConfig({ namespace: 'default', taskQueue: queue, taskQueueType: WORKFLOW, setFairnessWeightOverrides: { bad: -1 } }),
      (e: { code: number; details: string }) => e.code === status.INVALID_ARGUMENT && /greater than zero/.test(e.details),
    );
  });

  test('DeleteWorkflowExecution terminates an open run first, then it is gone from describe, history, list and count', async () => {
    const h = await env.client.workflow.start('waitForever', { taskQueue: 'task-queues', workflowId: uniqueId('delete-me') });
    await service().deleteWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId: h.workflowId } });
    await assert.rejects(h.describe(), WorkflowNotFoundError);
    await assert.rejects(h.fetchHistory(), (e: { code: number }) => e.code === status.NOT_FOUND);
    const { count } = await env.client.workflow.count(`WorkflowId = '${h.workflowId}'`);
    assert.equal(count, 0);
    await assert.rejects(
      service().deleteWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId: h.workflowId } }),
      (e: { code: number }) => e.code === status.NOT_FOUND,
    );

    // A closed run is deleted as it is; the id can be started again.
    const done = await env.client.workflow.start('echo', { taskQueue: 'task-queues', workflowId: uniqueId('delete-closed'), args: [7] });
    assert.deepEqual(await done.result(), { received: 7, type: 'number' });
    await service().deleteWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId: done.workflowId, runId: done.firstExecutionRunId } });
    await assert.rejects(done.describe(), WorkflowNotFoundError);
    const again = await env.client.workflow.start('echo', { taskQueue: 'task-queues', workflowId: done.workflowId, args: [8] });
    assert.deepEqual(await again.result(), { received: 8, type: 'number' });
  });

  test('ListSchedules and CountSchedules with a query filter on search attributes, pause state and id', async () => {
    const prefix = uniqueId('sched');
    const make = (id: string, team: string, paused: boolean) =>
      env.client.schedule.create({
        scheduleId: `${prefix}-${id}`,
        spec: { intervals: [{ every: '1h' }] },
        action: { type: 'startWorkflow', workflowType: 'echo', taskQueue: 'task-queues', args: [1] },
        searchAttributes: { Team: [team] },
        state: { paused },
      });
    await make('a', 'red', false);
    await make('b', 'red', true);
    await make('c', 'blue', false);
    const ids = async (query: string) => {
      const out: string[] = [];
      for await (const s of env.client.schedule.list({ query })) out.push(s.scheduleId.replace(`${prefix}-`, ''));
      return out.sort();
    };
    assert.deepEqual(await ids(`Team = 'red' AND ScheduleId STARTS_WITH '${prefix}'`), ['a', 'b']);
    assert.deepEqual(await ids(`TemporalSchedulePaused = false AND ScheduleId STARTS_WITH '${prefix}'`), ['a', 'c']);
    const count = await service().countSchedules({ namespace: 'default', query: `Team = 'blue' AND ScheduleId STARTS_WITH '${prefix}'` });
    assert.equal(Number(count.count), 1);
    await assert.rejects(
      service().listSchedules({ namespace: 'default', query: 'Nope = 1' }),
      (e: { code: number }) => e.code === status.INVALID_ARGUMENT,
    );
  });
});
