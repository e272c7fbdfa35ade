// A database file and its one owner: opened with the settings every driver shares (exclusive locking, WAL,
// synchronous NORMAL), checked for damage, and refused with what to do when it cannot be used.
import { accessSync, closeSync, constants, existsSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { hostname } from 'node:os';
import type { SqlDatabase } from './sqlite.js';
import { sqliteErrorCode } from './sqlite-codes.js';
import { StorageFault } from './storage-faults.js';

/** Who has a database file open, written beside it, so a second server can say whom it found there. */
interface Owner {
  pid: number;
  host: string;
  since: string;
}

const ownerFile = (filename: string) => `${filename}.owner`;

function describeOwner(filename: string): string {
  try {
    const o = JSON.parse(readFileSync(ownerFile(filename), 'utf8')) as Owner;
    return `process ${o.pid} on ${o.host} (since ${o.since})`;
  } catch {
    return 'another process';
  }
}

/** The file's identity, to notice it being removed or replaced while the server has it open. */
export function fileId(filename: string): string | undefined {
  try {
    const st = statSync(filename);
    return `${st.dev}:${st.ino}`;
  } catch {
    return undefined;
  }
}

/** Fails early, with what to do, when the file cannot be written: SQLite would say only "I/O error" on locking. */
export function checkWritable(filename: string): void {
  try {
    // Opening for writing, not access(): Deno's access() does not see a file system mounted read-only.
    if (existsSync(filename)) closeSync(openSync(filename, 'r+'));
    else accessSync(dirname(filename), constants.W_OK);
  } catch (err) {
    throw new StorageFault(
      `the database file ${filename} is read-only (${(err as NodeJS.ErrnoException).code}): make it and its folder writable, or start with another --db-filename`,
      'SQLITE_READONLY',
      { cause: err },
    );
  }
}

/** Takes the open file for this process, sets it up and checks it; throws a StorageFault when it cannot be used. */
export function claimDatabaseFile(db: SqlDatabase, filename: string): void {
  // Exclusive locking before WAL: this process holds the file's lock until it closes or dies, so a second server
  // on the same file is refused instead of writing beside it, and a killed one leaves nothing stale behind.
  db.exec('PRAGMA locking_mode = EXCLUSIVE');
  try {
    db.exec('PRAGMA journal_mode = WAL');
  } catch (err) {
    if (sqliteErrorCode(err) === 'SQLITE_BUSY') {
      throw new StorageFault(
        `the database file ${filename} is in use by ${describeOwner(filename)}: stop that server, or start this one with another --db-filename`,
        'SQLITE_BUSY',
        { cause: err },
      );
    }
    throw err;
  }
  // A committed transaction survives a killed process with NORMAL in WAL mode; FULL only adds power-loss safety.
  db.exec('PRAGMA synchronous = NORMAL');
  // One line of what SQLite found (its report spans lines and opens with a banner).
  const problems = db
    .prepare<[], { quick_check: string }>('PRAGMA quick_check(3)')
    .all()
    .flatMap((r) => r.quick_check.split('\n'))
    .filter((line) => line.trim() && !line.startsWith('*** in database'));
  if (problems.join() !== 'ok') {
    throw new StorageFault(
      `the database file ${filename} is damaged (${problems.join('; ')}): move it aside and start with a new file, or restore a backup (\`sqlite3 FILE .recover\` may save its data)`,
      'SQLITE_CORRUPT',
    );
  }
  const owner: Owner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  writeFileSync(ownerFile(filename), JSON.stringify(owner));
}

/** Removes the owner note, unless the file was replaced meanwhile (the note may then be another owner's). */
export function releaseDatabaseFile(filename: string, opened: string | undefined): void {
  if (fileId(filename) === opened) rmSync(ownerFile(filename), { force: true });
}
