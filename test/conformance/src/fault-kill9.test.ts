import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { temporal } from '@durable/proto';
import * as activities from './activities.js';
import { installQuietRuntime, uniqueId, workflowsPath } from './harness.js';
import { freePort, startServer } from './server-process.js';

const EventType = temporal.api.enums.v1.EventType;

async function waitForEvent(h: WorkflowHandle, type: number): Promise<void> {
  for (;;) {
    const history = await h.fetchHistory();
    if (history.events?.some((e) => e.eventType === type)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('kill -9 of the server while workflows wait on timers, activities and signals loses nothing', async () => {
  installQuietRuntime();
  const dir = mkdtempSync(join(tmpdir(), 'durable-fault-'));
  const db = join(dir, 'dev.db');
  const port = await freePort();
  let server = await startServer(port, db);
  const address = `127.0.0.1:${port}`;
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const nativeConnection = await NativeConnection.connect({ address });
  const worker = await Worker.create({ connection: nativeConnection, taskQueue: 'fault', workflowsPath, activities });
  const running = worker.run();
  try {
    const start = (type: string, args: unknown[]) =>
      client.workflow.start(type, { taskQueue: 'fault', workflowId: uniqueId(type), args });
    const timerWf = await start('timer', [2500]);
    const signalWf = await start('approval', []);
    const retryKey = uniqueId('fault-retry');
    const retryWf = await start('slowRetry', [retryKey]);
    const chain = await start('threeActivities', ['crash']);

    await waitForEvent(timerWf, EventType.EVENT_TYPE_TIMER_STARTED);
    await waitForEvent(signalWf, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    while ((activities.attempts.get(retryKey) ?? 0) < 1) await new Promise((r) => setTimeout(r, 20));
    await chain.result();

    server.kill('SIGKILL');
    await new Promise((r) => server.once('exit', r));
    server = await startServer(port, db);

    await signalWf.signal('approve', 'after-restart');
    assert.equal(await signalWf.result(), 'approved by after-restart');
    assert.ok(((await timerWf.result()) as number) >= 2500);
    assert.equal(await retryWf.result(), 'succeeded on attempt 2');
    assert.equal(activities.attempts.get(retryKey), 2, 'the retry ran once after the restart, not twice');
    assert.equal(await chain.result(), 'HELLO CRASH!');
    const listed = await client.workflow.count(`TaskQueue = 'fault' AND ExecutionStatus = 'Completed'`);
    assert.equal(listed.count, 4);
  } finally {
    worker.shutdown();
    await running;
    await nativeConnection.close();
    await connection.close();
    server.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
});
