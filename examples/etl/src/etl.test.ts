import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ActivityFailure, ApplicationFailure, WorkflowFailedError } from '@durable/client';
import { TestWorkflowEnvironment } from '@durable/testing';
import { Worker } from '@durable/worker';
import { createActivities } from './activities.js';
import { FakeNotifier, FakeSource, FakeWarehouse, type Row } from './services.js';

const workflowsPath = fileURLToPath(new URL('./workflows.js', import.meta.url));
const rows: Row[] = [
  { id: 1, name: ' widget ', amount: '4.20' },
  { id: 2, name: 'gadget', amount: '10' },
];

describe('etlWorkflow', () => {
  let env: TestWorkflowEnvironment;
  before(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping();
  });
  after(async () => {
    await env?.teardown();
  });

  async function run(source: FakeSource, warehouse: FakeWarehouse, notifier: FakeNotifier, id: string) {
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'etl', workflowsPath, activities: createActivities({ source, warehouse, notifier }) });
    return worker.runUntil(env.client.workflow.execute('etlWorkflow', { taskQueue: 'etl', workflowId: id, args: ['b1', 'sales'] }));
  }

  test('a warehouse outage on the first two writes is retried; the rows land once and are validated', async () => {
    const warehouse = new FakeWarehouse(2);
    const notifier = new FakeNotifier();
    assert.deepEqual(await run(new FakeSource(rows), warehouse, notifier, 'etl-1'), { rows: 2 });
    assert.equal(warehouse.writeCalls, 3);
    assert.deepEqual([...warehouse.tables.get('sales')!.values()], [
      { id: 1, name: 'widget', amountCents: 420 },
      { id: 2, name: 'gadget', amountCents: 1000 },
    ]);
    assert.deepEqual(notifier.messages, ['batch b1: 2 rows loaded into sales']);
  });

  test('a bad row fails the pipeline at once, before anything is loaded', async () => {
    const warehouse = new FakeWarehouse();
    const err = await run(new FakeSource([{ id: 3, name: 'x', amount: 'n/a' }]), warehouse, new FakeNotifier(), 'etl-2').then(
      () => assert.fail('expected failure'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof WorkflowFailedError && err.cause instanceof ActivityFailure && err.cause.cause instanceof ApplicationFailure);
    assert.equal(err.cause.cause.type, 'BadRow');
    assert.equal(warehouse.writeCalls, 0);
  });
});
