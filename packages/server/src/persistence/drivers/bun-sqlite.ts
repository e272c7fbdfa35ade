// bun:sqlite: SQLite built into Bun.
import type { SqlDatabase, SqlStatement, SqliteDriver } from '../sqlite.js';

/** What we use of bun:sqlite (no types for it are installed). */
interface Statement {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): unknown;
  iterate(...params: unknown[]): IterableIterator<unknown>;
  finalize(): void;
}
interface Database {
  prepare(sql: string): Statement;
  exec(sql: string): void;
  readonly inTransaction: boolean;
  close(): void;
}

const specifier: string = 'bun:sqlite';
const sqlite = (await import(specifier)) as { Database: new (filename: string, options: { strict: boolean }) => Database };

export const driver: SqliteDriver = {
  name: 'bun:sqlite',
  open(filename: string): SqlDatabase {
    // strict: `@name` parameters bind from an object's `name` field, as in the other drivers.
    const db = new sqlite.Database(filename, { strict: true });
    const prepared: Statement[] = [];
    return {
      prepare<P extends unknown[], R>(sql: string): SqlStatement<P, R> {
        const stmt = db.prepare(sql);
        prepared.push(stmt);
        return {
          // bun:sqlite answers null for no row; the store means "none" by undefined.
          get: (...params) => (stmt.get(...params) ?? undefined) as R | undefined,
          all: (...params) => stmt.all(...params) as R[],
          run: (...params) => void stmt.run(...params),
          iterate: (...params) => stmt.iterate(...params) as IterableIterator<R>,
        };
      },
      exec: (sql) => db.exec(sql),
      get inTransaction() {
        return db.inTransaction;
      },
      close: () => {
        // bun:sqlite keeps the file open (and locked) until every statement is finalized.
        for (const stmt of prepared) stmt.finalize();
        db.close();
      },
    };
  },
};
