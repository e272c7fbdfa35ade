// @temporalio/interceptors-opentelemetry, unchanged, across the two SDKs: the official client with its client
// interceptor starting a workflow our worker runs with its worker interceptors, and our client with the official
// worker. Each start makes one trace: StartWorkflow -> RunWorkflow -> StartActivity -> RunActivity. A run replayed
// from its history after every task (no cache) adds no span and no metric increment. The package's plugin form
// (OpenTelemetryPlugin, built on @temporalio/plugin) given to our client and worker makes the same trace.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Resource } from '@opentelemetry/resources';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client/index.js';
import { OpenTelemetryPlugin } from '@temporalio/interceptors-opentelemetry';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  makeWorkflowExporter,
} from '@temporalio/interceptors-opentelemetry/lib/worker/index.js';
import { Client, Connection } from '@temporalio/client';
import type { Context } from '@temporalio/activity';
import type { WorkerOptions as OfficialWorkerOptions } from '@temporalio/worker';
import { Client as DurableClient, Connection as DurableConnection, type WorkflowClientInterceptor as DurableWorkflowClientInterceptor } from '@durable/client';
import { Runtime, type WorkerOptions as DurableWorkerOptions, type WorkerPlugin } from '@durable/worker';
import type { ClientPlugin } from '@durable/client';
import { freePort } from './server-process.js';
import { startDurableEnv, startEnv, uniqueId, type DurableEnv, type Env } from './harness.js';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider();
provider.addSpanProcessor(new SimpleSpanProcessor(exporter));
// The interceptors inject the active span into headers: that takes a context manager that follows async calls, and
// the W3C trace-context propagator register() sets by default.
provider.register({ contextManager: new AsyncLocalStorageContextManager() });
const resource = new Resource({ 'service.name': 'durable-tracing-test' });

const require = createRequire(import.meta.url);
const workflowInterceptors = require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');
const workflowsPath = fileURLToPath(new URL('./traced-workflows.js', import.meta.url));

// The same settings for either worker, as the package's README gives them. Its types are declared against the
// official packages', which ours match in behaviour but not name for name, so each SDK's options take a cast.
const tracingOptions = {
  workflowsPath,
  interceptors: {
    workflowModules: [workflowInterceptors],
    activity: [(ctx: Context) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })],
  },
  sinks: { exporter: makeWorkflowExporter(exporter, resource) },
};
const tracingWorkerOptions = tracingOptions as unknown as Partial<DurableWorkerOptions>;
const officialTracingWorkerOptions = tracingOptions as unknown as Partial<OfficialWorkerOptions>;
const durableClientInterceptor = () => new OpenTelemetryWorkflowClientInterceptor() as unknown as DurableWorkflowClientInterceptor;

const ACTIVITIES = ['greet', 'shout', 'punctuate'];

/** The spans of the trace that starting `workflowId` began, once all of them have arrived. */
async function traceOf(workflowId: string, expected: number): Promise<ReadableSpan[]> {
  for (let waited = 0; ; waited += 20) {
    const start = exporter.getFinishedSpans().find((s) => s.name === 'StartWorkflow:tracedOrder' && s.attributes.temporalWorkflowId === workflowId);
    const spans = start ? exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === start.spanContext().traceId) : [];
    // Workflow spans reach the exporter through a sink after their activation; the last may trail the result.
    if (spans.length >= expected || waited > 5000) return spans;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function assertOneTrace(spans: ReadableSpan[]): void {
  const named = (name: string) => spans.filter((s) => s.name === name);
  const one = (name: string) => {
    const found = named(name);
    assert.equal(found.length, 1, `one ${name} span in ${spans.map((s) => s.name).join(', ')}`);
    return found[0]!;
  };
  const start = one('StartWorkflow:tracedOrder');
  const run = one('RunWorkflow:tracedOrder');
  assert.equal(start.parentSpanId, undefined, 'StartWorkflow is the root');
  assert.equal(run.parentSpanId, start.spanContext().spanId, 'RunWorkflow is a child of StartWorkflow');
  for (const activity of ACTIVITIES) {
    const scheduled = one(`StartActivity:${activity}`);
    const ran = one(`RunActivity:${activity}`);
    assert.equal(scheduled.parentSpanId, run.spanContext().spanId, `StartActivity:${activity} is a child of RunWorkflow`);
    assert.equal(ran.parentSpanId, scheduled.spanContext().spanId, `RunActivity:${activity} is a child of StartActivity:${activity}`);
  }
  assert.equal(spans.length, 2 + 2 * ACTIVITIES.length, `no other span: ${spans.map((s) => s.name).join(', ')}`);
}

/** Runs the traced order with `execute` (a client's workflow.execute, given the id) and checks the trace it made. */
async function assertTracedOrder(execute: (workflowId: string) => Promise<unknown>): Promise<void> {
  const workflowId = uniqueId('traced');
  assert.equal(await execute(workflowId), 'HELLO OTEL!');
  assertOneTrace(await traceOf(workflowId, 2 + 2 * ACTIVITIES.length));
}

/** The value of one series in a Prometheus scrape (0 when absent), matched on the given labels. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

describe('OpenTelemetry interceptors: official client, our worker', () => {
  let env: DurableEnv;
  let connection: Connection;
  let client: Client;
  let metricsUrl: string;

  before(async () => {
    const bindAddress = `127.0.0.1:${await freePort()}`;
    metricsUrl = `http://${bindAddress}/metrics`;
    Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress } } } });
    env = await startDurableEnv({}, 'tracing-durable-worker', tracingWorkerOptions);
    connection = await Connection.connect({ address: env.server.address });
    client = new Client({ connection, interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } });
  });
  after(async () => {
    await connection?.close();
    await env?.stop();
  });

  test('one trace: StartWorkflow, RunWorkflow, StartActivity, RunActivity with the right parents', () =>
    assertTracedOrder((workflowId) => client.workflow.execute('tracedOrder', { taskQueue: env.taskQueue, workflowId, args: ['otel'] })));

  test('a run replayed after every task (no cache) adds no span and no metric increment', async (t) => {
    const taskQueue = uniqueId('tracing-no-cache');
    const replaying = await startDurableEnv({}, taskQueue, { ...tracingWorkerOptions, maxCachedWorkflows: 0 });
    t.after(() => replaying.stop());
    const c = new Client({ connection: await Connection.connect({ address: replaying.server.address }), interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } });
    t.after(() => c.connection.close());
    await assertTracedOrder((workflowId) => c.workflow.execute('tracedOrder', { taskQueue, workflowId, args: ['otel'] }));

    const scrape = await (await fetch(metricsUrl)).text();
    const ours = { task_queue: taskQueue };
    assert.ok(sample(scrape, 'temporal_sticky_cache_miss', ours) >= 3, 'each task after the first replayed the run');
    assert.equal(sample(scrape, 'temporal_workflow_completed', { ...ours, workflow_type: 'tracedOrder' }), 1);
    assert.equal(sample(scrape, 'traced_order_steps', { taskQueue, workflowType: 'tracedOrder' }), 3);
  });
});

describe('OpenTelemetry interceptors: our client, official worker', () => {
  let env: Env;
  let connection: DurableConnection;
  let client: DurableClient;

  before(async () => {
    env = await startEnv({}, 'tracing-official-worker', officialTracingWorkerOptions);
    connection = await DurableConnection.connect({ address: env.server.address });
    client = new DurableClient({ connection, interceptors: { workflow: [durableClientInterceptor()] } });
  });
  after(async () => {
    await connection?.close();
    await env?.stop();
  });

  test('one trace: StartWorkflow, RunWorkflow, StartActivity, RunActivity with the right parents', () =>
    assertTracedOrder((workflowId) => client.workflow.execute('tracedOrder', { taskQueue: env.taskQueue, workflowId, args: ['otel'] })));
});

describe('OpenTelemetryPlugin on our client and our worker', () => {
  let env: DurableEnv;
  let client: DurableClient;

  before(async () => {
    // The plugin brings the client interceptor, the activity and workflow interceptors and the exporter sink; the
    // worker is given nothing else.
    const plugin = new OpenTelemetryPlugin({ spanProcessor: new SimpleSpanProcessor(exporter), resource });
    env = await startDurableEnv({}, 'tracing-plugin', { workflowsPath, plugins: [plugin as unknown as WorkerPlugin] });
    client = new DurableClient({ connection: env.connection, plugins: [plugin as unknown as ClientPlugin] });
  });
  after(() => env?.stop());

  test('one trace: StartWorkflow, RunWorkflow, StartActivity, RunActivity with the right parents', () =>
    assertTracedOrder((workflowId) => client.workflow.execute('tracedOrder', { taskQueue: env.taskQueue, workflowId, args: ['otel'] })));
});
