// An expense waits up to seven days for its manager's decision (a signal), then is reimbursed or rejected.
import { condition, defineSignal, proxyActivities, setHandler } from '@durable/workflow';
import type { ExpenseActivities } from './activities.js';
import type { Expense } from './services.js';

const { notifyManager, reimburse, notifyEmployee } = proxyActivities<ExpenseActivities>({ startToCloseTimeout: '1 minute' });

export const approve = defineSignal<[string]>('approve');
export const reject = defineSignal<[string]>('reject');

export type ExpenseOutcome = { status: 'reimbursed'; payout: string; by: string } | { status: 'rejected'; reason: string } | { status: 'timed out' };

export async function expenseWorkflow(expense: Expense): Promise<ExpenseOutcome> {
  let decision: { approved: true; by: string } | { approved: false; reason: string } | undefined;
  setHandler(approve, (by) => {
    decision ??= { approved: true, by };
  });
  setHandler(reject, (reason) => {
    decision ??= { approved: false, reason };
  });
  await notifyManager(expense);
  if (!(await condition(() => decision !== undefined, '7 days'))) {
    await notifyEmployee(expense, 'no decision within 7 days');
    return { status: 'timed out' };
  }
  if (decision!.approved) {
    const payout = await reimburse(expense);
    await notifyEmployee(expense, `reimbursed (${payout})`);
    return { status: 'reimbursed', payout, by: decision!.by };
  }
  await notifyEmployee(expense, `rejected: ${decision!.reason}`);
  return { status: 'rejected', reason: decision!.reason };
}
