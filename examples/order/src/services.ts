// The services the order activities talk to, as interfaces, with in-memory fakes for tests and the demo.
export interface Order {
  id: string;
  customer: string;
  item: string;
  quantity: number;
  amountCents: number;
}

export interface Inventory {
  reserve(item: string, quantity: number, orderId: string): Promise<string>;
}
export interface Payments {
  charge(customer: string, amountCents: number, idempotencyKey: string): Promise<string>;
}
export interface Email {
  send(to: string, subject: string): Promise<void>;
}

/** A payment provider that fails the first `failures` calls (a flaky network), then succeeds. */
export class FakePayments implements Payments {
  readonly charges: { customer: string; amountCents: number; key: string }[] = [];
  private calls = 0;
  constructor(
    private readonly failures = 0,
    private readonly delayMs = 0,
  ) {}
  async charge(customer: string, amountCents: number, idempotencyKey: string): Promise<string> {
    this.calls++;
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.calls <= this.failures) throw new Error(`payment gateway timeout (call ${this.calls})`);
    // Idempotent by key: a retried charge does not charge twice.
    if (!this.charges.some((c) => c.key === idempotencyKey)) this.charges.push({ customer, amountCents, key: idempotencyKey });
    return `ch_${idempotencyKey}`;
  }
}

export class FakeInventory implements Inventory {
  readonly reservations: { item: string; quantity: number; orderId: string }[] = [];
  constructor(private readonly stock: Record<string, number> = { widget: 100 }) {}
  async reserve(item: string, quantity: number, orderId: string): Promise<string> {
    const left = this.stock[item] ?? 0;
    if (left < quantity) throw new OutOfStockError(`only ${left} ${item} left, ${quantity} requested`);
    this.stock[item] = left - quantity;
    this.reservations.push({ item, quantity, orderId });
    return `res_${orderId}`;
  }
}

export class OutOfStockError extends Error {
  override name = 'OutOfStockError';
}

export class FakeEmail implements Email {
  readonly sent: { to: string; subject: string }[] = [];
  async send(to: string, subject: string): Promise<void> {
    this.sent.push({ to, subject });
  }
}
