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
  /** Set instead of `ns` when the token is Temporal's own format, which names its namespace by id. */
  nsId?: string;
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

/**
 * Temporal's own activity task token (its internal token.v1.Task protobuf: namespace id, workflow id, run id,
 * scheduled event id, attempt, activity id...), as SDK tests build by hand to ask about an activity that does not
 * exist. Read for its ids so the answer is the NOT_FOUND Temporal gives; undefined when the bytes are not one.
 */
function temporalActivityToken(bytes: Uint8Array): ActivityTaskToken | undefined {
  const strings = new Map<number, string>();
  const ints = new Map<number, number>();
  let i = 0;
  const varint = (): number => {
    let v = 0;
    for (let shift = 0; i < bytes.length && shift < 64; shift += 7) {
      const b = bytes[i++]!;
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
    }
    throw new RangeError('truncated varint');
  };
  try {
    while (i < bytes.length) {
      const tag = varint();
      const field = Math.floor(tag / 8);
      switch (tag % 8) {
        case 0:
          ints.set(field, varint());
          break;
        case 1:
          i += 8;
          break;
        case 2: {
          const len = varint();
          if (i + len > bytes.length) return undefined;
          strings.set(field, Buffer.from(bytes.subarray(i, i + len)).toString('utf8'));
          i += len;
          break;
        }
        case 5:
          i += 4;
          break;
        default:
          return undefined;
      }
    }
  } catch {
    return undefined;
  }
  const [nsId, wid, rid, id] = [strings.get(1), strings.get(2), strings.get(3), strings.get(6)];
  if (!nsId || !wid || !rid || id === undefined) return undefined;
  return { k: 'a', ns: '', nsId, wid, rid, s: ints.get(4) ?? 0, a: ints.get(5) ?? 0, id };
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
    const foreign = kind === 'a' ? temporalActivityToken(bytes) : undefined;
    if (foreign) return foreign as Extract<TaskToken, { k: K }>;
    throw invalidArgument('Error deserializing task token: not a token issued by this server.');
  }
  if (!isToken(parsed)) throw invalidArgument('Error deserializing task token: malformed token.');
  if (parsed.k !== kind) {
    const names = { w: 'workflow task', a: 'activity task', q: 'query task' };
    throw invalidArgument(`Error deserializing task token: this is a ${names[parsed.k]} token, not a ${names[kind]} token.`);
  }
  return parsed as Extract<TaskToken, { k: K }>;
}
