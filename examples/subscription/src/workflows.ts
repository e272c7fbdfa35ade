// A monthly subscription: charge, wait 30 days, check the account is still active; a cancel signal (or the account
// lapsing) stops it, and the customer gets a cancellation email.
import { condition, defineQuery, defineSignal, proxyActivities, setHandler } from '@durable/workflow';
import type { SubscriptionActivities } from './activities.js';

const { chargeMonthly, checkStatus, sendCancellationEmail } = proxyActivities<SubscriptionActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1s', maximumAttempts: 10 },
});

export const cancelSubscription = defineSignal('cancelSubscription');
export const monthsCharged = defineQuery<number>('monthsCharged');

export async function subscriptionWorkflow(customer: string, amountCents: number, maxMonths = 12): Promise<{ months: number; cancelled: boolean }> {
  let cancelled = false;
  let months = 0;
  setHandler(cancelSubscription, () => {
    cancelled = true;
  });
  setHandler(monthsCharged, () => months);
  while (months < maxMonths && !cancelled) {
    await chargeMonthly(customer, amountCents, months + 1);
    months++;
    if (months === maxMonths) break;
    // Wakes early if the customer cancels during the month.
    if (await condition(() => cancelled, '30 days')) break;
    if (!(await checkStatus(customer))) {
      cancelled = true;
      break;
    }
  }
  if (cancelled) await sendCancellationEmail(customer, months);
  return { months, cancelled };
}
