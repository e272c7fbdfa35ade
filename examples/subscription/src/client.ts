// Usage: node dist/client.js [address] — starts a subscription, then cancels it.
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@durable/client';
import type { subscriptionWorkflow } from './workflows.js';

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const connection = await Connection.connect({ address: process.argv[2] ?? 'localhost:7233' });
  const client = new Client({ connection });
  const handle = await client.workflow.start<typeof subscriptionWorkflow>('subscriptionWorkflow', {
    taskQueue: 'subscriptions',
    workflowId: `subscription-ada-${Date.now()}`,
    args: ['ada@example.com', 999],
  });
  console.log(`started ${handle.workflowId}; months charged so far: ${await handle.query('monthsCharged')}`);
  await handle.signal('cancelSubscription');
  console.log('result:', await handle.result());
  await connection.close();
}
