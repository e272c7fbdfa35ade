// Our worker reports itself as the official 1.24 worker does (RecordWorkerHeartbeat at start, every
// workerHeartbeatInterval, and a last SHUTDOWN heartbeat with ShutdownWorker): our dev server's ListWorkers,
// DescribeWorker and CountWorkers show it with real figures. And it asks for its own activities eagerly, so they
// start with the workflow task's answer instead of a poll later.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { temporal } from '@durable/proto';
import { DefaultLogger, Runtime, Worker } from '@durable/worker';
import * as activities from './durable-activities.js';
import { startDurableEnv, uniqueId, until, type DurableEnv } from './harness.js';
import { freePort } from './server-process.js';

const WorkerStatus = temporal.api.enums.v1.WorkerStatus;

describe('our worker in the dev server’s worker list', () => {
  let env: DurableEnv;
  let metricsUrl: string;
  const queue = uniqueId('heartbeats');
  before(async () => {
    const bindAddress = `127.0.0.1:${await freePort()}`;
    metricsUrl = `http://${bindAddress}/metrics`;
    // Every second here, so a test sees the periodic heartbeats (60 s by default).
    Runtime.install({ logger: new DefaultLogger('WARN'), workerHeartbeatInterval: '1s', telemetryOptions: { metrics: { prometheus: { bindAddress } } } });
    env = await startDurableEnv({}, queue, { identity: 'durable-heartbeating' });
  });
  after(async () => {
    await env?.stop();
    await Runtime.instance().shutdown();
  });
  const service = () => env.client.workflowService;
  const describeWorker = async (workerInstanceKey: string) =>
    (await service().describeWorker({ namespace: 'default', workerInstanceKey })).workerInfo!.workerHeartbeat!;

  test('the worker is listed from its start with its task queue, identity and SDK, and DescribeWorker gives its slots and pollers', async () => {
    const listed = await until('the first heartbeat', async () => {
      const r = await service().listWorkers({ namespace: 'default', query: `TaskQueue = '${queue}'` });
      return r.workers?.length ? r.workers : undefined;
    });
    assert.equal(listed.length, 1);
    const w = listed[0]!;
    assert.equal(w.workerIdentity, 'durable-heartbeating');
    assert.equal(w.taskQueue, queue);
    assert.equal(w.status, WorkerStatus.WORKER_STATUS_RUNNING);
    assert.equal(w.sdkName, 'durable-typescript');
    assert.equal(w.processId, String(process.pid));

    const hb = await describeWorker(w.workerInstanceKey!);
    assert.equal(hb.workflowTaskSlotsInfo?.slotSupplierKind, 'Fixed');
    assert.equal(hb.workflowTaskSlotsInfo?.currentAvailableSlots, 40, 'the default maxConcurrentWorkflowTaskExecutions, none used');
    assert.equal(hb.activityTaskSlotsInfo?.currentAvailableSlots, 100);
    assert.ok(hb.workflowPollerInfo?.currentPollers, 'workflow task polls are open');
    assert.ok(hb.workflowStickyPollerInfo?.currentPollers, 'sticky queue polls are open');
    assert.ok(hb.activityPollerInfo?.currentPollers, 'activity task polls are open');
    assert.equal(hb.environment?.runtimes?.[0]?.version, process.versions.node);

    const count = await service().countWorkers({ namespace: 'default', query: `WorkerIdentity = 'durable-heartbeating' AND WorkerStatus = 'Running'` });
    assert.equal(Number(count.count), 1);
  });

  test('activities on the workflow’s own queue start eagerly; later heartbeats count the tasks done since the one before', async () => {
    assert.equal(await env.client.workflow.execute('threeActivities', { taskQueue: queue, workflowId: uniqueId('eager'), args: ['eager'] }), 'HELLO EAGER!');
    const scrape = await (await fetch(metricsUrl)).text();
    const received = (eager: string) =>
      scrape
        .split('\n')
        .filter((l) => l.startsWith('temporal_activity_task_received{') && l.includes(`eager="${eager}"`) && l.includes(`task_queue="${queue}"`))
        .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
    assert.equal(received('true'), 3, 'each activity came back with the answer to the task that scheduled it');
    assert.equal(received('false'), 0, 'no activity went through a poll');

    const [w] = (await service().listWorkers({ namespace: 'default', query: `TaskQueue = '${queue}'` })).workers!;
    const hb = await until('a heartbeat after the workflow', async () => {
      const h = await describeWorker(w!.workerInstanceKey!);
      return h.activityTaskSlotsInfo?.totalProcessedTasks === 3 ? h : undefined;
    });
    assert.ok(hb.elapsedSinceLastHeartbeat, 'a periodic heartbeat says how long since the previous one');
    assert.ok(hb.workflowTaskSlotsInfo!.totalProcessedTasks! >= 4, 'the four workflow tasks of the run');
    assert.equal(hb.activityTaskSlotsInfo?.currentUsedSlots, 0);
  });

  test('a worker that shut down says so: its last heartbeat has status SHUTDOWN', async () => {
    const activityOnly = await Worker.create({ connection: env.connection, taskQueue: queue, activities, identity: 'short-lived' });
    await activityOnly.runUntil(
      until('the short-lived worker’s first heartbeat', async () => {
        const n = await service().countWorkers({ namespace: 'default', query: `WorkerIdentity = 'short-lived'` });
        return Number(n.count) === 1 ? true : undefined;
      }),
    );
    const [w] = (await service().listWorkers({ namespace: 'default', query: `WorkerIdentity = 'short-lived'` })).workers!;
    assert.equal(w!.status, WorkerStatus.WORKER_STATUS_SHUTDOWN);
    const hb = await describeWorker(w!.workerInstanceKey!);
    assert.ok(!hb.workflowTaskSlotsInfo, 'an activity-only worker has no workflow slots');
    assert.equal(hb.activityPollerInfo?.currentPollers, 0, 'its polls have ended');
    const running = await service().countWorkers({ namespace: 'default', query: `TaskQueue = '${queue}' AND WorkerStatus = 'Running'` });
    assert.equal(Number(running.count), 1, 'the other worker still runs');
  });
});
