// A client program written for @temporalio/client. program-durable.ts is this file with only the import changed;
// compat.test.ts checks that and runs both against our server.
import { Client, Connection, WorkflowFailedError, ApplicationFailure, WorkflowNotFoundError } from '@temporalio/client';

export async function runProgram(address: string, taskQueue: string, id: string): Promise<string[]> {
  const out: string[] = [];
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection, namespace: 'default' });
    const greeting = await client.workflow.execute('threeActivities', { taskQueue, workflowId: `${id}-greet`, args: ['compat'] });
    out.push(`result: ${String(greeting)}`);

    const handle = await client.workflow.start('approval', { taskQueue, workflowId: `${id}-approval`, memo: { by: 'program' } });
    out.push(`query: ${await handle.query<string>('status')}`);
    await handle.signal('approve', 'carol');
    out.push(`result: ${await handle.result()}`);
    const description = await handle.describe();
    out.push(`describe: ${description.type} ${description.status.name} memo=${JSON.stringify(description.memo)}`);

    try {
      await client.workflow.execute('failing', { taskQueue, workflowId: `${id}-failing`, args: ['out of stock'] });
    } catch (err) {
      if (err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure) {
        out.push(`failed: ${err.cause.type}: ${err.cause.message}`);
      }
    }
    try {
      await client.workflow.getHandle(`${id}-missing`).describe();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) out.push(`not found: ${err.workflowId}`);
    }
    const ids: string[] = [];
    for await (const info of client.workflow.list({ query: `WorkflowId STARTS_WITH '${id}'` })) ids.push(info.workflowId);
    out.push(`listed: ${ids.sort().join(',')}`);
    out.push(`count: ${(await client.workflow.count(`WorkflowId STARTS_WITH '${id}'`)).count}`);
  } finally {
    await connection.close();
  }
  return out;
}
