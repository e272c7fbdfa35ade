// Usage: node dist/worker.js [address]
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@durable/worker';
import { createActivities } from './activities.js';
import { FakeNotifier, FakeSource, FakeWarehouse } from './services.js';

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const connection = await NativeConnection.connect({ address: process.argv[2] ?? 'localhost:7233' });
  const source = new FakeSource([{ id: 1, name: ' widget ', amount: '4.20' }]);
  const worker = await Worker.create({
    connection,
    taskQueue: 'etl',
    workflowsPath: fileURLToPath(new URL('./workflows.js', import.meta.url)),
    activities: createActivities({ source, warehouse: new FakeWarehouse(1), notifier: new FakeNotifier() }),
  });
  process.once('SIGINT', () => worker.shutdown());
  await worker.run();
  await connection.close();
}
