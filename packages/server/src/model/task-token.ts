import { invalidArgument } from './errors.js';

/** What a task token names. Tokens are opaque to workers; ours are small JSON documents. */
export interface WorkflowTaskToken {
  k: 'w';
  ns: string;
  wid: string;
  rid: string;
  /** scheduled event id */
  s: number;
  a: number;
  /** started event id */
  st: number;
}
export interface ActivityTaskToken {
  k: 'a';
  ns: string;
  wid: string;
  rid: string;
  s: number;
  a: number;
  id: string;
}
export interface QueryTaskToken {
  k: 'q';
  ns: string;
  wid: string;
  rid: string;
  q: string;
}
export type TaskToken = WorkflowTaskToken | ActivityTaskToken | QueryTaskToken;

export function encodeTaskToken(token: TaskToken): Uint8Array {
  return Buffer.from(JSON.stringify(token));
}

function isToken(v: unknown): v is TaskToken {
  if (typeof v !== 'object' || v === null) return false;
  const t = v as Record<string, unknown>;
  if (typeof t.ns !== 'string' || typeof t.wid !== 'string' || typeof t.rid !== 'string') return false;
  switch (t.k) {
    case 'w':
      return Number.isInteger(t.s) && Number.isInteger(t.a) && Number.isInteger(t.st);
    case 'a':
      return Number.isInteger(t.s) && Number.isInteger(t.a) && typeof t.id === 'string';
    case 'q':
      return typeof t.q === 'string';
    default:
      return false;
  }
}

export function decodeTaskToken<K extends TaskToken['k']>(
  bytes: Uint8Array | null | undefined,
  kind: K,
): Extract<TaskToken, { k: K }> {
  if (!bytes || bytes.length === 0) throw invalidArgument('Task token not set on request.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw invalidArgument('Error deserializing task token: not a token issued by this server.');
  }
  if (!isToken(parsed)) throw invalidArgument('Error deserializing task token: malformed token.');
  if (parsed.k !== kind) {
    const names = { w: 'workflow task', a: 'activity task', q: 'query task' };
    throw invalidArgument(`Error deserializing task token: this is a ${names[parsed.k]} token, not a ${names[kind]} token.`);
  }
  return parsed as Extract<TaskToken, { k: K }>;
}
