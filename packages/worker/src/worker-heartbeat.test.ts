// The heartbeat a worker sends is built from its live figures: slots, pollers and tasks per kind of task it runs,
// counts since the previous heartbeat, and its status, as the official worker fills WorkerHeartbeat.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { temporal } from '@durable/proto';
import { LiveFigures } from './metrics/worker-metrics.js';
import { buildWorkerHeartbeat, snapshotTasks, type HeartbeatSubject } from './worker-heartbeat.js';

const Status = temporal.api.enums.v1.WorkerStatus;
const seconds = (t: { seconds?: unknown } | null | undefined) => Number(t?.seconds);

const subject: HeartbeatSubject = {
  instanceKey: 'key-1',
  identity: 'me@host',
  taskQueue: 'orders',
  groupingKey: 'group-1',
  deploymentVersion: { deploymentName: 'shop', buildId: 'v1' },
  startTimeMs: 1_000_000,
  workflowSlots: 'Fixed',
  activitySlots: 'ResourceBased',
};
const host = { cpuUsage: 0.25, memUsage: 0.5 };

function busyWorker(): LiveFigures {
  const live = new LiveFigures();
  live.slots.WorkflowWorker = { available: 38, used: 2 };
  live.slots.ActivityWorker = { available: undefined, used: 5 };
  live.pollers.workflow_task = 2;
  live.pollers.sticky_workflow_task = 8;
  live.lastTaskPolledMs.sticky_workflow_task = 1_060_000;
  live.tasks.WorkflowWorker = { processed: 10, failed: 1 };
  live.tasks.ActivityWorker = { processed: 4, failed: 0 };
  live.localActivitiesRunning = 1;
  live.cacheHits = 7;
  live.cacheMisses = 3;
  return live;
}

test('a running worker reports who it is, its slots, pollers and cache', () => {
  const hb = buildWorkerHeartbeat(subject, { status: 'RUNNING', nowMs: 1_061_000, live: busyWorker(), cachedWorkflows: 4, host });
  assert.equal(hb.workerInstanceKey, 'key-1');
  assert.equal(hb.workerIdentity, 'me@host');
  assert.equal(hb.taskQueue, 'orders');
  assert.equal(hb.status, Status.WORKER_STATUS_RUNNING);
  assert.deepEqual(hb.deploymentVersion, { deploymentName: 'shop', buildId: 'v1' });
  assert.equal(hb.hostInfo?.workerGroupingKey, 'group-1');
  assert.equal(hb.hostInfo?.processId, String(process.pid));
  assert.equal(hb.hostInfo?.currentHostCpuUsage, 0.25);
  assert.equal(seconds(hb.startTime), 1000);
  assert.equal(seconds(hb.heartbeatTime), 1061);
  assert.equal(hb.elapsedSinceLastHeartbeat, undefined, 'no heartbeat before the first');
  assert.deepEqual(
    { ...hb.workflowTaskSlotsInfo },
    { currentAvailableSlots: 38, currentUsedSlots: 2, slotSupplierKind: 'Fixed', totalProcessedTasks: 10, totalFailedTasks: 1, lastIntervalProcessedTasks: 10, lastIntervalFailureTasks: 1 },
  );
  assert.equal(hb.activityTaskSlotsInfo?.currentAvailableSlots, -1, 'resource-based slots have no fixed number');
  assert.equal(hb.activityTaskSlotsInfo?.slotSupplierKind, 'ResourceBased');
  assert.equal(hb.localActivitySlotsInfo?.currentUsedSlots, 1);
  assert.equal(hb.workflowPollerInfo?.currentPollers, 2);
  assert.equal(hb.workflowPollerInfo?.lastSuccessfulPollTime, undefined);
  assert.equal(seconds(hb.workflowStickyPollerInfo?.lastSuccessfulPollTime), 1060);
  assert.equal(hb.totalStickyCacheHit, 7);
  assert.equal(hb.totalStickyCacheMiss, 3);
  assert.equal(hb.currentStickyCacheSize, 4);
  assert.equal(hb.nexusTaskSlotsInfo, undefined, 'the worker runs no Nexus tasks');
  assert.match(hb.sdkName ?? '', /typescript/);
});

test('counts since the previous heartbeat, and the status of a worker that stops', () => {
  const live = busyWorker();
  const previous = { sentMs: 1_001_000, tasks: snapshotTasks(live) };
  live.tasks.WorkflowWorker = { processed: 13, failed: 2 };
  const hb = buildWorkerHeartbeat(subject, { status: 'SHUTDOWN', nowMs: 1_061_500, live, cachedWorkflows: 0, host, previous });
  assert.equal(hb.status, Status.WORKER_STATUS_SHUTDOWN);
  assert.equal(seconds(hb.elapsedSinceLastHeartbeat), 60);
  assert.equal(hb.elapsedSinceLastHeartbeat?.nanos, 500_000_000);
  assert.equal(hb.workflowTaskSlotsInfo?.lastIntervalProcessedTasks, 3);
  assert.equal(hb.workflowTaskSlotsInfo?.lastIntervalFailureTasks, 1);
  assert.equal(hb.activityTaskSlotsInfo?.lastIntervalProcessedTasks, 0);
});

test('an activity-only worker reports no workflow slots, pollers or cache', () => {
  const hb = buildWorkerHeartbeat({ ...subject, workflowSlots: undefined }, { status: 'SHUTTING_DOWN', nowMs: 1_002_000, live: busyWorker(), cachedWorkflows: 0, host });
  assert.equal(hb.status, Status.WORKER_STATUS_SHUTTING_DOWN);
  assert.equal(hb.workflowTaskSlotsInfo, undefined);
  assert.equal(hb.workflowPollerInfo, undefined);
  assert.equal(hb.totalStickyCacheHit, undefined);
  assert.equal(hb.activityTaskSlotsInfo?.currentUsedSlots, 5);
});
