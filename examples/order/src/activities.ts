// Order activities: the real work, each retried by the server on failure. Services are injected so tests use fakes.
import { ApplicationFailure } from '@durable/activity';
import { OutOfStockError, type Email, type Inventory, type Order, type Payments } from './services.js';

export function createActivities(services: { inventory: Inventory; payments: Payments; email: Email }) {
  return {
    async reserveInventory(order: Order): Promise<string> {
      try {
        return await services.inventory.reserve(order.item, order.quantity, order.id);
      } catch (err) {
        // Retrying will not create stock: fail the workflow step at once.
        if (err instanceof OutOfStockError) throw ApplicationFailure.nonRetryable(err.message, 'OutOfStock');
        throw err;
      }
    },
    async chargePayment(order: Order): Promise<string> {
      return services.payments.charge(order.customer, order.amountCents, order.id);
    },
    async sendConfirmation(order: Order, chargeId: string): Promise<void> {
      await services.email.send(order.customer, `Order ${order.id} confirmed (payment ${chargeId})`);
    },
  };
}

export type OrderActivities = ReturnType<typeof createActivities>;
