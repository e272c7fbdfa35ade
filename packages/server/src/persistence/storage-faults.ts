// What went wrong with the database file itself, said so a person can act on it. SQLite reports storage failures
// with result codes (e.g. SQLITE_IOERR_WRITE, read from any driver's error by sqliteErrorCode); anything else is not
// a fault of the storage and is left to the caller.
import { sqliteErrorCode } from './sqlite-codes.js';

const MEANING: [prefix: string, what: string, todo: string][] = [
  ['SQLITE_FULL', 'the disk is full', 'free space: the server goes on by itself once writes fit again'],
  ['SQLITE_IOERR', 'the disk reported an I/O error', 'check the disk; the server retries with the next request'],
  ['SQLITE_READONLY', 'the database file is read-only', 'make it writable (or its folder), or start with another --db-filename'],
  ['SQLITE_CORRUPT', 'the database file is damaged', 'move it aside and start with a new file, or restore a backup (`sqlite3 FILE .recover` may save its data)'],
  ['SQLITE_NOTADB', 'the file is not a SQLite database', 'check --db-filename, or move the file aside'],
  ['SQLITE_CANTOPEN', 'the database file cannot be opened', 'check that its folder exists and is writable'],
];

/** A failure of the database file, with what it means and what to do. */
export class StorageFault extends Error {
  override name = 'StorageFault';
  constructor(
    message: string,
    /** the SQLite result code, or 'REMOVED' when the file is gone from under the server */
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The storage fault an error stands for, or undefined when it is not one. */
export function storageFault(err: unknown, filename: string | undefined): StorageFault | undefined {
  if (err instanceof StorageFault) return err;
  const code = sqliteErrorCode(err);
  if (code === undefined) return undefined;
  const known = MEANING.find(([prefix]) => code.startsWith(prefix));
  if (!known) return undefined;
  const [, what, todo] = known;
  const file = filename ?? 'the in-memory database';
  return new StorageFault(`${what} (${code}, ${file}: ${(err as Error).message}); ${todo}`, code, { cause: err });
}
