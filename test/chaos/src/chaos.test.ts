// Chaos: the dev server killed with -9 again and again under load, and a worker killed with -9 again and again beside
// a steady one. Every workflow finishes once with the right result, every acknowledged signal arrives once, and each
// activity result is an attempt the activity itself recorded outside the server.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Client, Connection } from '@durable/client';
import { rawServiceClient } from '@durable/proto';
import { DevServer } from '@durable/server';
import { freePort, type Background } from '@durable/test-support/processes';
import { json, KillableServer, Progress, readRecord, startWorker } from './cluster.js';
import type { ChaosResult } from './workflows.js';

const SIGNALS = ['s1', 's2', 's3'];
const scratch = mkdtempSync(join(tmpdir(), 'durable-chaos-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `fn` over `items`, `width` at a time. */
async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

const shuffled = <T>(items: T[]) => items.map((item) => ({ item, key: Math.random() })).sort((a, b) => a.key - b.key).map((x) => x.item);

type Call = (method: string, request: object) => Promise<unknown>;

/** Starts each workflow, then sends its three signals, each round in a new random order. */
async function load(call: Call, ids: string[], taskQueue: string): Promise<void> {
  await pool(ids, 24, (id) =>
    call('StartWorkflowExecution', {
      namespace: 'default',
      workflowId: id,
      workflowType: { name: 'chaosWorkflow' },
      taskQueue: { name: taskQueue },
      input: { payloads: [json(id), json(randomInt(100, 3000)), json(SIGNALS.length)] },
      // A task lost with a killed server or worker is given again after 2 s rather than the default 10 s.
      workflowTaskTimeout: { seconds: 2 },
      requestId: `start-${id}`,
    }),
  );
  for (const signal of SIGNALS) {
    await pool(shuffled(ids), 24, (id) =>
      call('SignalWorkflowExecution', {
        namespace: 'default',
        workflowExecution: { workflowId: id },
        signalName: 'item',
        input: { payloads: [json(signal)] },
        requestId: `${signal}-${id}`,
      }),
    );
  }
}

/** Checks every result and the record of activity attempts; returns how many attempts ran beyond one per activity. */
async function verify(address: string, ids: string[], record: string): Promise<{ attempts: number; extra: number }> {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  try {
    const results = await Promise.all(ids.map((id) => client.workflow.getHandle(id).result() as Promise<ChaosResult>));
    const recorded = readRecord(record);
    for (const [i, r] of results.entries()) {
      const id = ids[i]!;
      assert.equal(r.id, id);
      assert.deepEqual([...r.signals].sort(), SIGNALS, `${id} received each signal once: ${r.signals.join(', ')}`);
      assert.deepEqual(r.steps.map((s) => s.replace(/:\d+$/, '')), [`a:${id}`, `b:${id}`]);
      for (const s of r.steps) assert.ok(recorded.has(s), `${s} is an attempt the activity recorded`);
    }
    // Each workflow ran once: one run per id, every one completed.
    const count = async (query: string) => (await client.workflow.count(query)).count;
    assert.equal(await count(`WorkflowType = 'chaosWorkflow'`), ids.length);
    assert.equal(await count(`WorkflowType = 'chaosWorkflow' AND ExecutionStatus = 'Completed'`), ids.length);
    const attempts = [...recorded.values()].reduce((a, b) => a + b, 0);
    return { attempts, extra: attempts - ids.length * 2 };
  } finally {
    await connection.close();
  }
}

test('the server killed with -9 six times under load: 300 workflows finish once, every signal arrives once', { timeout: 600_000 }, async () => {
  const WORKFLOWS = 300;
  const KILLS = 6;
  const dir = mkdtempSync(join(scratch, 'server-'));
  const record = join(dir, 'attempts.log');
  const progress = new Progress();
  const server = new KillableServer(await freePort(), join(dir, 'chaos.db'), progress);
  await server.start();
  let worker: Background | undefined;
  try {
    worker = await startWorker(server.address, 'chaos', record, () => progress.tick());
    const ids = Array.from({ length: WORKFLOWS }, (_, i) => `chaos-${i}`);
    const t0 = Date.now();
    const loading = load((m, r) => server.call(m, r), ids, 'chaos');
    // Each kill after a random number of events (acknowledged requests, activity attempts): at random moments, all
    // while work is under way (the run has about 1,800 events; the kills come within 6 x 200).
    for (let k = 0; k < KILLS; k++) {
      await progress.next(randomInt(40, 200));
      await server.killAndRestart();
    }
    const lastRestart = Date.now();
    await loading;
    const loaded = Date.now() - lastRestart;
    const { attempts, extra } = await verify(server.address, ids, record);
    const drained = Date.now() - lastRestart;
    process.stdout.write(
      `  chaos: ${WORKFLOWS} workflows (${WORKFLOWS * SIGNALS.length} signals, ${WORKFLOWS * 2} activities, ${WORKFLOWS} timers), ` +
        `${server.restarts} kills of the server; after the last restart, the load was in ${(loaded / 1000).toFixed(1)} s and all had finished in ${(drained / 1000).toFixed(1)} s; ` +
        `${((Date.now() - t0) / 1000).toFixed(1)} s from the first start; ${attempts} activity attempts (${extra} beyond one per activity)\n`,
    );
    assert.equal(server.restarts, KILLS);
  } finally {
    await worker?.stop();
    await server.stop();
  }
});

test('a worker killed with -9 six times beside a steady one: every workflow finishes', { timeout: 600_000 }, async () => {
  const WORKFLOWS = 150;
  const KILLS = 6;
  const dir = mkdtempSync(join(scratch, 'workers-'));
  const record = join(dir, 'attempts.log');
  const server = await DevServer.start({ port: 0, dbFilename: join(dir, 'chaos.db') });
  const raw = rawServiceClient(server.address);
  const ran = new Progress();
  const steady = await startWorker(server.address, 'two-workers', record, () => {});
  let flaky = await startWorker(server.address, 'two-workers', record, () => ran.tick());
  try {
    const ids = Array.from({ length: WORKFLOWS }, (_, i) => `workers-${i}`);
    const t0 = Date.now();
    const loading = load((m, r) => raw.call(m, r), ids, 'two-workers');
    // Killed after a few activity attempts of its own each time, often in the middle of one; or after a moment
    // without any, since the steady worker runs the activities of its own workflow tasks at once (eager dispatch)
    // and may be holding all the work.
    for (let k = 0; k < KILLS; k++) {
      await Promise.race([ran.next(randomInt(3, 12)), delay(randomInt(500, 2000))]);
      await flaky.kill9();
      flaky = await startWorker(server.address, 'two-workers', record, () => ran.tick());
    }
    await loading;
    const { attempts, extra } = await verify(server.address, ids, record);
    process.stdout.write(
      `  chaos: ${WORKFLOWS} workflows on two workers, one killed ${KILLS} times; all finished ${((Date.now() - t0) / 1000).toFixed(1)} s after the first start; ` +
        `${attempts} activity attempts (${extra} beyond one per activity)\n`,
    );
  } finally {
    raw.close();
    await Promise.all([steady.stop(), flaky.stop()]);
    await server.stop();
  }
});
