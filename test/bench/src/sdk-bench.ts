// The benchmark (npm run bench): our worker against the official one, same server, same run — bundle time and cold
// start (fresh processes), order-workflow throughput and latency, replay speed on a ~10,000-event history, memory
// per cached run — and the server's own figures. Prints one table with ratios and writes test/bench/RESULTS.md.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@durable/client';
import { temporal } from '@durable/proto';
import { Runtime as DurableRuntime, Worker as DurableWorker } from '@durable/worker';
import { DefaultLogger, NativeConnection, Runtime, Worker as OfficialWorker } from '@temporalio/worker';
import * as activities from './activities.js';
import { benchOnly, serverProcess } from './support.js';
import { exportedSpans, installTracing, tracing, tracingClientInterceptors, tracingWorkerOptions } from './tracing.js';
import { serverRows, serverSelected, type BenchRow } from './server-bench.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 400);
const CACHED = Number(process.env.BENCH_CACHED ?? 2000);
// BENCH_ONLY=bundle,cold,c1,c50,replay,memory,server (or starts,orders,scripted,batch) runs a subset (for profiling one figure); its table goes to
// RESULTS.tmp.md so a partial run never replaces the full one. BENCH_WORKER_METRICS=1 runs our worker with its
// Prometheus metrics on (in this process too, where the order workflows run), BENCH_WORKER_TRACING=1 traces the
// order workflows with @temporalio/interceptors-opentelemetry, both workers (compare BENCH_ONLY=c50 with and
// without them for their cost). BENCH_OURS_ONLY=1 skips the official worker's runs and writes no table (for
// profiling ours alone: the official runtime's threads would share the profile's process).
const selected = (key: string) => !benchOnly || benchOnly.has(key);
const child = fileURLToPath(new URL('./sdk-child.js', import.meta.url));
const workflowsPath = fileURLToPath(new URL('./workflows.js', import.meta.url));
type Sdk = 'durable' | 'official';
type Child = ChildProcessByStdio<Writable, Readable, null>;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
let seq = 0;
const uid = (p: string) => `${p}-${Date.now()}-${++seq}`;

function spawnChild(args: string[]): Child {
  return spawn(process.execPath, ['--expose-gc', child, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
}

function nextLine(p: Child): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const onData = (c: Buffer) => {
      buf += c.toString();
      const i = buf.indexOf('\n');
      if (i >= 0) {
        p.stdout.off('data', onData);
        resolve(buf.slice(0, i));
      }
    };
    p.stdout.on('data', onData);
    p.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
  });
}

async function bundleMs(sdk: Sdk): Promise<number> {
  const p = spawnChild(['bundle', sdk]);
  return (JSON.parse(await nextLine(p)) as { ms: number }).ms;
}

/**
 * A fresh worker process with a workflow waiting for it: the time to its first poll (the server stamps the waiting
 * workflow task's WorkflowTaskStarted when that poll takes it) and to the workflow completed.
 */
async function coldStart(sdk: Sdk, client: Client, address: string): Promise<{ firstPollMs: number; completedMs: number }> {
  const taskQueue = uid(`cold-${sdk}`);
  const h = await client.workflow.start('noop', { taskQueue, workflowId: uid('cold') });
  const spawnedAt = Date.now();
  const t0 = performance.now();
  const p = spawnChild(['worker', sdk, address, taskQueue]);
  await h.result();
  const completedMs = performance.now() - t0;
  p.kill('SIGKILL');
  const history = await h.fetchHistory();
  const started = history.events?.find((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
  const seconds = Number(started?.eventTime?.seconds ?? 0);
  const firstPollAt = seconds * 1000 + Math.floor((started?.eventTime?.nanos ?? 0) / 1e6);
  return { firstPollMs: firstPollAt - spawnedAt, completedMs };
}

const WARM_RUNS = Number(process.env.BENCH_WARM_RUNS ?? 500);

/**
 * RSS growth per open workflow run held in the worker's cache: the slope between WARM_RUNS open runs and CACHED
 * more. Starting the first few hundred runs grows what a process sizes to its load once (V8's young generation, the
 * gRPC buffers, code caches, the official runtime's thread pools); that is not memory each run holds, and counting it
 * would make the figure depend on CACHED.
 */
async function memoryPerRunKb(sdk: Sdk, client: Client, address: string): Promise<number> {
  const taskQueue = uid(`mem-${sdk}`);
  const p = spawnChild(['worker', sdk, address, taskQueue, String(WARM_RUNS + CACHED + 100)]);
  await nextLine(p);
  const ids: string[] = [];
  const startIdle = async (n: number) => {
    const started: string[] = [];
    for (let i = 0; i < n; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, n - i) }, () => client.workflow.start('idle', { taskQueue, workflowId: uid('idle') })),
      );
      started.push(...batch.map((h) => h.workflowId));
    }
    await waitSettled(client, started);
    ids.push(...started);
  };
  const rss = async () => {
    p.stdin.write('rss\n');
    return (JSON.parse(await nextLine(p)) as { rss: number }).rss;
  };
  await startIdle(WARM_RUNS);
  const before = await rss();
  await startIdle(CACHED);
  const after = await rss();
  p.kill('SIGKILL');
  await Promise.all(ids.map((id) => client.workflow.getHandle(id).terminate('bench over')));
  return (after - before) / CACHED / 1024;
}

/** Waits until no workflow task is pending for any of `ids` (every run is parked in the worker's cache). */
async function waitSettled(client: Client, ids: string[]): Promise<void> {
  let pending = ids;
  while (pending.length) {
    const states = await Promise.all(pending.map(async (id) => ((await client.workflow.getHandle(id).describe()).raw.description.pendingWorkflowTask ? id : undefined)));
    pending = states.filter((x): x is string => x !== undefined);
    if (pending.length) await new Promise((r) => setTimeout(r, 100));
  }
}

async function ordersRun(sdk: Sdk, client: Client, address: string, concurrency: number): Promise<{ perSecond: number; p50: number; p99: number }> {
  const taskQueue = uid(`orders-${sdk}`);
  const options = { taskQueue, workflowsPath, activities, maxConcurrentWorkflowTaskExecutions: 100, maxConcurrentActivityTaskExecutions: 100, ...tracingWorkerOptions() };
  let official: NativeConnection | undefined;
  const worker =
    sdk === 'durable'
      ? await DurableWorker.create({ ...options, connection: await Connection.connect({ address }) })
      : await OfficialWorker.create({ ...options, connection: (official = await NativeConnection.connect({ address })) });
  const n = concurrency === 1 ? Math.min(100, ORDERS) : ORDERS;
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await worker.runUntil(
    Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < n) {
          const i = next++;
          const t = performance.now();
          await client.workflow.execute('order', { taskQueue, workflowId: uid('order'), args: [String(i)] });
          latencies.push(performance.now() - t);
        }
      }),
    ),
  );
  const elapsed = performance.now() - t0;
  await official?.close();
  return { perSecond: (n / elapsed) * 1000, p50: pct(latencies, 0.5), p99: pct(latencies, 0.99) };
}

async function longHistory(client: Client, connection: Connection) {
  const taskQueue = uid('history');
  const worker = await DurableWorker.create({ connection, taskQueue, workflowsPath, activities });
  const h = await client.workflow.start('manyTimers', { taskQueue, workflowId: uid('timers'), args: [48, 100] });
  await worker.runUntil(h.result());
  return h.fetchHistory();
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  if (process.env.BENCH_WORKER_METRICS) DurableRuntime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress: '127.0.0.1:0' } } } });
  installTracing();
  // The server's figures first: once an official worker has run here, its native runtime keeps threads busy in this
  // process, and the in-process server measures would pay for them.
  const serverFirst = serverSelected() ? await serverRows(RUNS) : [];
  // The server runs in its own process (as users run it), so workers measured here do not share its thread.
  const server = await serverProcess(undefined);
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, interceptors: tracingClientInterceptors() });
  const rows: BenchRow[] = [];
  const measure = async (key: string, name: string, unit: string, better: 'lower' | 'higher', target: string, fn: (sdk: Sdk) => Promise<number>) => {
    if (!selected(key)) return;
    const row = { name, unit, better, target, ours: [] as number[], official: [] as number[] };
    // A pause before each run: what the previous one left behind (the official runtime's threads winding down,
    // garbage) would otherwise be charged to the next, on two cores.
    const settled = () => new Promise((r) => setTimeout(r, 1000));
    for (let r = 0; r < RUNS; r++) {
      await settled();
      row.ours.push(await fn('durable'));
      if (process.env.BENCH_OURS_ONLY) continue;
      await settled();
      row.official.push(await fn('official'));
    }
    if (process.env.BENCH_OURS_ONLY) {
      process.stdout.write(`${name}: ours ${row.ours.map((x) => x.toFixed(1)).join(', ')} ${unit}\n`);
      return;
    }
    rows.push(row);
    process.stdout.write(`${name}: ours ${median(row.ours).toFixed(1)} ${unit}, official ${median(row.official).toFixed(1)} ${unit}\n`);
  };

  await measure('bundle', 'workflow bundle (fresh process)', 'ms', 'lower', '<= 100 ms', bundleMs);
  const toCompleted: Record<Sdk, number[]> = { durable: [], official: [] };
  await measure('cold', 'worker cold start: fresh process to first poll', 'ms', 'lower', '<= 150 ms', async (sdk) => {
    const r = await coldStart(sdk, client, server.address);
    toCompleted[sdk].push(r.completedMs);
    return r.firstPollMs;
  });
  if (selected('cold')) rows.push({ name: 'worker cold start: fresh process to first workflow completed', unit: 'ms', better: 'lower', target: '', ours: toCompleted.durable, official: toCompleted.official });
  const c1: Record<Sdk, { p50: number[]; p99: number[] }> = { durable: { p50: [], p99: [] }, official: { p50: [], p99: [] } };
  await measure('c1', 'order workflow, concurrency 1', 'wf/s', 'higher', '>= official', async (sdk) => {
    const r = await ordersRun(sdk, client, server.address, 1);
    c1[sdk].p50.push(r.p50);
    c1[sdk].p99.push(r.p99);
    return r.perSecond;
  });
  if (selected('c1')) rows.push({ name: 'order workflow p50 latency, concurrency 1', unit: 'ms', better: 'lower', target: '', ours: c1.durable.p50, official: c1.official.p50 });
  const c50: Record<Sdk, { p50: number[]; p99: number[] }> = { durable: { p50: [], p99: [] }, official: { p50: [], p99: [] } };
  await measure('c50', 'order workflow, concurrency 50', 'wf/s', 'higher', '>= official', async (sdk) => {
    const r = await ordersRun(sdk, client, server.address, 50);
    c50[sdk].p50.push(r.p50);
    c50[sdk].p99.push(r.p99);
    return r.perSecond;
  });
  if (selected('c50')) rows.push({ name: 'order workflow p50 latency, concurrency 50', unit: 'ms', better: 'lower', target: '', ours: c50.durable.p50, official: c50.official.p50 });
  if (selected('c50')) rows.push({ name: 'order workflow p99 latency, concurrency 50', unit: 'ms', better: 'lower', target: '', ours: c50.durable.p99, official: c50.official.p99 });
  if (tracing) process.stdout.write(`spans exported: ${await exportedSpans()}\n`);

  if (selected('replay')) {
    const history = await longHistory(client, connection);
    const events = history.events?.length ?? 0;
    // Each replay in a fresh process, from a bundle made beforehand (bundling is measured above): a replay in the
    // bench process would pay for whatever the runs before it left there.
    const historyFile = join(mkdtempSync(join(tmpdir(), 'durable-bench-')), 'history.bin');
    writeFileSync(historyFile, temporal.api.history.v1.History.encode(history).finish());
    await measure('replay', `replay of a ${events}-event history (fresh process, bundle prebuilt)`, 'events/s', 'higher', '>= 50,000 events/s', async (sdk) => {
      const p = spawnChild(['replay', sdk, historyFile]);
      const { ms } = JSON.parse(await nextLine(p)) as { ms: number };
      return (events / ms) * 1000;
    });
    rmSync(dirname(historyFile), { recursive: true, force: true });
  }
  await measure('memory', `memory per cached workflow run (${CACHED} open runs beyond ${WARM_RUNS})`, 'KB', 'lower', '<= 100 KB, <= 1/10 of official', (sdk) =>
    memoryPerRunKb(sdk, client, server.address),
  );

  await connection.close();
  await server.stop();
  rows.push(...serverFirst);

  const header = `Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}; medians of ${RUNS} runs, ours and official alternating in one run`;
  const lines = [
    '# Benchmark: @durable/worker vs the official @temporalio/worker 1.24, and the Durable dev server',
    '',
    header,
    '',
    '| measure | ours | official | ratio (ours is N× better) | target | runs ours / official |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => {
      const f = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
      const o = median(r.ours);
      if (!r.official.length) return `| ${r.name} | ${f(o)} ${r.unit} | — | — | ${r.target} | ${r.ours.map(f).join(', ')} |`;
      const t = median(r.official);
      const ratio = r.better === 'lower' ? t / o : o / t;
      return `| ${r.name} | ${f(o)} ${r.unit} | ${f(t)} ${r.unit} | ${ratio.toFixed(2)}× | ${r.target} | ${r.ours.map(f).join(', ')} / ${r.official.map(f).join(', ')} |`;
    }),
    '',
  ];
  process.stdout.write(`\n${lines.join('\n')}`);
  writeFileSync(fileURLToPath(new URL(benchOnly ? '../RESULTS.tmp.md' : '../RESULTS.md', import.meta.url)), lines.join('\n'));
}

await main();
process.exit(0);
