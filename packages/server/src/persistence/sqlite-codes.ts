// SQLite's result code of an error from any driver. better-sqlite3 and bun:sqlite name it in `code`
// ('SQLITE_IOERR_WRITE'); node:sqlite sets `code` to 'ERR_SQLITE_ERROR' with the number in `errcode` on Node, and
// only the message (SQLite's own text for the code) on Deno.

/** Primary result codes by number (extended codes keep the primary one in their low byte). */
const NAMES: Record<number, string> = {
  1: 'SQLITE_ERROR', 2: 'SQLITE_INTERNAL', 3: 'SQLITE_PERM', 4: 'SQLITE_ABORT', 5: 'SQLITE_BUSY', 6: 'SQLITE_LOCKED',
  7: 'SQLITE_NOMEM', 8: 'SQLITE_READONLY', 9: 'SQLITE_INTERRUPT', 10: 'SQLITE_IOERR', 11: 'SQLITE_CORRUPT',
  12: 'SQLITE_NOTFOUND', 13: 'SQLITE_FULL', 14: 'SQLITE_CANTOPEN', 15: 'SQLITE_PROTOCOL', 16: 'SQLITE_EMPTY',
  17: 'SQLITE_SCHEMA', 18: 'SQLITE_TOOBIG', 19: 'SQLITE_CONSTRAINT', 20: 'SQLITE_MISMATCH', 21: 'SQLITE_MISUSE',
  22: 'SQLITE_NOLFS', 23: 'SQLITE_AUTH', 24: 'SQLITE_FORMAT', 25: 'SQLITE_RANGE', 26: 'SQLITE_NOTADB',
};

/** SQLite's text for the codes a caller acts on (sqlite3_errstr), for errors that carry nothing else. */
const TEXTS: [text: string, code: string][] = [
  ['database is locked', 'SQLITE_BUSY'],
  ['attempt to write a readonly database', 'SQLITE_READONLY'],
  ['disk I/O error', 'SQLITE_IOERR'],
  ['database disk image is malformed', 'SQLITE_CORRUPT'],
  ['database or disk is full', 'SQLITE_FULL'],
  ['unable to open database file', 'SQLITE_CANTOPEN'],
  ['file is not a database', 'SQLITE_NOTADB'],
];

/** The SQLite result code ('SQLITE_BUSY', 'SQLITE_IOERR_WRITE' …) an error carries, or undefined for other errors. */
export function sqliteErrorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; errcode?: unknown; message?: unknown } | null;
  if (typeof e?.code === 'string' && e.code.startsWith('SQLITE_')) return e.code;
  if (e?.code !== 'ERR_SQLITE_ERROR') return undefined;
  if (typeof e.errcode === 'number') return NAMES[e.errcode & 0xff] ?? `SQLITE_${e.errcode}`;
  const message = typeof e.message === 'string' ? e.message : '';
  return TEXTS.find(([text]) => message.includes(text))?.[1] ?? 'SQLITE_ERROR';
}
