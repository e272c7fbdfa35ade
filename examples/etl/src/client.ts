// Usage: node dist/client.js [address] — runs one batch.
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@durable/client';
import type { etlWorkflow } from './workflows.js';

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const connection = await Connection.connect({ address: process.argv[2] ?? 'localhost:7233' });
  const client = new Client({ connection });
  const batch = `${Date.now()}`;
  console.log('result:', await client.workflow.execute<typeof etlWorkflow>('etlWorkflow', { taskQueue: 'etl', workflowId: `etl-${batch}`, args: [batch, 'sales'] }));
  await connection.close();
}
