// Histories as stored: events go from the database to the response in their encoded form. Decoding every event
// of a poll or history page only to encode it again was the server's largest protobuf cost.
const ENCODED_EVENTS = Symbol('durable.encodedEvents');

/** A History message whose events are already protobuf bytes; only the response serializer reads it. */
export interface EncodedHistory {
  readonly [ENCODED_EVENTS]: Uint8Array[];
}

export function encodedHistory(events: Uint8Array[]): EncodedHistory {
  return { [ENCODED_EVENTS]: events };
}

/** The stored events of a history given in encoded form; undefined for any other value. */
export function encodedEvents(history: unknown): Uint8Array[] | undefined {
  return (history as Partial<EncodedHistory> | null | undefined)?.[ENCODED_EVENTS];
}

function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

function writeVarint(buf: Buffer, at: number, n: number): number {
  while (n >= 0x80) {
    buf[at++] = (n % 128) | 0x80;
    n = Math.floor(n / 128);
  }
  buf[at++] = n;
  return at;
}

/**
 * Wraps a response serializer whose message has a `history` field (field number from the schema, read on first
 * use). An encoded history is left out of the protobufjs encoding and appended as the field's bytes: each event
 * is field 1 of History, length-delimited; a message's fields may come in any order.
 */
export function serializeEncodedHistory(historyField: () => number, base: (value: object) => Buffer): (value: object) => Buffer {
  return (value) => {
    const events = encodedEvents((value as { history?: unknown }).history);
    if (!events) return base(value);
    const head = base({ ...value, history: undefined });
    let body = 0;
    for (const e of events) body += 1 + varintSize(e.length) + e.length;
    const tag = (historyField() << 3) | 2;
    const out = Buffer.allocUnsafe(head.length + varintSize(tag) + varintSize(body) + body);
    head.copy(out, 0);
    let at = writeVarint(out, head.length, tag);
    at = writeVarint(out, at, body);
    for (const e of events) {
      out[at++] = 0x0a;
      at = writeVarint(out, at, e.length);
      out.set(e, at);
      at += e.length;
    }
    return out;
  };
}
