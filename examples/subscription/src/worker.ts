// Usage: node dist/worker.js [address]
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@durable/worker';
import { createActivities } from './activities.js';
import { FakeBilling, FakeMailer } from './services.js';

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const connection = await NativeConnection.connect({ address: process.argv[2] ?? 'localhost:7233' });
  const worker = await Worker.create({
    connection,
    taskQueue: 'subscriptions',
    workflowsPath: fileURLToPath(new URL('./workflows.js', import.meta.url)),
    activities: createActivities({ billing: new FakeBilling(), mailer: new FakeMailer() }),
  });
  process.once('SIGINT', () => worker.shutdown());
  await worker.run();
  await connection.close();
}
