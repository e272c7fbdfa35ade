// The expense flow's services: notifications and payouts, as interfaces with in-memory fakes.
export interface Expense {
  id: string;
  employee: string;
  manager: string;
  amountCents: number;
}
export interface Notifier {
  notify(to: string, message: string): Promise<void>;
}
export interface Payouts {
  reimburse(employee: string, amountCents: number, expenseId: string): Promise<string>;
}

export class FakeNotifier implements Notifier {
  readonly messages: { to: string; message: string }[] = [];
  async notify(to: string, message: string): Promise<void> {
    this.messages.push({ to, message });
  }
}
export class FakePayouts implements Payouts {
  readonly payouts: { employee: string; amountCents: number; expenseId: string }[] = [];
  async reimburse(employee: string, amountCents: number, expenseId: string): Promise<string> {
    if (!this.payouts.some((p) => p.expenseId === expenseId)) this.payouts.push({ employee, amountCents, expenseId });
    return `payout_${expenseId}`;
  }
}
