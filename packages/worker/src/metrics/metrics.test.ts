// Runtime.install with a Prometheus bindAddress: after a set of workflows, the worker's endpoint shows the official
// SDK's metric names and labels with the right counts, and runs replayed after every task (no cache) add nothing
// to workflow counters or to the metrics workflow code records.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { Connection, Client } from '@durable/client';
import type { DevServer } from '@durable/server';
import { Scrape } from '../../../server/dist/fixtures/prometheus.js';
import { Runtime, Worker } from '../index.js';
import * as activities from '../fixtures/activities.js';
import { fixture, startTestServer, stopTestServer, uid } from '../fixtures/test-server.js';

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('worker metrics on a Prometheus endpoint', () => {
  let server: DevServer;
  let connection: Connection;
  let client: Client;
  let scrape: Scrape;
  const taskQueue = uid('metrics');
  const runs = 3;

  before(async () => {
    const bindAddress = `127.0.0.1:${await freePort()}`;
    Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress }, globalTags: { deployment: 'test' } } } });
    ({ server, connection, client } = await startTestServer());
    // No cache: every task after a run's first replays its history from the start.
    const worker = await Worker.create({ connection, taskQueue, workflowsPath: fixture('workflows.js'), activities, maxCachedWorkflows: 0 });
    await worker.runUntil(async () => {
      for (let i = 0; i < runs; i++) assert.equal(await client.workflow.execute('metered', { taskQueue, workflowId: uid('metered'), args: ['hi'] }), 'hi');
      await assert.rejects(client.workflow.execute('throwsTypeError', { taskQueue, workflowId: uid('fails'), workflowExecutionTimeout: '2s' }));
    });
    scrape = await Scrape.from(`http://${bindAddress}/metrics`);
  });
  after(async () => {
    await stopTestServer({ server, connection });
    await Runtime.instance().shutdown();
  });

  const ours = { namespace: 'default', task_queue: taskQueue, service_name: 'temporal-core-sdk', deployment: 'test' };

  test('counts workflows by type, once each however often they were replayed', () => {
    assert.equal(scrape.family('temporal_workflow_completed').type, 'COUNTER');
    assert.equal(scrape.value('temporal_workflow_completed', { ...ours, workflow_type: 'metered' }), runs);
    assert.equal(scrape.count('temporal_workflow_endtoend_latency', { ...ours, workflow_type: 'metered' }), runs);
    assert.ok(scrape.value('temporal_sticky_cache_miss', ours) >= runs, 'each run was rebuilt from its history');
    assert.ok(scrape.count('temporal_workflow_task_replay_latency', { ...ours, workflow_type: 'metered' }) >= runs);
    assert.equal(scrape.count('temporal_workflow_task_execution_latency', { ...ours, workflow_type: 'metered' }), 2 * runs);
    assert.ok(scrape.value('temporal_workflow_task_execution_failed', { ...ours, workflow_type: 'throwsTypeError', failure_reason: 'WorkflowError' }) >= 1);
  });

  test('metrics from workflow code count live work only; activity metrics carry the activity type', () => {
    assert.equal(scrape.value('orders_seen', { stage: 'start', workflowType: 'metered', namespace: 'default', taskQueue }), runs);
    assert.equal(scrape.value('orders_seen', { stage: 'end' }), runs);
    assert.equal(scrape.value('echoes', { activityType: 'countedEcho', taskQueue }), runs);
    assert.equal(scrape.value('temporal_activity_task_received', { ...ours, activity_type: 'countedEcho', workflow_type: 'metered' }), runs);
    assert.equal(scrape.count('temporal_activity_execution_latency', { ...ours, activity_type: 'countedEcho' }), runs);
    assert.equal(scrape.count('temporal_activity_schedule_to_start_latency', ours), runs);
  });

  test("the worker's requests, pollers, slots and cache", () => {
    // Only polls name a task queue, as core labels them.
    assert.equal(scrape.value('temporal_request', { namespace: 'default', service_name: 'temporal-core-sdk', operation: 'RespondActivityTaskCompleted', task_queue: '' }), runs);
    assert.ok(scrape.value('temporal_long_request', { ...ours, operation: 'PollWorkflowTaskQueue' }) > 0);
    assert.ok(scrape.count('temporal_request_latency', { operation: 'RespondWorkflowTaskCompleted' }) >= 2 * runs);
    assert.equal(scrape.family('temporal_num_pollers').type, 'GAUGE');
    assert.equal(scrape.samples('temporal_num_pollers', { ...ours, poller_type: 'sticky_workflow_task' }).length, 1);
    assert.equal(scrape.value('temporal_worker_task_slots_available', { ...ours, worker_type: 'WorkflowWorker' }), 40);
    assert.equal(scrape.value('temporal_worker_task_slots_used', { ...ours, worker_type: 'ActivityWorker' }), 0);
    assert.equal(scrape.value('temporal_sticky_cache_size', ours), 0);
    assert.equal(scrape.value('temporal_worker_start', ours), 1);
  });
});
