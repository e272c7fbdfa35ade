// Our dev server in process, the official client and worker pointed at it.
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { DevServer, type DevServerOptions } from '@durable/server';
import { Client as DurableClient, Connection as DurableConnection, type WorkflowHandle } from '@durable/client';
import { Worker as DurableWorker, type WorkerOptions as DurableWorkerOptions } from '@durable/worker';
import * as activities from './activities.js';
import * as durableActivities from './durable-activities.js';

let runtimeInstalled = false;

/** The official SDK's runtime, once per process; `options` apply only to the first install. */
export function installQuietRuntime(options: Omit<Parameters<typeof Runtime.install>[0], 'logger'> = {}): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN'), ...options });
}

export const workflowsPath = fileURLToPath(new URL('./workflows.js', import.meta.url));

export interface Env {
  server: DevServer;
  connection: Connection;
  client: Client;
  nativeConnection: NativeConnection;
  worker: Worker;
  taskQueue: string;
  running: Promise<void>;
  stop(): Promise<void>;
}

export async function startEnv(
  options: DevServerOptions = {},
  taskQueue = 'conformance',
  workerOptions: Partial<WorkerOptions> = {},
): Promise<Env> {
  installQuietRuntime();
  const server = await DevServer.start({ port: 0, ...options });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: 'default' });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: 'default',
    taskQueue,
    workflowsPath,
    activities,
    ...workerOptions,
  });
  const running = worker.run();
  return {
    server,
    connection,
    client,
    nativeConnection,
    worker,
    taskQueue,
    running,
    async stop() {
      worker.shutdown();
      await running;
      await nativeConnection.close();
      await connection.close();
      await server.stop();
    },
  };
}

export interface DurableEnv {
  server: DevServer;
  connection: DurableConnection;
  client: DurableClient;
  worker: DurableWorker;
  taskQueue: string;
  /** Ids of the workflows started with start(), for replaying their histories at the end of a suite. */
  started: string[];
  start(workflowType: string, args?: unknown[]): Promise<WorkflowHandle>;
  stop(): Promise<void>;
}

/**
 * Our dev server in process with our client and our worker, running the official-SDK workflow files (or others
 * and other worker options, given in `worker`).
 */
export async function startDurableEnv(options: DevServerOptions, taskQueue: string, worker: Partial<DurableWorkerOptions> = {}): Promise<DurableEnv> {
  const server = await DevServer.start({ port: 0, ...options });
  const connection = await DurableConnection.connect({ address: server.address });
  const client = new DurableClient({ connection });
  const durableWorker = await DurableWorker.create({ connection, taskQueue, workflowsPath, activities: durableActivities, ...worker });
  const running = durableWorker.run();
  const started: string[] = [];
  return {
    server,
    connection,
    client,
    worker: durableWorker,
    taskQueue,
    started,
    async start(workflowType, args = []) {
      const h = await client.workflow.start(workflowType, { taskQueue, workflowId: uniqueId(workflowType), args });
      started.push(h.workflowId);
      return h;
    },
    async stop() {
      durableWorker.shutdown();
      await running;
      await connection.close();
      await server.stop();
    },
  };
}

let seq = 0;
export function uniqueId(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now()}-${++seq}`;
}

/** Polls `fn` until it gives a value (not undefined), failing after `timeoutMs` with what was awaited. */
export async function until<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
