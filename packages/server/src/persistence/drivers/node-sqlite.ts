// node:sqlite: SQLite built into Node (>= 22.13 without a flag) and Deno. Only its synchronous API is used.
import type { SqlDatabase, SqlStatement, SqliteDriver } from '../sqlite.js';

/** What we use of node:sqlite (Node 20's types do not describe it). */
interface StatementSync {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): unknown;
  iterate(...params: unknown[]): IterableIterator<unknown>;
  setAllowUnknownNamedParameters(enabled: boolean): void;
}
interface DatabaseSync {
  prepare(sql: string): StatementSync;
  exec(sql: string): void;
  readonly isTransaction: boolean;
  close(): void;
}
type DatabaseClass = new (filename: string) => DatabaseSync;
/** Node 26.11 renamed DatabaseSync to Database, and deprecated the old name. */
interface NodeSqlite {
  Database?: DatabaseClass;
  DatabaseSync: DatabaseClass;
}

// A variable specifier: Node 20's types do not know the module, and the import must not be resolved at build time.
const specifier: string = 'node:sqlite';
const sqlite = (await import(specifier)) as NodeSqlite;
const Database = sqlite.Database ?? sqlite.DatabaseSync;

// Older node:sqlite (Node 22.5 to 22.15) lacks what the store needs: say so now rather than on the first write.
const probe = new Database(':memory:');
try {
  if (typeof probe.isTransaction !== 'boolean') throw new Error('this node:sqlite has no isTransaction: Node >= 22.16 has it');
  if (typeof probe.prepare('SELECT 1').setAllowUnknownNamedParameters !== 'function') {
    throw new Error('this node:sqlite has no setAllowUnknownNamedParameters: Node >= 22.16 has it');
  }
} finally {
  probe.close();
}

export const driver: SqliteDriver = {
  name: 'node:sqlite',
  open(filename: string): SqlDatabase {
    const db = new Database(filename);
    return {
      prepare<P extends unknown[], R>(sql: string) {
        const stmt = db.prepare(sql);
        // A row object binds its `@name`s and may carry other fields, as with better-sqlite3.
        stmt.setAllowUnknownNamedParameters(true);
        return stmt as unknown as SqlStatement<P, R>;
      },
      exec: (sql) => db.exec(sql),
      get inTransaction() {
        return db.isTransaction;
      },
      close: () => db.close(),
    };
  },
};
