// What the store relies on from its SQLite driver, checked on each driver this runtime loads: the same rows back
// (BLOBs as bytes, integers as integers, no row as undefined), savepoints inside a group, the shared file settings.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Store } from './store.js';
import { loadSqliteDriver } from './driver-choice.js';
import { driverCases } from './fixtures/drivers.js';
import { Entity, WorkflowStatus, type ExecutionRow } from '../model/rows.js';

const scratch = mkdtempSync(join(tmpdir(), 'durable-drivers-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const row = (runId: string, memo: Uint8Array | null): ExecutionRow => ({
  namespace: 'default',
  workflow_id: `wf-${runId}`,
  run_id: runId,
  workflow_type: 'w',
  task_queue: 'q',
  status: WorkflowStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
  start_time: 1_700_000_000_000,
  execution_time: 1_700_000_000_000,
  close_time: null,
  history_length: 2,
  history_size: 100,
  start_request_id: 'r',
  first_run_id: runId,
  sticky_queue: null,
  memo,
  search_attributes: null,
  sa_values: '{}',
  state: '{}',
  entity: Entity.workflow,
});

test('a driver that is not one of ours is refused with the names to use', async () => {
  await assert.rejects(loadSqliteDriver('sqlite3'), /unknown SQLite driver "sqlite3" .*use one of better-sqlite3, node:sqlite, bun:sqlite/);
});

for (const { name, driver, skip } of driverCases) {
  describe(name, { skip }, () => {
    if (!driver) return;

    test('rows come back as they were written: bytes, integers, nulls, and no row as undefined', () => {
      const store = new Store(undefined, driver);
      const bytes = new Uint8Array([0, 1, 254, 255]);
      store.transaction(() => {
        store.insertExecution(row('a', bytes));
        store.insertEvent('a', 1, Buffer.from('first'));
      });
      const read = store.getExecution('a')!;
      assert.ok(read.memo instanceof Uint8Array);
      assert.deepEqual([...read.memo], [...bytes]);
      assert.equal(read.search_attributes, null);
      assert.equal(read.close_time, null);
      assert.equal(read.start_time, 1_700_000_000_000);
      assert.equal(Buffer.from(store.readEvent('a', 1)!).toString(), 'first');
      assert.equal(store.getExecution('missing'), undefined);
      assert.equal(store.readEvent('a', 2), undefined);
      // A row binds the statement's @names and may carry other fields.
      store.transaction(() => store.updateRun({ ...row('a', bytes), status: WorkflowStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED, close_time: 5 }));
      assert.equal(store.getExecution('a')!.status, WorkflowStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
      store.close();
    });

    test('numbers are stored as SQLite integers, so every driver writes the same file', () => {
      const store = new Store(undefined, driver);
      store.transaction(() => store.insertTimer(1234, 'run', 'timer', 7, 1));
      const types = store.db.prepare<[], { t: string }>('SELECT typeof(fire_at) AS t FROM timers').get();
      assert.equal(types?.t, 'integer');
      assert.deepEqual(store.dueTimers(2000, 10).map((t) => [t.fire_at, t.ref, t.attempt]), [[1234, 7, 1]]);
      store.close();
    });

    test('inside an open group, a failed transaction undoes only its own writes; the group commits the rest', () => {
      const store = new Store(undefined, driver);
      store.begin();
      store.transaction(() => store.putMeta('kept', '1'));
      assert.throws(() =>
        store.transaction(() => {
          store.putMeta('dropped', '1');
          store.transaction(() => store.putMeta('dropped-too', '1'));
          throw new Error('bad request');
        }),
      );
      assert.ok(store.inTransaction, 'the group is still open');
      store.transaction(() => store.putMeta('after', '1'));
      store.commit();
      assert.equal(store.inTransaction, false);
      assert.deepEqual(['kept', 'dropped', 'dropped-too', 'after'].map((k) => store.getMeta(k)), ['1', undefined, undefined, '1']);
      store.close();
    });

    test('leaving a row iteration early lets the next write through', () => {
      const store = new Store(undefined, driver);
      store.transaction(() => ['x', 'y', 'z'].forEach((id) => store.insertExecution(row(id, null))));
      for (const r of store.visibilityIterate('default', undefined)) {
        assert.ok(r.run_id);
        break;
      }
      store.transaction(() => store.putMeta('next', '1'));
      assert.equal(store.getMeta('next'), '1');
      store.close();
    });

    test('a database file is in WAL mode with exclusive locking, and survives a reopen', () => {
      const file = join(scratch, `${name.replace(/\W/g, '-')}.db`);
      let store = new Store(file, driver);
      const pragma = (p: string) => Object.values(store.db.prepare<[], Record<string, unknown>>(`PRAGMA ${p}`).get()!)[0];
      assert.equal(pragma('journal_mode'), 'wal');
      assert.equal(pragma('locking_mode'), 'exclusive');
      assert.equal(pragma('synchronous'), 1, 'NORMAL');
      store.transaction(() => store.putMeta('k', 'v'));
      store.close();
      store = new Store(file, driver);
      assert.equal(store.getMeta('k'), 'v');
      store.close();
    });
  });
}
