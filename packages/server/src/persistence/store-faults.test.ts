// One owner per database file, and clear answers when the file cannot be used: a second server, a killed owner, a
// file that is not a database, a damaged one, one removed while the server runs.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { rawServiceClient } from '@durable/proto';
import { DevServer } from '../index.js';
import { Store } from './store.js';
import { StorageFault } from './storage-faults.js';
import type { SqliteDriverName } from './sqlite.js';
import { driverCases, scriptCommand } from './fixtures/drivers.js';

const scratch = mkdtempSync(join(tmpdir(), 'durable-store-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const holdStore = fileURLToPath(new URL('./fixtures/hold-store.js', import.meta.url));

/** A process of its own (this runtime, this driver) that opens the store and says so; it never closes it. */
function ownerProcess(file: string, driver: SqliteDriverName): Promise<{ pid: number; kill(): Promise<void> }> {
  const [command, args] = scriptCommand(holdStore);
  const child = spawn(command, [...args, file, driver], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', () =>
      resolve({
        pid: child.pid!,
        kill: () =>
          new Promise<void>((done) => {
            child.once('exit', () => done());
            child.kill('SIGKILL');
          }),
      }),
    );
    child.once('exit', (code) => reject(new Error(`the owner exited with ${code} before opening`)));
  });
}

for (const { name, driver, skip } of driverCases) {
  if (!driver) {
    describe(name, { skip }, () => {});
    continue;
  }
  const tag = name.replace(/\W/g, '-');
  describe(`${name}: one owner per database file`, () => {
    test('a second opener is refused, naming the file and the owning process; a closed owner lets the next one in', () => {
      const file = join(scratch, `${tag}-owned.db`);
      const first = new Store(file, driver);
      assert.throws(
        () => new Store(file, driver),
        (err: Error) =>
          err instanceof StorageFault &&
          err.message.includes(`the database file ${file} is in use by process ${process.pid} on ${hostname()}`) &&
          err.message.includes('another --db-filename'),
      );
      first.close();
      new Store(file, driver).close();
    });

    test('an owner killed with -9 leaves no lock behind', async () => {
      const file = join(scratch, `${tag}-killed.db`);
      const owner = await ownerProcess(file, driver.name);
      assert.throws(() => new Store(file, driver), new RegExp(`in use by process ${owner.pid}`));
      await owner.kill();
      const store = new Store(file, driver);
      store.close();
    });

    test('a dev server refuses a file another server has open', async () => {
      const file = join(scratch, `${tag}-server.db`);
      const server = await DevServer.start({ port: 0, dbFilename: file, sqliteDriver: driver.name });
      try {
        await assert.rejects(DevServer.start({ port: 0, dbFilename: file, sqliteDriver: driver.name }), /is in use by process \d+/);
      } finally {
        await server.stop();
      }
    });
  });

  describe(`${name}: a database file that cannot be used`, () => {
    test('a file that is not a database is refused at start with what to do', () => {
      const file = join(scratch, `${tag}-notes.txt`);
      writeFileSync(file, 'these are my notes, not a database; '.repeat(200));
      assert.throws(() => new Store(file, driver), /the file is not a SQLite database \(SQLITE_NOTADB.*check --db-filename/);
    });

    test('a damaged file is found by the integrity check at start', () => {
      const file = join(scratch, `${tag}-damaged.db`);
      const store = new Store(file, driver);
      const namespaces = Array.from({ length: 400 }, (_, i) => `namespace-${i}-${'x'.repeat(100)}`);
      store.transaction(() => namespaces.forEach((n, i) => store.putNamespace(n, String(i), '{}')));
      store.close();
      // Scribble over pages after the first (the schema's), where the tables and indexes are.
      const fd = openSync(file, 'r+');
      writeSync(fd, Buffer.alloc(16384, 0x41), 0, 16384, 8192);
      closeSync(fd);
      assert.throws(() => new Store(file, driver), /the database file .*damaged\.db is damaged .*move it aside and start with a new file/);
    });

    test('a file removed while the server runs: writes answer UNAVAILABLE saying so, nothing is acknowledged', async () => {
      const file = join(scratch, `${tag}-removed.db`);
      const server = await DevServer.start({ port: 0, dbFilename: file, sqliteDriver: driver.name });
      const { call, close } = rawServiceClient(server.address);
      try {
        const start = (id: string) =>
          call('StartWorkflowExecution', { namespace: 'default', workflowId: id, workflowType: { name: 'w' }, taskQueue: { name: 'q' }, requestId: id });
        await start('before');
        for (const suffix of ['', '-wal']) rmSync(file + suffix, { force: true });
        await assert.rejects(start('after'), (err: Error & { code?: number }) => {
          assert.equal(err.code, 14, 'UNAVAILABLE');
          assert.match(err.message, /removed or replaced while the server had it open.*stop the server and start it again/);
          return true;
        });
      } finally {
        close();
        await server.stop();
      }
    });
  });
}
