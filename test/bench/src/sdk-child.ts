// One measurement in a fresh process, for the SDK benchmark: `bundle <sdk>`, `worker <sdk> <address> <taskQueue>`,
// `replay <sdk> <history file>` (protobuf History bytes; prints the replay's own time, the bundle made before).
// The worker mode prints `ready`, then on a line `rss` on stdin prints the process's RSS after a GC.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const [mode, sdk, address, taskQueue, cache] = process.argv.slice(2);
const workflowsPath = fileURLToPath(new URL('./workflows.js', import.meta.url));
const gc = (globalThis as { gc?: () => void }).gc;
const silent = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

async function bundle(): Promise<void> {
  const t0 = performance.now();
  if (sdk === 'durable') {
    const { bundleWorkflowCode } = await import('@durable/worker');
    // Bundling itself is measured here, not the cache a restarted worker reads (the cold start measures that).
    await bundleWorkflowCode({ workflowsPath, cache: false });
  } else {
    const { bundleWorkflowCode } = await import('@temporalio/worker');
    await bundleWorkflowCode({ workflowsPath, logger: silent });
  }
  process.stdout.write(`${JSON.stringify({ ms: performance.now() - t0 })}\n`);
}

async function replay(historyFile: string): Promise<void> {
  const { temporal } = await import('@durable/proto');
  const history = temporal.api.history.v1.History.decode(readFileSync(historyFile));
  let run: () => Promise<unknown>;
  if (sdk === 'durable') {
    const { Worker, bundleWorkflowCode } = await import('@durable/worker');
    const workflowBundle = await bundleWorkflowCode({ workflowsPath });
    run = () => Worker.runReplayHistory({ workflowBundle }, history);
  } else {
    const { Worker, bundleWorkflowCode, Runtime, DefaultLogger } = await import('@temporalio/worker');
    Runtime.install({ logger: new DefaultLogger('ERROR') });
    const workflowBundle = await bundleWorkflowCode({ workflowsPath, logger: silent });
    run = () => Worker.runReplayHistory({ workflowBundle }, history);
  }
  const t0 = performance.now();
  await run();
  process.stdout.write(`${JSON.stringify({ ms: performance.now() - t0 })}\n`);
}

async function worker(): Promise<void> {
  const activities = await import('./activities.js');
  const maxCachedWorkflows = Number(cache ?? 1000);
  let run: () => Promise<void>;
  if (sdk === 'durable') {
    const { Worker, NativeConnection, Runtime } = await import('@durable/worker');
    // BENCH_WORKER_METRICS=1: the worker's metrics on, served to Prometheus, to measure what they cost.
    if (process.env.BENCH_WORKER_METRICS) Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress: '127.0.0.1:0' } } } });
    const connection = await NativeConnection.connect({ address: address! });
    const w = await Worker.create({ connection, taskQueue: taskQueue!, workflowsPath, activities, maxCachedWorkflows });
    run = () => w.run();
  } else {
    const { Worker, NativeConnection, Runtime, DefaultLogger } = await import('@temporalio/worker');
    Runtime.install({ logger: new DefaultLogger('ERROR') });
    const connection = await NativeConnection.connect({ address: address! });
    const w = await Worker.create({ connection, taskQueue: taskQueue!, workflowsPath, activities, maxCachedWorkflows });
    run = () => w.run();
  }
  void run();
  process.stdout.write('ready\n');
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'rss') {
      gc?.();
      process.stdout.write(`${JSON.stringify({ rss: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed })}\n`);
    }
  }
}

await (mode === 'bundle' ? bundle() : mode === 'replay' ? replay(address!) : worker());
if (mode !== 'worker') process.exit(0);
