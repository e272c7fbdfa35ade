import type { Expense, Notifier, Payouts } from './services.js';

export function createActivities({ notifier, payouts }: { notifier: Notifier; payouts: Payouts }) {
  return {
    notifyManager: (e: Expense) => notifier.notify(e.manager, `Please approve expense ${e.id} of ${e.employee}`),
    reimburse: (e: Expense) => payouts.reimburse(e.employee, e.amountCents, e.id),
    notifyEmployee: (e: Expense, outcome: string) => notifier.notify(e.employee, `Expense ${e.id}: ${outcome}`),
  };
}
export type ExpenseActivities = ReturnType<typeof createActivities>;
