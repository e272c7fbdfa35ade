// The demo: the embedded server on a file database, a worker in its own process running the order workflow, the
// worker killed with SIGKILL halfway, a new worker started, and the order finishing from where it stopped.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@durable/client';
import { DevServer } from '@durable/server';
import { placeOrder } from './client.js';
import type { Order } from './services.js';

const workerScript = fileURLToPath(new URL('./worker.js', import.meta.url));
const say = (line: string) => process.stdout.write(`${line}\n`);

function startWorker(address: string, taskQueue: string, paymentDelayMs: number, onLine: (line: string) => void): ChildProcess {
  const child = spawn(process.execPath, [workerScript, address, taskQueue, String(paymentDelayMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let buf = '';
  child.stdout!.on('data', (c: Buffer) => {
    buf += c.toString();
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      onLine(buf.slice(0, i));
      buf = buf.slice(i + 1);
    }
  });
  return child;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'durable-demo-'));
  const dbFilename = join(dir, 'demo.db');
  const server = await DevServer.start({ port: 0, dbFilename });
  say(`1. Durable dev server on ${server.address}, database ${dbFilename}`);
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const taskQueue = 'orders';
  try {
    let killed = false;
    let first: ChildProcess | undefined;
    const chargeStarted = new Promise<void>((resolve) => {
      // This worker's payment gateway is slow, so the kill lands in the middle of the charge.
      first = startWorker(server.address, taskQueue, 2_000, (line) => {
        say(`   ${line}`);
        if (line.includes('chargePayment started')) resolve();
      });
    });
    say(`2. Worker process ${first!.pid} started`);
    const order: Order = { id: `${Date.now()}`, customer: 'ada@example.com', item: 'widget', quantity: 2, amountCents: 4_200 };
    // A workflow task lost with the killed worker is retried after 2 s instead of the default 10 s.
    const handle = await placeOrder(client, order, { workflowTaskTimeout: '2s' });
    const t0 = Date.now();
    say(`3. Order workflow ${handle.workflowId} started: reserve inventory -> charge payment -> send confirmation`);
    await chargeStarted;
    first!.kill('SIGKILL');
    killed = true;
    say(`4. Worker ${first!.pid} killed with SIGKILL while charging the card: that attempt is lost, the server retries it after its 5 s timeout`);
    const second = startWorker(server.address, taskQueue, 0, (line) => say(`   ${line}`));
    say(`5. New worker process ${second.pid} started: it picks the workflow up from its history`);
    const result = await handle.result();
    say(`6. Order finished after ${((Date.now() - t0) / 1000).toFixed(1)} s: ${JSON.stringify(result)}`);
    const events = (await handle.fetchHistory()).events ?? [];
    const completed = events
      .filter((e) => e.activityTaskCompletedEventAttributes)
      .map((e) => {
        const scheduledId = Number(e.activityTaskCompletedEventAttributes!.scheduledEventId);
        return events.find((s) => Number(s.eventId) === scheduledId)?.activityTaskScheduledEventAttributes?.activityType?.name;
      });
    say(`7. History (${events.length} events): completed steps ${completed.join(', ')} — the inventory was reserved once, not again after the crash${killed ? '' : ' (the worker was not killed!)'}`);
    // The worker shuts down gracefully (it tells the server it leaves): the server must still be there to hear it.
    const exited = new Promise((resolve) => second.once('exit', resolve));
    second.kill('SIGTERM');
    await exited;
  } finally {
    await connection.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
