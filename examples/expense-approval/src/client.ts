// Usage: node dist/client.js [address] — files an expense and approves it.
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@durable/client';
import type { expenseWorkflow } from './workflows.js';

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const connection = await Connection.connect({ address: process.argv[2] ?? 'localhost:7233' });
  const client = new Client({ connection });
  const id = `${Date.now()}`;
  const handle = await client.workflow.start<typeof expenseWorkflow>('expenseWorkflow', {
    taskQueue: 'expenses',
    workflowId: `expense-${id}`,
    args: [{ id, employee: 'ada@example.com', manager: 'grace@example.com', amountCents: 12_50 }],
  });
  await handle.signal('approve', 'grace@example.com');
  console.log('result:', await handle.result());
  await connection.close();
}
