// `npm run start.client [name]`: starts a greeting workflow and waits for its result.
import { Client, Connection } from '@durable/client';
import { connectionOptions, namespace, TASK_QUEUE } from './shared.js';
import { greeting } from './workflows.js';

const connection = await Connection.connect(connectionOptions);
try {
  const client = new Client({ connection, namespace });
  const handle = await client.workflow.start(greeting, {
    taskQueue: TASK_QUEUE,
    args: [process.argv[2] ?? 'World'],
    // In a real application, use a business id (an order id, a user id): starting the same id twice is refused.
    workflowId: `greeting-${Date.now()}`,
  });
  console.log(`Started workflow ${handle.workflowId}`);
  console.log(await handle.result());
} finally {
  await connection.close();
}
