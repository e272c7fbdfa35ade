// Worker options and entry points of the official API: tuners (fixed, custom, resource-based), the activity log
// interceptor for a custom logger, replay results, and the debug replayer talking to a debugger over HTTP.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Client, Connection } from '@durable/client';
import { temporal } from '@durable/proto';
import type { DevServer } from '@durable/server';
import { log as activityLog } from '@durable/activity';
import {
  DefaultLogger,
  ReplayError,
  ResourceBasedController,
  Worker,
  appendDefaultInterceptors,
  type CustomSlotSupplier,
  type LogEntry,
  type SlotInfo,
} from './index.js';
import * as activities from './fixtures/activities.js';
import { fixture, startTestServer, stopTestServer, uid } from './fixtures/test-server.js';

const workflowsPath = fixture('workflows.js');

describe('worker options of the official API', () => {
  let server: DevServer;
  let connection: Connection;
  let client: Client;
  before(async () => void ({ server, connection, client } = await startTestServer()));
  after(() => stopTestServer({ server, connection }));

  test('a tuner: fixed-size workflow slots, a custom activity supplier told of each slot, and resource-based slots', async () => {
    const calls: string[] = [];
    let permits = 0;
    const custom: CustomSlotSupplier<SlotInfo> = {
      type: 'custom',
      reserveSlot: async () => ({ n: ++permits }),
      tryReserveSlot: () => null,
      markSlotUsed: ({ slotInfo }) => void calls.push(`used ${slotInfo.type === 'activity' ? slotInfo.activityType : slotInfo.type}`),
      releaseSlot: ({ slotInfo }) => void (slotInfo && calls.push(`released ${slotInfo.type === 'activity' ? slotInfo.activityType : slotInfo.type}`)),
    };
    const taskQueue = uid('tuned');
    const worker = await Worker.create({
      connection,
      taskQueue,
      workflowsPath,
      activities,
      tuner: { workflowTaskSlotSupplier: { type: 'fixed-size', numSlots: 2 }, activityTaskSlotSupplier: custom, localActivityTaskSlotSupplier: { type: 'fixed-size', numSlots: 1 } },
    });
    await worker.runUntil(async () => assert.equal(await client.workflow.execute('traced', { taskQueue, workflowId: uid('tuned'), args: ['hi'] }), 'hi'));
    assert.deepEqual(calls, ['used echo', 'released echo']);

    assert.throws(() => ResourceBasedController.create({ targetMemoryUsage: 1.5, targetCpuUsage: 0.5 }), RangeError);
    const resourceQueue = uid('resources');
    const resourced = await Worker.create({
      connection,
      taskQueue: resourceQueue,
      workflowsPath,
      activities,
      tuner: { tunerOptions: { targetMemoryUsage: 1, targetCpuUsage: 1 }, activityTaskSlotOptions: { minimumSlots: 1, maximumSlots: 2 } },
    });
    await resourced.runUntil(async () => assert.equal(await client.workflow.execute('parallel', { taskQueue: resourceQueue, workflowId: uid('res'), args: [4] }), 6));
  });

  test('appendDefaultInterceptors: activities log to the logger given, tagged with the activity', async () => {
    const lines: LogEntry[] = [];
    const logger = new DefaultLogger('INFO', (e) => void lines.push(e));
    const taskQueue = uid('logged');
    const worker = await Worker.create({
      connection,
      taskQueue,
      workflowsPath,
      activities: { ...activities, echo: async (text: string) => (activityLog.info('echoing', { text }), text) },
      interceptors: appendDefaultInterceptors({}, logger),
    });
    await worker.runUntil(() => client.workflow.execute('traced', { taskQueue, workflowId: uid('logged'), args: ['x'] }));
    const line = lines.find((l) => l.message === 'echoing');
    assert.deepEqual([line?.meta?.activityType, line?.meta?.sdkComponent, line?.meta?.text], ['echo', 'activity', 'x']);
  });

  test('runReplayHistories reports a history it cannot read as a ReplayError, with the run id of those it can', async () => {
    const taskQueue = uid('replays');
    const worker = await Worker.create({ connection, taskQueue, workflowsPath, activities });
    const h = await client.workflow.start('traced', { taskQueue, workflowId: uid('good'), args: ['y'] });
    await worker.runUntil(() => h.result());
    const results = [];
    const histories = [
      { workflowId: h.workflowId, history: await h.fetchHistory() },
      { workflowId: 'broken', history: { events: [] } },
    ];
    for await (const r of Worker.runReplayHistories({ workflowsPath }, histories)) results.push(r);
    assert.equal(results[0]?.error, undefined);
    assert.equal(results[0]?.runId, h.firstExecutionRunId);
    assert.ok(results[1]?.error instanceof ReplayError, String(results[1]?.error));
  });

  test('startDebugReplayer fetches the history from the debugger and tells it each workflow task before replaying it', async () => {
    const taskQueue = uid('debug');
    const worker = await Worker.create({ connection, taskQueue, workflowsPath, activities });
    const h = await client.workflow.start('traced', { taskQueue, workflowId: uid('debugged'), args: ['z'] });
    await worker.runUntil(() => h.result());
    const history = await h.fetchHistory();
    const taskStarts = (history.events ?? []).filter((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED).map((e) => Number(e.eventId));
    const told: number[] = [];
    const debuggerServer = createServer((req, res) => {
      if (req.method === 'GET' && req.url === '/history') {
        res.end(temporal.api.history.v1.History.encode(history).finish());
        return;
      }
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        told.push((JSON.parse(body) as { eventId: number }).eventId);
        res.end('{}');
      });
    });
    debuggerServer.listen(0, '127.0.0.1');
    await once(debuggerServer, 'listening');
    try {
      const { port } = debuggerServer.address() as { port: number };
      const child = spawn(process.execPath, [fixture('debug-replay-process.js')], {
        env: { ...process.env, TEMPORAL_DEBUGGER_PLUGIN_URL: `http://127.0.0.1:${port}` },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const [code] = (await once(child, 'exit')) as [number];
      assert.equal(code, 0);
      assert.deepEqual(told, taskStarts);
    } finally {
      debuggerServer.close();
    }
  });
});
