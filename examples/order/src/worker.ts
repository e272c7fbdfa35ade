// Runs the order workflow and its activities. Usage: node dist/worker.js [address] [taskQueue]
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@durable/worker';
import { createActivities } from './activities.js';
import { FakeEmail, FakeInventory, FakePayments } from './services.js';

export const TASK_QUEUE = 'orders';

export async function createWorker(
  connection: NativeConnection,
  taskQueue = TASK_QUEUE,
  onStep?: (step: string) => void,
  paymentDelayMs = 0,
): Promise<Worker> {
  const activities = createActivities({ inventory: new FakeInventory(), payments: new FakePayments(0, paymentDelayMs), email: new FakeEmail() });
  // Report each activity as it runs (the demo prints them).
  const reported = Object.fromEntries(
    Object.entries(activities).map(([name, fn]) => [
      name,
      async (...args: unknown[]) => {
        onStep?.(`activity ${name} started`);
        const result = await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
        onStep?.(`activity ${name} done`);
        return result;
      },
    ]),
  );
  return Worker.create({
    connection,
    taskQueue,
    workflowsPath: fileURLToPath(new URL('./workflows.js', import.meta.url)),
    activities: reported,
    // A crashed worker's cached workflows move to another worker after this long.
    stickyQueueScheduleToStartTimeout: '1s',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [address = 'localhost:7233', taskQueue = TASK_QUEUE, paymentDelayMs = '0'] = process.argv.slice(2);
  const connection = await NativeConnection.connect({ address });
  const worker = await createWorker(connection, taskQueue, (step) => process.stdout.write(`[worker ${process.pid}] ${step}\n`), Number(paymentDelayMs));
  process.stdout.write(`[worker ${process.pid}] polling ${taskQueue} on ${address}\n`);
  process.once('SIGINT', () => worker.shutdown());
  process.once('SIGTERM', () => worker.shutdown());
  await worker.run();
  await connection.close();
}
