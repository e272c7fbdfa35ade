// Workflows of the browser tests: each gives the UI something to show (a timer and an activity, retries, a failure
// chain, a child, a signal, an update and a query to act on).
import { condition, defineQuery, defineSignal, defineUpdate, executeChild, proxyActivities, setHandler, sleep } from '@durable/workflow';
import type * as activities from './activities.js';

const { greet, charge, chargeDeclined } = proxyActivities<typeof activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '100ms', backoffCoefficient: 2, maximumAttempts: 5 },
});

export async function greeting(name: string): Promise<string> {
  await sleep('50ms');
  return await greet(name);
}

export async function payment(orderId: string): Promise<{ orderId: string; charge: string }> {
  return { orderId, charge: await charge(orderId) };
}

export async function declined(orderId: string): Promise<string> {
  return await chargeDeclined(orderId);
}

export async function family(name: string): Promise<string> {
  const child = await executeChild(greeting, { args: [`${name} junior`], workflowId: `${name}-child` });
  return `parent of: ${child}`;
}

export const approve = defineSignal<[string]>('approve');
export const approvalStatus = defineQuery<string>('approvalStatus');
export const addNote = defineUpdate<string, [string]>('addNote');

export async function approval(orderId: string): Promise<string> {
  let approvedBy: string | undefined;
  const notes: string[] = [];
  setHandler(approve, (by) => {
    approvedBy = by;
  });
  setHandler(approvalStatus, () => (approvedBy ? `approved by ${approvedBy}` : `waiting, ${notes.length} notes`));
  setHandler(addNote, (note) => {
    notes.push(note);
    return `${notes.length} notes`;
  });
  await greet(orderId);
  await condition(() => approvedBy !== undefined);
  return `order ${orderId} approved by ${approvedBy}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

const { reserveStock } = proxyActivities<typeof activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 1 },
});

export async function stubborn(sku: string): Promise<string> {
  return await reserveStock(sku);
}
