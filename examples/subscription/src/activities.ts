import type { Billing, Mailer } from './services.js';

export function createActivities({ billing, mailer }: { billing: Billing; mailer: Mailer }) {
  return {
    chargeMonthly: (customer: string, amountCents: number, period: number) => billing.charge(customer, amountCents, period),
    checkStatus: (customer: string) => billing.isActive(customer),
    sendCancellationEmail: (customer: string, months: number) => mailer.send(customer, `Your subscription ended after ${months} month(s)`),
  };
}
export type SubscriptionActivities = ReturnType<typeof createActivities>;
