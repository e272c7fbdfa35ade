// Server benchmarks (issue "dev server core"): starts/s and signals/s on a file database through raw gRPC, and
// the order workflow (three activities) run end to end by the official worker, file database vs in memory.
// Prints a table and writes test/bench/RESULTS-server.md. Run: pnpm --filter @durable/bench bench
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rawServiceClient, temporal } from '@durable/proto';
import { DevServer } from '@durable/server';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import * as activities from './activities.js';
import { baselineBin, benchOnly, serverProcess } from './support.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const STARTS = Number(process.env.BENCH_STARTS ?? 3000);
const SIGNALS = Number(process.env.BENCH_SIGNALS ?? 3000);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 600);
const INFLIGHT = 64;
// BENCH_ONLY (see sdk-bench.ts): `server` runs every server row; `starts`, `orders`, `scripted`, `batch` one group each.
export function serverSelected(key?: string): boolean {
  const only = benchOnly;
  if (!only || only.has('server')) return true;
  return key ? only.has(key) : ['starts', 'orders', 'scripted', 'batch'].some((k) => only.has(k));
}

async function pool(n: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await fn(next++);
    }),
  );
  return performance.now() - t0;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function startsAndSignals(dbFile: string): Promise<{ starts: number; signals: number }> {
  const server = await DevServer.start({ port: 0, dbFilename: dbFile });
  const { call, close } = rawServiceClient(server.address);
  const tq = { name: 'bench-starts', kind: 1 };
  const prefix = `s-${Date.now()}`;
  const startMs = await pool(STARTS, INFLIGHT, (i) =>
    call('StartWorkflowExecution', { namespace: 'default', workflowId: `${prefix}-${i}`, workflowType: { name: 'w' }, taskQueue: tq, requestId: `${prefix}-${i}` }),
  );
  const signalMs = await pool(SIGNALS, INFLIGHT, (i) =>
    call('SignalWorkflowExecution', { namespace: 'default', workflowExecution: { workflowId: `${prefix}-${i % STARTS}` }, signalName: 'go' }),
  );
  close();
  await server.stop();
  return { starts: (STARTS / startMs) * 1000, signals: (SIGNALS / signalMs) * 1000 };
}

const BATCH_TARGETS = Number(process.env.BENCH_BATCH_TARGETS ?? 1000);

/**
 * One batch job terminating every running workflow a visibility query finds (issue 16's measure): the workflows are
 * started with no worker, so each is open with a pending workflow task. The job runs at up to 10,000 operations a
 * second (without `maxOperationsPerSecond`, Temporal's default `worker.batcherRPS` of 50 paces it on purpose).
 */
async function batchTerminate(dbFile: string): Promise<number> {
  const server = await DevServer.start({ port: 0, dbFilename: dbFile });
  const { call, close } = rawServiceClient(server.address);
  try {
    const type = `batch-target-${Date.now()}`;
    await pool(BATCH_TARGETS, INFLIGHT, (i) =>
      call('StartWorkflowExecution', { namespace: 'default', workflowId: `${type}-${i}`, workflowType: { name: type }, taskQueue: { name: 'bench-batch', kind: 1 }, requestId: `${type}-${i}` }),
    );
    const query = `WorkflowType = '${type}' AND ExecutionStatus = 'Running'`;
    const t0 = performance.now();
    await call('StartBatchOperation', { namespace: 'default', jobId: type, visibilityQuery: query, reason: 'bench', terminationOperation: {}, maxOperationsPerSecond: 10_000 });
    for (;;) {
      const d = await call('DescribeBatchOperation', { namespace: 'default', jobId: type });
      if (d.state === temporal.api.enums.v1.BatchOperationState.BATCH_OPERATION_STATE_COMPLETED) break;
      if (d.state === temporal.api.enums.v1.BatchOperationState.BATCH_OPERATION_STATE_FAILED) throw new Error(`batch job ${type} failed: ${JSON.stringify(d)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const elapsed = performance.now() - t0;
    const left = await call('CountWorkflowExecutions', { namespace: 'default', query });
    if (Number(left.count) !== 0) throw new Error(`batch job ${type} completed with ${String(left.count)} workflows still running`);
    return elapsed / 1000;
  } finally {
    close();
    await server.stop();
  }
}

async function orders(dbFile: string | undefined, bin?: string): Promise<{ perSecond: number; p50: number; p99: number }> {
  const server = await serverProcess(dbFile, bin);
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const native = await NativeConnection.connect({ address: server.address });
  const worker = await Worker.create({
    connection: native,
    taskQueue: 'bench-orders',
    workflowsPath: fileURLToPath(new URL('./workflows.js', import.meta.url)),
    activities,
    maxConcurrentWorkflowTaskExecutions: 100,
    maxConcurrentActivityTaskExecutions: 100,
  });
  const latencies: number[] = [];
  const elapsed = await worker.runUntil(
    pool(ORDERS, 50, async (i) => {
      const t = performance.now();
      await client.workflow.execute('order', { taskQueue: 'bench-orders', workflowId: `o-${Date.now()}-${i}`, args: [String(i)] });
      latencies.push(performance.now() - t);
    }),
  );
  await native.close();
  await connection.close();
  await server.stop();
  return { perSecond: (ORDERS / elapsed) * 1000, p50: pct(latencies, 0.5), p99: pct(latencies, 0.99) };
}

const { EventType, CommandType } = temporal.api.enums.v1;
const json = (v: unknown) => ({ payloads: [{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(v)) }] });

/**
 * The order workflow driven by a minimal scripted worker over raw gRPC (no workflow sandbox, no replay), so the
 * figure is the server's own capacity rather than a worker's. Like the SDKs, it asks for its activities to be
 * dispatched eagerly; a server that does not do that queues them for the activity pollers.
 */
async function scriptedOrders(dbFile: string | undefined, bin?: string): Promise<{ perSecond: number; p50: number }> {
  const server = await serverProcess(dbFile, bin);
  const { call, close } = rawServiceClient(server.address);
  const tq = { name: 'scripted', kind: 1 };
  let done = false;
  const wftPoller = async () => {
    while (!done) {
      const t = await call('PollWorkflowTaskQueue', { namespace: 'default', taskQueue: tq, identity: 'bench' });
      if (!t.taskToken || (t.taskToken as Buffer).length === 0) continue;
      const events = ((t.history as { events: { eventType: number }[] }).events);
      const scheduled = events.filter((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).length;
      const completed = events.filter((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED).length;
      const commands =
        completed === 3
          ? [{ commandType: CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION, completeWorkflowExecutionCommandAttributes: { result: json('confirmed') } }]
          : scheduled === completed
            ? [{ commandType: CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK, scheduleActivityTaskCommandAttributes: { activityId: String(scheduled + 1), activityType: { name: ['reserve', 'charge', 'confirm'][scheduled] }, taskQueue: tq, startToCloseTimeout: { seconds: 10 }, input: json('x'), requestEagerExecution: true } }]
            : [];
      const r = await call('RespondWorkflowTaskCompleted', { namespace: 'default', taskToken: t.taskToken, commands, identity: 'bench' });
      // Activities the server started for us at our request (eager dispatch, as the SDKs ask for it).
      for (const a of (r.activityTasks as { taskToken: Buffer }[] | undefined) ?? []) await completeActivity(a.taskToken);
    }
  };
  const completeActivity = (taskToken: Buffer) =>
    call('RespondActivityTaskCompleted', { namespace: 'default', taskToken, result: json('ok'), identity: 'bench' });
  const activityPoller = async () => {
    while (!done) {
      const t = await call('PollActivityTaskQueue', { namespace: 'default', taskQueue: tq, identity: 'bench' });
      if (!t.taskToken || (t.taskToken as Buffer).length === 0) continue;
      await completeActivity(t.taskToken as Buffer);
    }
  };
  // Pollers end with an error when the server stops under them; that is their way out, not a failure.
  const pollers = [...Array.from({ length: 8 }, wftPoller), ...Array.from({ length: 8 }, activityPoller)].map((p) =>
    p.catch(() => undefined),
  );
  const latencies: number[] = [];
  const prefix = `so-${Date.now()}`;
  const elapsed = await pool(ORDERS, 50, async (i) => {
    const t = performance.now();
    const workflowId = `${prefix}-${i}`;
    await call('StartWorkflowExecution', { namespace: 'default', workflowId, workflowType: { name: 'order' }, taskQueue: tq, requestId: workflowId, input: json(i) });
    for (;;) {
      const h = await call('GetWorkflowExecutionHistory', { namespace: 'default', execution: { workflowId }, waitNewEvent: true, historyEventFilterType: 2 });
      if ((h.history as { events: unknown[] }).events.length > 0) break;
    }
    latencies.push(performance.now() - t);
  });
  done = true;
  // Idle pollers would wait out their long poll; stopping the server answers them.
  await server.stop();
  await Promise.all(pollers);
  close();
  return { perSecond: (ORDERS / elapsed) * 1000, p50: pct(latencies, 0.5) };
}

export interface BenchRow {
  name: string;
  unit: string;
  better: 'lower' | 'higher';
  target: string;
  ours: number[];
  /** empty: there is nothing of the official SDK's to compare (server measures) */
  official: number[];
}

/** The server's own figures, `runs` times: starts and signals over raw gRPC, the order workflow file vs memory. */
export async function serverRows(runs = RUNS): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'durable-bench-'));
  const r: Record<string, number[]> = { starts: [], signals: [], ordersFile: [], ordersMem: [], p99File: [], scripted: [], baseOrders: [], baseScripted: [], batch: [] };
  try {
    for (let i = 0; i < runs; i++) {
      if (serverSelected('starts')) {
        const s = await startsAndSignals(join(dir, `starts-${i}.db`));
        r.starts!.push(s.starts);
        r.signals!.push(s.signals);
      }
      if (serverSelected('orders')) {
        if (baselineBin) r.baseOrders!.push((await orders(join(dir, `base-orders-${i}.db`), baselineBin)).perSecond);
        const f = await orders(join(dir, `orders-${i}.db`));
        r.ordersFile!.push(f.perSecond);
        r.p99File!.push(f.p99);
        r.ordersMem!.push((await orders(undefined)).perSecond);
      }
      if (serverSelected('scripted')) {
        if (baselineBin) r.baseScripted!.push((await scriptedOrders(join(dir, `base-scripted-${i}.db`), baselineBin)).perSecond);
        r.scripted!.push((await scriptedOrders(join(dir, `scripted-${i}.db`))).perSecond);
      }
      if (serverSelected('batch')) r.batch!.push(await batchTerminate(join(dir, `batch-${i}.db`)));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const row = (name: string, unit: string, key: string, target = '', better: 'lower' | 'higher' = 'higher'): BenchRow => ({
    name,
    unit,
    better,
    target,
    ours: r[key]!,
    official: [],
  });
  const rows = [
    row(`server: workflow starts/s (file db, ${INFLIGHT} in flight)`, '/s', 'starts', '>= 1,000'),
    row(`server: signals/s (file db, ${INFLIGHT} in flight)`, '/s', 'signals'),
    row('server: order workflows/s, file db (official worker, concurrency 50)', 'wf/s', 'ordersFile', '>= 300'),
    row('server: order workflows/s, in memory (official worker, concurrency 50)', 'wf/s', 'ordersMem'),
    row('server: order workflow p99, file db (official worker)', 'ms', 'p99File', '', 'lower'),
    row('server: order workflows/s, scripted raw-gRPC worker, file db', 'wf/s', 'scripted', '>= 300'),
    row(`server: one batch job terminating ${BATCH_TARGETS} running workflows found by query, file db`, 's', 'batch', '', 'lower'),
    row(`baseline server (${process.env.BENCH_BASELINE}): order workflows/s, file db (official worker)`, 'wf/s', 'baseOrders'),
    row(`baseline server (${process.env.BENCH_BASELINE}): order workflows/s, scripted worker, file db`, 'wf/s', 'baseScripted'),
  ];
  return rows.filter((x) => x.ours.length > 0);
}

// Run alone, it prints the server rows (npm run bench puts them in RESULTS.md with the SDK comparison).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  for (const r of await serverRows()) console.log(`${r.name}: ${median(r.ours).toFixed(1)} ${r.unit} (${r.ours.map((x) => x.toFixed(1)).join(', ')})`);
}
