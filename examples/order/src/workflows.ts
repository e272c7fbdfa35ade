// The seed's order workflow: reserve inventory, charge payment, send a confirmation. Each step is an activity with
// a retry policy; if the worker dies between steps, another worker continues from the last completed step.
import { proxyActivities } from '@durable/workflow';
import type { OrderActivities } from './activities.js';
import type { Order } from './services.js';

const { reserveInventory, chargePayment, sendConfirmation } = proxyActivities<OrderActivities>({
  // Short, so a step lost with a crashed worker is retried elsewhere within seconds (the demo shows it).
  startToCloseTimeout: '5 seconds',
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumAttempts: 5 },
});

export interface OrderResult {
  orderId: string;
  reservation: string;
  charge: string;
}

export async function orderWorkflow(order: Order): Promise<OrderResult> {
  const reservation = await reserveInventory(order);
  const charge = await chargePayment(order);
  await sendConfirmation(order, charge);
  return { orderId: order.id, reservation, charge };
}
