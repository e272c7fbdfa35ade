import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@durable/testing';
import { Worker } from '@durable/worker';
import { createActivities } from './activities.js';
import { FakeBilling, FakeMailer } from './services.js';

const workflowsPath = fileURLToPath(new URL('./workflows.js', import.meta.url));

describe('subscriptionWorkflow (time skipping)', () => {
  let env: TestWorkflowEnvironment;
  before(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping();
  });
  after(async () => {
    await env?.teardown();
  });

  const worker = (billing: FakeBilling, mailer: FakeMailer) =>
    Worker.create({ connection: env.nativeConnection, taskQueue: 'subs', workflowsPath, activities: createActivities({ billing, mailer }) });

  test('twelve months are charged in a few seconds of wall time; no cancellation email', async () => {
    const billing = new FakeBilling();
    const mailer = new FakeMailer();
    const t0 = Date.now();
    const startTime = await env.currentTimeMs();
    const result = await (await worker(billing, mailer)).runUntil(
      env.client.workflow.execute('subscriptionWorkflow', { taskQueue: 'subs', workflowId: 'sub-12', args: ['ada', 999] }),
    );
    assert.deepEqual(result, { months: 12, cancelled: false });
    assert.deepEqual(billing.charges.map((c) => c.period), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    assert.equal(mailer.sent.length, 0);
    assert.ok((await env.currentTimeMs()) - startTime >= 11 * 30 * 24 * 3_600_000, 'eleven 30-day waits passed on the server clock');
    assert.ok(Date.now() - t0 < 10_000, `took ${Date.now() - t0} ms`);
  });

  test('a cancel signal in month three stops charging and sends the cancellation email', async () => {
    const billing = new FakeBilling();
    const mailer = new FakeMailer();
    const w = await worker(billing, mailer);
    await w.runUntil(async () => {
      const h = await env.client.workflow.start('subscriptionWorkflow', { taskQueue: 'subs', workflowId: 'sub-cancel', args: ['bo', 999] });
      await env.sleep('65 days');
      assert.equal(await h.query('monthsCharged'), 3);
      await h.signal('cancelSubscription');
      assert.deepEqual(await h.result(), { months: 3, cancelled: true });
    });
    assert.deepEqual(mailer.sent, [{ to: 'bo', subject: 'Your subscription ended after 3 month(s)' }]);
  });

  test('a lapsed account ends the subscription', async () => {
    const billing = new FakeBilling(2);
    const mailer = new FakeMailer();
    const result = await (await worker(billing, mailer)).runUntil(
      env.client.workflow.execute('subscriptionWorkflow', { taskQueue: 'subs', workflowId: 'sub-lapsed', args: ['cy', 999] }),
    );
    assert.deepEqual(result, { months: 2, cancelled: true });
    assert.equal(mailer.sent.length, 1);
  });
});
