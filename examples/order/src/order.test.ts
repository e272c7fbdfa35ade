// The order workflow on the test environment, with fake services: what it returns and which calls it made.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ActivityFailure, ApplicationFailure, WorkflowFailedError } from '@durable/client';
import { TestWorkflowEnvironment } from '@durable/testing';
import { Worker } from '@durable/worker';
import { createActivities } from './activities.js';
import { FakeEmail, FakeInventory, FakePayments, type Order } from './services.js';

const workflowsPath = fileURLToPath(new URL('./workflows.js', import.meta.url));
const order = (id: string, quantity = 2): Order => ({ id, customer: 'ada@example.com', item: 'widget', quantity, amountCents: 4_200 });

describe('orderWorkflow', () => {
  let env: TestWorkflowEnvironment;
  before(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping();
  });
  after(async () => {
    await env?.teardown();
  });

  async function run(o: Order, services: { inventory: FakeInventory; payments: FakePayments; email: FakeEmail }) {
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'orders', workflowsPath, activities: createActivities(services) });
    return worker.runUntil(env.client.workflow.execute('orderWorkflow', { taskQueue: 'orders', workflowId: `order-${o.id}`, args: [o] }));
  }

  test('reserves, charges once despite a flaky gateway, confirms by email', async () => {
    const services = { inventory: new FakeInventory({ widget: 5 }), payments: new FakePayments(2), email: new FakeEmail() };
    const result = await run(order('1'), services);
    assert.deepEqual(result, { orderId: '1', reservation: 'res_1', charge: 'ch_1' });
    assert.deepEqual(services.inventory.reservations, [{ item: 'widget', quantity: 2, orderId: '1' }]);
    assert.deepEqual(services.payments.charges, [{ customer: 'ada@example.com', amountCents: 4_200, key: '1' }]);
    assert.deepEqual(services.email.sent, [{ to: 'ada@example.com', subject: 'Order 1 confirmed (payment ch_1)' }]);
  });

  test('out of stock fails the order at once, without charging or emailing', async () => {
    const services = { inventory: new FakeInventory({ widget: 1 }), payments: new FakePayments(), email: new FakeEmail() };
    const err = await run(order('2', 3), services).then(() => assert.fail('expected failure'), (e: unknown) => e);
    assert.ok(err instanceof WorkflowFailedError);
    assert.ok(err.cause instanceof ActivityFailure);
    assert.ok(err.cause.cause instanceof ApplicationFailure);
    assert.equal(err.cause.cause.type, 'OutOfStock');
    assert.equal(services.payments.charges.length, 0);
    assert.equal(services.email.sent.length, 0);
  });
});
