// A schedule across kill -9 of the server: actions missed while it was down (inside the catch-up window) run once
// after the restart, none twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { uniqueId } from './harness.js';
import { freePort, startServer } from './server-process.js';

test('kill -9 with a schedule due: missed actions run once after the restart, none twice', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'durable-sched-'));
  const db = join(dir, 'dev.db');
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  let server = await startServer(port, db);
  let connection = await Connection.connect({ address });
  let client = new Client({ connection });
  const scheduleId = uniqueId('kill-sched');
  try {
    const handle = await client.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: '1s' }] },
      action: { type: 'startWorkflow', workflowType: 'waitForever', taskQueue: 'nobody-polls', workflowId: 'kill9' },
      policies: { overlap: 'ALLOW_ALL', catchupWindow: '1 minute' },
    });
    await new Promise<void>((resolve, reject) => {
      const check = async () => {
        const d = await handle.describe();
        if (d.info.numActionsTaken >= 1) resolve();
        else setTimeout(() => void check().catch(reject), 50);
      };
      void check().catch(reject);
    });
    server.kill('SIGKILL');
    await new Promise((r) => server.once('exit', r));
    await connection.close();
    const downAt = Date.now();
    // Stay down for a few of the schedule's ticks.
    await new Promise((r) => setTimeout(r, 3_500));
    server = await startServer(port, db);
    connection = await Connection.connect({ address });
    client = new Client({ connection });
    const restartedAt = Date.now();
    const countStarts = async () => {
      const times: number[] = [];
      for await (const w of client.workflow.list({ query: `TemporalScheduledById = '${scheduleId}'` })) times.push(Date.parse(w.workflowId.slice('kill9-'.length)));
      return times.sort((a, b) => a - b);
    };
    let times = await countStarts();
    const deadline = Date.now() + 15_000;
    while (times.filter((t) => t > downAt && t < restartedAt).length < 3 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      times = await countStarts();
    }
    const missed = times.filter((t) => t > downAt && t < restartedAt);
    assert.ok(missed.length >= 3, `missed ticks caught up: ${missed.length}`);
    assert.equal(new Set(times).size, times.length, 'no nominal time started twice');
    for (let i = 1; i < times.length; i++) assert.equal(times[i]! - times[i - 1]!, 1000, 'one start per second, none skipped');
    await client.schedule.getHandle(scheduleId).delete();
  } finally {
    await connection.close();
    server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
