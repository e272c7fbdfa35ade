// better-sqlite3: the driver for Node 20, a native addon (Bun and Deno refuse to load it). Its API is the shape
// `SqlDatabase` was drawn from, so the adapter only narrows it.
import Database from 'better-sqlite3';
import type { SqlDatabase, SqlStatement, SqliteDriver } from '../sqlite.js';

// The addon itself loads with the first database: open one now, so a missing or mismatched build (another Node's,
// Bun, Deno) fails while the driver is being chosen rather than at the first use.
new Database(':memory:').close();

export const driver: SqliteDriver = {
  name: 'better-sqlite3',
  open(filename: string): SqlDatabase {
    const db = new Database(filename);
    return {
      prepare: <P extends unknown[], R>(sql: string) => db.prepare<unknown[], R>(sql) as unknown as SqlStatement<P, R>,
      exec: (sql) => void db.exec(sql),
      get inTransaction() {
        return db.inTransaction;
      },
      close: () => void db.close(),
    };
  },
};
