// Which SQLite binding the server uses, chosen when it starts. Only the chosen driver's module is loaded, so Bun and
// Deno never touch better-sqlite3 (a native addon they refuse) and Node 20 never asks for node:sqlite.
import { SQLITE_DRIVERS, type SqliteDriver, type SqliteDriverName } from './sqlite.js';

/** The environment variable that forces a driver when the server's options name none. */
export const DRIVER_ENV = 'DURABLE_SQLITE_DRIVER';

/** Loads one driver, or throws what its binding said. */
export function importDriver(name: SqliteDriverName): Promise<SqliteDriver> {
  // Literal paths, one per driver: each module loads its binding at import time.
  switch (name) {
    case 'better-sqlite3':
      return import('./drivers/better-sqlite3.js').then((m) => m.driver);
    case 'node:sqlite':
      return import('./drivers/node-sqlite.js').then((m) => m.driver);
    case 'bun:sqlite':
      // Other runtimes would only say they cannot load a 'bun:' URL.
      if (!process.versions.bun) return Promise.reject(new Error('bun:sqlite is built into Bun, and this is not Bun'));
      return import('./drivers/bun-sqlite.js').then((m) => m.driver);
  }
}

/**
 * The drivers worth trying here, best first: Bun's and Deno's built-in SQLite; on Node the built-in node:sqlite
 * where it is there without a flag (no native addon to build), else better-sqlite3.
 */
function candidates(): SqliteDriverName[] {
  if (process.versions.bun) return ['bun:sqlite'];
  if (process.versions.deno) return ['node:sqlite'];
  return ['node:sqlite', 'better-sqlite3'];
}

/** The runtime this process is, with its version, for messages. */
export function runtimeName(): string {
  if (process.versions.bun) return `Bun ${process.versions.bun}`;
  if (process.versions.deno) return `Deno ${process.versions.deno}`;
  return `Node ${process.version}`;
}

/** What a binding said when it failed to load, on one line (better-sqlite3's mismatched build speaks in several). */
export const loadFailure = (err: unknown): string => (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim();

/**
 * Loads the driver `requested` names (else the one DURABLE_SQLITE_DRIVER names, else the best this runtime has), or
 * throws saying what was tried, why each failed, and what to do.
 */
export async function loadSqliteDriver(requested: string | undefined = process.env[DRIVER_ENV] || undefined): Promise<SqliteDriver> {
  if (requested !== undefined && !(SQLITE_DRIVERS as readonly string[]).includes(requested)) {
    throw new Error(`unknown SQLite driver "${requested}" (from the server's options or ${DRIVER_ENV}): use one of ${SQLITE_DRIVERS.join(', ')}`);
  }
  const tried = requested ? [requested as SqliteDriverName] : candidates();
  const failures: string[] = [];
  for (const name of tried) {
    try {
      return await importDriver(name);
    } catch (err) {
      failures.push(`${name}: ${loadFailure(err)}`);
    }
  }
  throw new Error(
    `no SQLite driver loads on ${runtimeName()} (${failures.join('; ')}): on Node, install better-sqlite3 (it builds with a C++ ` +
      `toolchain) or use Node >= 22.16, which has node:sqlite; Bun and Deno have SQLite built in` +
      (requested ? `; or unset ${DRIVER_ENV} to let the server choose` : ''),
  );
}
