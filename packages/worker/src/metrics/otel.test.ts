// Runtime.install with metrics.otel: the worker's metrics are pushed to an OpenTelemetry collector, over OTLP/HTTP
// (JSON, read back here) and over OTLP/gRPC (a collector stand-in on grpc-js), with the official SDK's names, units,
// buckets and attributes; a collector that is not there is one warning, and nothing of the worker fails.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Connection, Client } from '@durable/client';
import type { DevServer } from '@durable/server';
import { grpcJs } from '@durable/proto';
import { Runtime, Worker, type LogLevel } from '../index.js';
import * as activities from '../fixtures/activities.js';
import { fixture, startTestServer, stopTestServer, uid } from '../fixtures/test-server.js';

interface JsonPoint {
  attributes: { key: string; value: { stringValue?: string } }[];
  asInt?: string | number;
  asDouble?: number;
  count?: string | number;
  explicitBounds?: number[];
}
interface JsonMetric {
  name: string;
  unit?: string;
  sum?: { dataPoints: JsonPoint[]; aggregationTemporality: number };
  histogram?: { dataPoints: JsonPoint[] };
  gauge?: { dataPoints: JsonPoint[] };
}
interface JsonExport {
  resourceMetrics: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeMetrics: { metrics: JsonMetric[] }[] }[];
}

const attrs = (p: JsonPoint) => Object.fromEntries(p.attributes.map((a) => [a.key, a.value.stringValue]));
const matches = (p: JsonPoint, want: Record<string, string>) => Object.entries(want).every(([k, v]) => attrs(p)[k] === v);

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Runs `runs` workflows that complete, on a worker with the runtime installed by the caller. */
async function runWorkflows(connection: Connection, client: Client, taskQueue: string, runs: number): Promise<void> {
  const worker = await Worker.create({ connection, taskQueue, workflowsPath: fixture('workflows.js'), activities });
  await worker.runUntil(async () => {
    for (let i = 0; i < runs; i++) assert.equal(await client.workflow.execute('metered', { taskQueue, workflowId: uid('metered'), args: ['hi'] }), 'hi');
  });
}

describe('worker metrics pushed to an OpenTelemetry collector', () => {
  let server: DevServer;
  let connection: Connection;
  let client: Client;
  before(async () => void ({ server, connection, client } = await startTestServer()));
  after(() => stopTestServer({ server, connection }));

  test('over OTLP/HTTP: names, attributes, counts, units and buckets as the official core pushes them', async () => {
    const exports: JsonExport[] = [];
    const collector = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (req.url === '/v1/metrics' && req.method === 'POST') exports.push(JSON.parse(body) as JsonExport);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    const port = await listen(collector);
    const taskQueue = uid('otel-http');
    const runs = 3;
    try {
      Runtime.install({
        telemetryOptions: { metrics: { otel: { url: `http://127.0.0.1:${port}/v1/metrics`, http: true, metricsExportInterval: '100ms' }, globalTags: { deployment: 'test' } } },
      });
      await runWorkflows(connection, client, taskQueue, runs);
      // Shutting the runtime down pushes what was recorded since the last interval.
      await Runtime.instance().shutdown();
    } finally {
      collector.close();
    }
    assert.ok(exports.length > 0, 'the collector received pushes');
    const last = exports.at(-1)!.resourceMetrics[0]!;
    assert.deepEqual(attrs({ attributes: last.resource.attributes }), { 'service.name': 'temporal-core-sdk' });
    const metrics = new Map(last.scopeMetrics.flatMap((s) => s.metrics).map((m) => [m.name, m]));
    const ours = { namespace: 'default', task_queue: taskQueue, deployment: 'test' };

    const completed = metrics.get('temporal_workflow_completed')?.sum?.dataPoints.find((p) => matches(p, { ...ours, workflow_type: 'metered' }));
    assert.equal(Number(completed?.asInt ?? completed?.asDouble), runs, 'cumulative count of completed workflows');
    const e2e = metrics.get('temporal_workflow_endtoend_latency')!;
    assert.equal(e2e.unit, 'ms');
    const e2ePoint = e2e.histogram!.dataPoints.find((p) => matches(p, { ...ours, workflow_type: 'metered' }))!;
    assert.equal(Number(e2ePoint.count), runs);
    assert.deepEqual(e2ePoint.explicitBounds, [100, 500, 1000, 1500, 2000, 5000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000, 30_600_000, 86_400_000]);
    const slots = metrics.get('temporal_worker_task_slots_available')?.gauge?.dataPoints.find((p) => matches(p, { ...ours, worker_type: 'WorkflowWorker' }));
    assert.equal(Number(slots?.asInt ?? slots?.asDouble), 40);
    // The metric workflow code records through metricMeter, live work only.
    const seen = metrics.get('orders_seen')?.sum?.dataPoints.find((p) => matches(p, { stage: 'end' }));
    assert.equal(Number(seen?.asInt ?? seen?.asDouble), runs);
  });

  test('over OTLP/gRPC, at a grpc:// URL; a collector that is gone is one warning and the worker carries on', async () => {
    const received: Buffer[] = [];
    const collector = new grpcJs.Server();
    const identity = (b: Buffer) => b;
    collector.addService(
      {
        Export: {
          path: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
          requestStream: false,
          responseStream: false,
          requestSerialize: identity,
          requestDeserialize: identity,
          responseSerialize: identity,
          responseDeserialize: identity,
        },
      },
      {
        Export: (call: { request: Buffer }, done: (err: null, value: Buffer) => void) => {
          received.push(call.request);
          done(null, Buffer.alloc(0));
        },
      },
    );
    const port = await new Promise<number>((resolve, reject) =>
      collector.bindAsync('127.0.0.1:0', grpcJs.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    const warnings: string[] = [];
    const logger = {
      log: (level: LogLevel, message: string) => void (level === 'WARN' && warnings.push(message)),
      trace() {},
      debug() {},
      info() {},
      warn: (message: string) => void warnings.push(message),
      error() {},
    };
    const taskQueue = uid('otel-grpc');
    Runtime.install({ logger, telemetryOptions: { metrics: { otel: { url: `grpc://127.0.0.1:${port}`, metricsExportInterval: '100ms', temporality: 'delta' } } } });
    try {
      await runWorkflows(connection, client, taskQueue, 2);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const pushed = Buffer.concat(received).toString('latin1');
      assert.ok(pushed.includes('temporal_workflow_completed'), 'the worker metrics reached the collector');
      assert.ok(pushed.includes(taskQueue), 'with their task queue attribute');
      await new Promise<void>((resolve) => collector.tryShutdown(() => resolve()));
      await runWorkflows(connection, client, taskQueue, 1);
      await new Promise((resolve) => setTimeout(resolve, 600));
    } finally {
      await Runtime.instance().shutdown();
      collector.forceShutdown();
    }
    assert.equal(warnings.filter((w) => w.includes('OpenTelemetry collector')).length, 1, `one warning for a collector gone: ${JSON.stringify(warnings)}`);
  });
});
