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

function engineWith(driver: SqliteDriver, errors: string[] = []) {
  const store = new Store(undefined, driver);
  const logger: Logger = { debug() {}, info() {}, warn() {}, error: (msg) => void errors.push(msg) };
  return { store, engine: new Engine(store, new SystemClock(), logger, new ServerMetrics(store, new SystemClock()), new DynamicConfig(), { runClosed: () => {}, timerDue: () => {} }) };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

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
