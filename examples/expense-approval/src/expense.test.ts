import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@durable/testing';
import { Worker } from '@durable/worker';
import { createActivities } from './activities.js';
import { FakeNotifier, FakePayouts, type Expense } from './services.js';

const workflowsPath = fileURLToPath(new URL('./workflows.js', import.meta.url));
const expense = (id: string): Expense => ({ id, employee: 'ada', manager: 'grace', amountCents: 1_250 });

describe('expenseWorkflow (time skipping)', () => {
  let env: TestWorkflowEnvironment;
  before(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping();
  });
  after(async () => {
    await env?.teardown();
  });

  async function withWorker<R>(fn: (s: { notifier: FakeNotifier; payouts: FakePayouts }) => Promise<R>) {
    const services = { notifier: new FakeNotifier(), payouts: new FakePayouts() };
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'expenses', workflowsPath, activities: createActivities(services) });
    return worker.runUntil(fn(services));
  }

  test('approved: the manager is asked, the employee reimbursed once and told', async () => {
    await withWorker(async ({ notifier, payouts }) => {
      const h = await env.client.workflow.start('expenseWorkflow', { taskQueue: 'expenses', workflowId: 'exp-1', args: [expense('1')] });
      await h.signal('approve', 'grace');
      assert.deepEqual(await h.result(), { status: 'reimbursed', payout: 'payout_1', by: 'grace' });
      assert.deepEqual(payouts.payouts, [{ employee: 'ada', amountCents: 1_250, expenseId: '1' }]);
      assert.deepEqual(notifier.messages, [
        { to: 'grace', message: 'Please approve expense 1 of ada' },
        { to: 'ada', message: 'Expense 1: reimbursed (payout_1)' },
      ]);
    });
  });

  test('rejected: no payout, the reason reaches the employee', async () => {
    await withWorker(async ({ notifier, payouts }) => {
      const h = await env.client.workflow.start('expenseWorkflow', { taskQueue: 'expenses', workflowId: 'exp-2', args: [expense('2')] });
      await h.signal('reject', 'not a business expense');
      assert.deepEqual(await h.result(), { status: 'rejected', reason: 'not a business expense' });
      assert.equal(payouts.payouts.length, 0);
      assert.equal(notifier.messages.at(-1)?.message, 'Expense 2: rejected: not a business expense');
    });
  });

  test('no decision: the seven-day window times out in wall-clock milliseconds', async () => {
    await withWorker(async ({ notifier, payouts }) => {
      const t0 = Date.now();
      const before = await env.currentTimeMs();
      const result = await env.client.workflow.execute('expenseWorkflow', { taskQueue: 'expenses', workflowId: 'exp-3', args: [expense('3')] });
      assert.deepEqual(result, { status: 'timed out' });
      assert.ok((await env.currentTimeMs()) - before >= 7 * 24 * 3_600_000);
      assert.ok(Date.now() - t0 < 5_000, `took ${Date.now() - t0} ms`);
      assert.equal(payouts.payouts.length, 0);
      assert.equal(notifier.messages.at(-1)?.message, 'Expense 3: no decision within 7 days');
    });
  });
});
