// Starts one order and prints its result. Usage: node dist/client.js [address]
import { fileURLToPath } from 'node:url';
import { Client, Connection, type WorkflowOptions } from '@durable/client';
import { TASK_QUEUE } from './worker.js';
import type { Order } from './services.js';
import type { orderWorkflow } from './workflows.js';

export async function placeOrder(client: Client, order: Order, options: Partial<WorkflowOptions> = {}) {
  return client.workflow.start<typeof orderWorkflow>('orderWorkflow', { taskQueue: TASK_QUEUE, workflowId: `order-${order.id}`, args: [order], ...options });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const connection = await Connection.connect({ address: process.argv[2] ?? 'localhost:7233' });
  const client = new Client({ connection });
  const order: Order = { id: `${Date.now()}`, customer: 'ada@example.com', item: 'widget', quantity: 2, amountCents: 4_200 };
  const handle = await placeOrder(client, order);
  console.log(`started ${handle.workflowId}`);
  console.log('result:', await handle.result());
  await connection.close();
}
