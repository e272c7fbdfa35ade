// The engine's group commit: writes of one event-loop turn share a commit, nothing is answered before it, and a
// commit that fails answers with the error and leaves nothing of the group behind.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../persistence/store.js';
import { SystemClock } from '../model/clock.js';
import { DynamicConfig } from '../model/dynamic-config.js';
import type { Logger } from '../model/logger.js';
import { ServerMetrics } from '../infra/metrics.js';
import { Engine } from './engine.js';
import { driverCases } from '../persistence/fixtures/drivers.js';
import type { SqliteDriver } from '../persistence/sqlite.js';
import { EventType } from '../model/events.js';
import { Entity, WorkflowStatus, type ExecutionRow } from '../model/rows.js';
import { newRunState } from '../model/run-state.js';

function engineWith(driver: SqliteDriver, errors: string[] = []) {
  const store = new Store(undefined, driver);
  const logger: Logger = { debug() {}, info() {}, warn() {}, error: (msg) => void errors.push(msg) };
  return { store, engine: new Engine(store, new SystemClock(), logger, new ServerMetrics(store, new SystemClock()), new DynamicConfig(), { runClosed: () => {}, timerDue: () => {} }) };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

const runRow = (runId: string): ExecutionRow => ({
  namespace: 'default',
  workflow_id: 'w',
  run_id: runId,
  workflow_type: 't',
  task_queue: 'q',
  status: WorkflowStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
  start_time: 1,
  execution_time: 1,
  close_time: null,
  history_length: 0,
  history_size: 0,
  start_request_id: '',
  first_run_id: runId,
  sticky_queue: null,
  memo: null,
  search_attributes: null,
  sa_values: '{}',
  state: '{}',
  entity: Entity.workflow,
});

for (const { name, driver, skip } of driverCases) {
  describe(name, { skip }, () => {
    if (!driver) return;
    test('writes of one turn share one commit, and answers wait for it', async () => {
      const { store, engine } = engineWith(driver);
      let commits = 0;
      const commit = store.commit.bind(store);
      store.commit = () => {
        commits++;
        commit();
      };
      const answered: string[] = [];
      engine.transact(() => store.putMeta('a', '1'));
      engine.afterCommit(() => answered.push('a'), () => answered.push('a failed'));
      engine.transact(() => store.putMeta('b', '2'));
      engine.afterCommit(() => answered.push('b'), () => answered.push('b failed'));
      assert.deepEqual([...answered], [], 'nothing is answered before the commit');
      await settled();
      assert.equal(commits, 1);
      assert.deepEqual([...answered], ['a', 'b']);
      // With nothing pending, an answer goes at once.
      engine.afterCommit(() => answered.push('c'), () => answered.push('c failed'));
      assert.deepEqual(answered, ['a', 'b', 'c']);
      store.close();
    });

    test('a transaction that throws undoes only its own writes', async () => {
      const { store, engine } = engineWith(driver);
      engine.transact(() => store.putMeta('kept', 'yes'));
      assert.throws(() =>
        engine.transact(() => {
          store.putMeta('dropped', 'yes');
          throw new Error('bad request');
        }),
      );
      await settled();
      assert.equal(store.getMeta('kept'), 'yes');
      assert.equal(store.getMeta('dropped'), undefined);
      store.close();
    });

    test('a run that only moves on writes its state and history; stickiness and closing write the whole row', async () => {
      const { store, engine } = engineWith(driver);
      const writes: string[] = [];
      for (const method of ['updateRun', 'updateRunProgress'] as const) {
        const write = store[method].bind(store);
        store[method] = (row) => {
          writes.push(method);
          write(row);
        };
      }
      engine.transact((tx) => tx.create(runRow('r1'), newRunState({ workflowTaskTimeoutMs: 10_000, runTimeoutMs: 0, executionTimeoutMs: 0 })));
      engine.transact((tx) => tx.run('r1')!.addEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, {}));
      await settled();
      let stored = store.getExecution('r1')!;
      assert.equal(stored.history_length, 1);
      assert.equal((JSON.parse(stored.state) as { nextEventId: number }).nextEventId, 2);
      engine.transact((tx) => {
        tx.run('r1')!.state.sticky = { queue: 'sticky', scheduleToStartMs: 0 };
      });
      await settled();
      assert.deepEqual(store.runsOnStickyQueue('sticky'), ['r1']);
      engine.transact((tx) => tx.run('r1')!.close(WorkflowStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED));
      await settled();
      stored = store.getExecution('r1')!;
      assert.equal(stored.status, WorkflowStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
      assert.notEqual(stored.close_time, null);
      assert.deepEqual(store.runsOnStickyQueue('sticky'), []);
      assert.deepEqual(writes, ['updateRunProgress', 'updateRunProgress', 'updateRun', 'updateRun']);
      store.close();
    });

    test('a failed commit answers with its error and stores nothing of the group', async () => {
      const errors: string[] = [];
      const { store, engine } = engineWith(driver, errors);
      const commit = store.commit.bind(store);
      store.commit = () => {
        store.commit = commit;
        throw new Error('disk I/O error');
      };
      const outcome: string[] = [];
      engine.transact(() => store.putMeta('lost', 'yes'));
      engine.afterCommit(() => outcome.push('committed'), (err) => outcome.push(`failed: ${err.message}`));
      await settled();
      assert.deepEqual(outcome, ['failed: disk I/O error']);
      assert.deepEqual(errors, ['commit failed: nothing of this group was stored']);
      assert.equal(store.getMeta('lost'), undefined);
      // The next group commits normally.
      engine.transact(() => store.putMeta('next', 'yes'));
      await settled();
      assert.equal(store.getMeta('next'), 'yes');
      store.close();
    });
  });
}
