// Activities of the browser tests: one that succeeds, one that fails twice before it succeeds (retries on the
// timeline), one that fails for good with a cause (a failure chain to read), one that keeps failing (a pending
// activity with its heartbeat, last failure and next retry).
import { ApplicationFailure, activityInfo, heartbeat } from '@durable/activity';

export async function greet(name: string): Promise<string> {
  return `Hello, ${name}!`;
}

export async function charge(orderId: string): Promise<string> {
  const { attempt } = activityInfo();
  if (attempt < 3) throw new Error(`payment gateway busy (attempt ${attempt})`);
  return `ch_${orderId}`;
}

export async function chargeDeclined(orderId: string): Promise<string> {
  throw ApplicationFailure.create({
    message: `card declined for order ${orderId}`,
    type: 'CardDeclined',
    nonRetryable: true,
    cause: new Error('gateway answered 402 Payment Required'),
  });
}

export async function reserveStock(sku: string): Promise<string> {
  const { attempt } = activityInfo();
  heartbeat({ sku, warehousesChecked: 3 });
  throw new Error(`inventory service down (attempt ${attempt})`);
}
