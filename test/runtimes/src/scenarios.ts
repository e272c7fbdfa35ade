// Runs the core scenarios with our worker and client in this process, against the server at argv[2], and prints
// their results as one JSON line. Started by runtimes.test.ts on Bun, Deno or another Node.
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@durable/client';
import { NativeConnection, Worker } from '@durable/worker';
import * as activities from './activities.js';
import type { counter, parent, retried, signals, timer } from './workflows.js';
import { addItem } from './workflows.js';

const address = process.argv[2] ?? 'localhost:7233';
const taskQueue = 'runtimes';
const suffix = `${Date.now()}`;

const worker = await Worker.create({
  connection: await NativeConnection.connect({ address }),
  taskQueue,
  workflowsPath: fileURLToPath(new URL('./workflows.js', import.meta.url)),
  activities,
});
const connection = await Connection.connect({ address });
const client = new Client({ connection });
const options = (id: string) => ({ taskQueue, workflowId: `${id}-${suffix}` });

const results = await worker.runUntil(async () => {
  const waiting = await client.workflow.start<typeof signals>('signals', { ...options('signals'), args: [2] });
  const [retriedResult, timerResult, parentResult, counterResult] = await Promise.all([
    client.workflow.execute<typeof retried>('retried', { ...options('retried'), args: [] }),
    client.workflow.execute<typeof timer>('timer', { ...options('timer'), args: [300] }),
    client.workflow.execute<typeof parent>('parent', { ...options('parent'), args: [`ada-${suffix}`] }),
    client.workflow.execute<typeof counter>('counter', { ...options('counter'), args: [3] }),
  ]);
  await waiting.signal(addItem, 'first');
  await waiting.signal(addItem, 'second');
  return { retried: retriedResult, timer: timerResult, parent: parentResult, counter: counterResult, signals: await waiting.result() };
});
await connection.close();
process.stdout.write(`${JSON.stringify({ runtime: process.versions.bun ? 'bun' : process.versions.deno ? 'deno' : 'node', results })}\n`);
