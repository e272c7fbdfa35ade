import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE_SCHEMA, SCHEMA_VERSION } from './schema.js';
import { Store } from './store.js';
import { driverCases } from './fixtures/drivers.js';

for (const { name, driver, skip } of driverCases) {
  describe(`schema on ${name}`, { skip }, () => {
    if (!driver) return;
    test('a database written before the migrations opens, keeps its rows and gains the new columns and tables', () => {
      const dir = mkdtempSync(join(tmpdir(), 'durable-schema-'));
      try {
        const file = join(dir, 'old.db');
        const old = driver.open(file);
        old.exec(BASE_SCHEMA);
        old.prepare('INSERT INTO tasks (namespace, queue, kind, run_id, ref, attempt) VALUES (?, ?, ?, ?, ?, ?)').run('default', 'q', 0, 'r1', 2, 1);
        old.prepare('INSERT INTO tasks (namespace, queue, kind, run_id, ref, attempt) VALUES (?, ?, ?, ?, ?, ?)').run('default', 'q', 0, 'r2', 2, 1);
        old.close();

        const store = new Store(file, driver);
        assert.equal(store.getMeta('schema_version'), String(SCHEMA_VERSION));
        const first = store.nextTask('default', 'q', 0)!;
        assert.equal(first.run_id, 'r1', 'old tasks keep their order');
        assert.equal(first.priority, 3);
        assert.equal(store.nextTask('default', 'q', 0, first)!.run_id, 'r2');
        store.putTaskQueueConfig('default', 0, 'q', 'x');
        store.close();

        // Opening again changes nothing.
        const again = new Store(file, driver);
        assert.equal(again.getTaskQueueConfig('default', 0, 'q'), 'x');
        again.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test('a database from a newer server is refused with a message, not opened and damaged', () => {
      const dir = mkdtempSync(join(tmpdir(), 'durable-schema-'));
      try {
        const file = join(dir, 'new.db');
        const store = new Store(file, driver);
        store.putMeta('schema_version', String(SCHEMA_VERSION + 1));
        store.close();
        assert.throws(() => new Store(file, driver), /written by a newer Durable server/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
