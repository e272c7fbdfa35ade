// What the subscription activities talk to: a billing provider and a mailer, as interfaces with in-memory fakes.
export interface Billing {
  charge(customer: string, amountCents: number, period: number): Promise<string>;
  isActive(customer: string): Promise<boolean>;
}
export interface Mailer {
  send(to: string, subject: string): Promise<void>;
}

export class FakeBilling implements Billing {
  readonly charges: { customer: string; period: number }[] = [];
  constructor(private readonly activeForPeriods = Infinity) {}
  async charge(customer: string, _amountCents: number, period: number): Promise<string> {
    // Idempotent per period: a retried charge does not bill twice.
    if (!this.charges.some((c) => c.customer === customer && c.period === period)) this.charges.push({ customer, period });
    return `inv_${customer}_${period}`;
  }
  async isActive(): Promise<boolean> {
    return this.charges.length < this.activeForPeriods;
  }
}

export class FakeMailer implements Mailer {
  readonly sent: { to: string; subject: string }[] = [];
  async send(to: string, subject: string): Promise<void> {
    this.sent.push({ to, subject });
  }
}
