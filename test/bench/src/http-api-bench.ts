// HTTP API latency with many workflows in the database (issue 12's target: list p50 <= 50 ms at 10,000): the dev
// server in its own process, as users run it; workflows started over gRPC; then the requests the web UI makes,
// one at a time, timed from this process. Not a test: a measurement. Run: node test/bench/dist/http-api-bench.js
// (BENCH_WORKFLOWS=10000 BENCH_REQUESTS=200 by default; BENCH_DB=file to use a file database).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawServiceClient } from '@durable/proto';
import { serverProcess } from './support.js';

const WORKFLOWS = Number(process.env.BENCH_WORKFLOWS ?? 10_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const TYPES = ['order', 'shipment', 'invoice', 'refund'];

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function main(): Promise<void> {
  const dir = process.env.BENCH_DB === 'file' ? mkdtempSync(join(tmpdir(), 'durable-http-bench-')) : undefined;
  const server = await serverProcess(dir && join(dir, 'bench.db'));
  const { call, close } = rawServiceClient(server.address);
  try {
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (next < WORKFLOWS) {
          const i = next++;
          await call('StartWorkflowExecution', {
            namespace: 'default',
            workflowId: `bench-${i}`,
            workflowType: { name: TYPES[i % TYPES.length] },
            taskQueue: { name: 'bench-http' },
            input: { payloads: [{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify({ id: i, items: ['a', 'b'] })) }] },
            requestId: `bench-${i}`,
          });
          // A third of them closed (of every type), so status filters and counts have more than one group.
          if (i % 3 === 0) await call('TerminateWorkflowExecution', { namespace: 'default', workflowExecution: { workflowId: `bench-${i}` }, reason: 'bench' });
        }
      }),
    );
    console.log(`${WORKFLOWS} workflows started in ${((performance.now() - t0) / 1000).toFixed(1)} s (${dir ? 'file' : 'in-memory'} database)`);
    const base = `http://${server.httpAddress}/api/v1/namespaces/default`;
    const q = (s: string) => encodeURIComponent(s);
    const ns = 'default';
    // Each request over HTTP, and the same request over gRPC, to tell the transport's cost from the query's.
    const rows: [string, string, string, object][] = [
      ["list, newest 100 (the UI's first page)", '/workflows?pageSize=100', 'ListWorkflowExecutions', { namespace: ns, pageSize: 100 }],
      ["list, WorkflowType = 'order', 100", `/workflows?pageSize=100&query=${q("WorkflowType = 'order'")}`, 'ListWorkflowExecutions', { namespace: ns, pageSize: 100, query: "WorkflowType = 'order'" }],
      ["list, ExecutionStatus = 'Terminated', 100", `/workflows?pageSize=100&query=${q("ExecutionStatus = 'Terminated'")}`, 'ListWorkflowExecutions', { namespace: ns, pageSize: 100, query: "ExecutionStatus = 'Terminated'" }],
      ['count, GROUP BY ExecutionStatus', `/workflow-count?query=${q('GROUP BY ExecutionStatus')}`, 'CountWorkflowExecutions', { namespace: ns, query: 'GROUP BY ExecutionStatus' }],
      ['describe', '/workflows/bench-1', 'DescribeWorkflowExecution', { namespace: ns, execution: { workflowId: 'bench-1' } }],
      ['history', '/workflows/bench-1/history', 'GetWorkflowExecutionHistory', { namespace: ns, execution: { workflowId: 'bench-1' } }],
    ];
    const measure = async (once: () => Promise<number>) => {
      const times: number[] = [];
      let bytes = 0;
      // The first ten warm the server (schema types, statements) and are not counted.
      for (let i = 0; i < REQUESTS + 10; i++) {
        const start = performance.now();
        bytes = await once();
        if (i >= 10) times.push(performance.now() - start);
      }
      return { p50: pct(times, 0.5), p99: pct(times, 0.99), bytes };
    };
    console.log('| request | HTTP p50 ms | HTTP p99 ms | JSON bytes | gRPC p50 ms | gRPC p99 ms |\n| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const [name, path, method, request] of rows) {
      const http = await measure(async () => {
        const res = await fetch(base + path);
        const body = await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${Buffer.from(body).toString()}`);
        return body.byteLength;
      });
      const grpc = await measure(async () => (await call(method, request), 0));
      console.log(`| ${name} | ${http.p50.toFixed(1)} | ${http.p99.toFixed(1)} | ${http.bytes} | ${grpc.p50.toFixed(1)} | ${grpc.p99.toFixed(1)} |`);
    }
  } finally {
    close();
    await server.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
