// Server benchmarks (issue "dev server core"): starts/s and signals/s on a file database through raw gRPC, and
// the order workflow (three activities) run end to end by the official worker, file database vs in memory.
// Prints a table and writes test/bench/RESULTS-server.md. Run: pnpm --filter @durable/bench bench
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rawServiceClient, temporal } from '@durable/proto';
import { DevServer } from '@durable/server';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import * as activities from './activities.js';
import { serverProcess } from './support.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const STARTS = Number(process.env.BENCH_STARTS ?? 3000);
const SIGNALS = Number(process.env.BENCH_SIGNALS ?? 3000);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 600);
const INFLIGHT = 64;

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

async function orders(dbFile: string | undefined): Promise<{ perSecond: number; p50: number; p99: number }> {
  const server = await serverProcess(dbFile);
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
 * figure is the server's own capacity rather than a worker's.
 */
async function scriptedOrders(dbFile: string | undefined): Promise<{ perSecond: number; p50: number }> {
  const server = await serverProcess(dbFile);
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
            ? [{ commandType: CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK, scheduleActivityTaskCommandAttributes: { activityId: String(scheduled + 1), activityType: { name: ['reserve', 'charge', 'confirm'][scheduled] }, taskQueue: tq, startToCloseTimeout: { seconds: 10 }, input: json('x') } }]
            : [];
      await call('RespondWorkflowTaskCompleted', { namespace: 'default', taskToken: t.taskToken, commands, identity: 'bench' });
    }
  };
  const activityPoller = async () => {
    while (!done) {
      const t = await call('PollActivityTaskQueue', { namespace: 'default', taskQueue: tq, identity: 'bench' });
      if (!t.taskToken || (t.taskToken as Buffer).length === 0) continue;
      await call('RespondActivityTaskCompleted', { namespace: 'default', taskToken: t.taskToken, result: json('ok'), identity: 'bench' });
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

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const dir = mkdtempSync(join(tmpdir(), 'durable-bench-'));
  const rows: Record<string, number[]> = { starts: [], signals: [], ordersFile: [], ordersMem: [], p50File: [], p99File: [], scripted: [], scriptedP50: [] };
  try {
    for (let r = 0; r < RUNS; r++) {
      const s = await startsAndSignals(join(dir, `starts-${r}.db`));
      rows.starts.push(s.starts);
      rows.signals.push(s.signals);
      const f = await orders(join(dir, `orders-${r}.db`));
      rows.ordersFile.push(f.perSecond);
      rows.p50File.push(f.p50);
      rows.p99File.push(f.p99);
      rows.ordersMem.push((await orders(undefined)).perSecond);
      const sc = await scriptedOrders(join(dir, `scripted-${r}.db`));
      rows.scripted.push(sc.perSecond);
      rows.scriptedP50.push(sc.p50);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const header = `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}; medians of ${RUNS} runs`;
  const table = [
    '| measure | median | runs | target |',
    '|---|---|---|---|',
    `| workflow starts/s (file db, ${INFLIGHT} in flight, raw gRPC) | ${median(rows.starts).toFixed(0)} | ${rows.starts.map((x) => x.toFixed(0)).join(', ')} | >= 1,000 |`,
    `| signals/s (file db, ${INFLIGHT} in flight) | ${median(rows.signals).toFixed(0)} | ${rows.signals.map((x) => x.toFixed(0)).join(', ')} | |`,
    `| order workflows/s, official worker, file db, concurrency 50 | ${median(rows.ordersFile).toFixed(0)} | ${rows.ordersFile.map((x) => x.toFixed(0)).join(', ')} | >= 300 |`,
    `| order workflows/s, official worker, in memory, concurrency 50 | ${median(rows.ordersMem).toFixed(0)} | ${rows.ordersMem.map((x) => x.toFixed(0)).join(', ')} | |`,
    `| order workflow p50 latency ms (file db, concurrency 50) | ${median(rows.p50File).toFixed(1)} | ${rows.p50File.map((x) => x.toFixed(1)).join(', ')} | |`,
    `| order workflow p99 latency ms (file db, concurrency 50) | ${median(rows.p99File).toFixed(1)} | ${rows.p99File.map((x) => x.toFixed(1)).join(', ')} | |`,
    `| order workflows/s, scripted raw-gRPC worker, file db, concurrency 50 | ${median(rows.scripted).toFixed(0)} | ${rows.scripted.map((x) => x.toFixed(0)).join(', ')} | >= 300 |`,
    `| order workflow p50 latency ms, scripted worker | ${median(rows.scriptedP50).toFixed(1)} | ${rows.scriptedP50.map((x) => x.toFixed(1)).join(', ')} | |`,
  ].join('\n');
  const out = `# Server benchmark\n\n${header}\n\n${table}\n`;
  console.log(out);
  writeFileSync(fileURLToPath(new URL('../RESULTS-server.md', import.meta.url)), out);
}

await main();
