// The part of a SQLite binding the store uses, so the same store runs on better-sqlite3 (Node 20), node:sqlite (newer
// Node, Deno) and bun:sqlite (Bun). Each driver adapts its binding to this shape; the store never sees which it has.

/** A prepared statement, prepared once and run many times. Parameters are positional, or one object for `@name`s. */
export interface SqlStatement<P extends unknown[] = unknown[], R = unknown> {
  /** The first row, or undefined when there is none. */
  get(...params: P): R | undefined;
  all(...params: P): R[];
  run(...params: P): void;
  /** Rows one at a time; leaving the loop early releases the statement. */
  iterate(...params: P): IterableIterator<R>;
}

/** An open SQLite database. BLOB columns read as Uint8Array (a Buffer on better-sqlite3); integers as numbers. */
export interface SqlDatabase {
  prepare<P extends unknown[] = unknown[], R = unknown>(sql: string): SqlStatement<P, R>;
  /** Runs one or more statements that take no parameters and return nothing. */
  exec(sql: string): void;
  /** SQLite is inside a transaction (false again after SQLite rolled one back on its own, e.g. on a disk error). */
  readonly inTransaction: boolean;
  close(): void;
}

export const SQLITE_DRIVERS = ['better-sqlite3', 'node:sqlite', 'bun:sqlite'] as const;
export type SqliteDriverName = (typeof SQLITE_DRIVERS)[number];

/** A loaded driver: opens databases (':memory:' for one in memory). */
export interface SqliteDriver {
  readonly name: SqliteDriverName;
  open(filename: string): SqlDatabase;
}
