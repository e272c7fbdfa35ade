// Temporal's payload shorthand (api-go common/v1/payload_json.go): in JSON, a Payload whose only metadata is
// `encoding: json/plain` is its JSON value, `binary/null` is null, and `json/protobuf` with a messageType is the
// message's JSON object with `_protoMessageType`; Payloads whose payloads all have a shorthand are an array of
// them. Anything else is written in full: `{"metadata": {"encoding": base64}, "data": base64}`. On input the full
// form is recognised and every other value is taken as shorthand.
import type { protobuf } from '@durable/proto';
import { decodeBase64, lookupMessage, type Json } from './json-schema.js';

export const PAYLOAD = 'temporal.api.common.v1.Payload';
export const PAYLOADS = 'temporal.api.common.v1.Payloads';
const MESSAGE_TYPE_KEY = '_protoMessageType';

type Obj = Record<string, unknown>;

/** Bytes as protobufjs objects hold them (Uint8Array, or base64 text it would decode) as UTF-8 text. */
function text(bytes: unknown): string {
  if (bytes instanceof Uint8Array) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (typeof bytes === 'string') return Buffer.from(bytes, 'base64').toString('utf8');
  return '';
}

const isPlainObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The payload's shorthand value, or undefined when it must be written in full. */
export function payloadShorthand(payload: Obj): { value: Json } | undefined {
  const metadata = (payload.metadata as Obj | undefined) ?? {};
  const keys = Object.keys(metadata).length;
  const encoding = text(metadata.encoding);
  if (encoding === 'binary/null') return { value: null };
  try {
    if (encoding === 'json/plain' && keys === 1) return { value: JSON.parse(text(payload.data)) as Json };
    const messageType = text(metadata.messageType);
    if (encoding === 'json/protobuf' && keys === 2 && messageType) {
      const value = JSON.parse(text(payload.data)) as Json;
      if (isPlainObject(value)) return { value: { [MESSAGE_TYPE_KEY]: messageType, ...value } };
    }
  } catch {
    // Data that does not parse as its encoding says is shown as it is stored.
  }
  return undefined;
}

/** Payloads as an array of shorthand values, or undefined when one of them has no shorthand. */
export function payloadsShorthand(payloads: Obj): Json[] | undefined {
  const values: Json[] = [];
  for (const p of (payloads.payloads as Obj[] | undefined) ?? []) {
    const short = payloadShorthand(p);
    if (!short) return undefined;
    values.push(short.value);
  }
  return values;
}

let payloadType: protobuf.Type | undefined;
const payloadOf = (metadata: Record<string, Buffer>, data: Buffer) => (payloadType ??= lookupMessage(PAYLOAD)!).create({ metadata, data });

/** `{metadata: {encoding: base64, ...}, data?: base64}` and nothing else: a payload in full form. */
function fullForm(value: Obj): object | undefined {
  const keys = Object.keys(value);
  if (!keys.includes('metadata') || keys.some((k) => k !== 'metadata' && k !== 'data')) return undefined;
  if (!isPlainObject(value.metadata) || !('encoding' in value.metadata)) return undefined;
  const metadata: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(value.metadata)) {
    const bytes = typeof v === 'string' ? decodeBase64(v) : undefined;
    if (!bytes) return undefined;
    metadata[k] = bytes;
  }
  const data = value.data === undefined ? Buffer.alloc(0) : typeof value.data === 'string' ? decodeBase64(value.data) : undefined;
  return data ? payloadOf(metadata, data) : undefined;
}

/** A Payload from JSON: the full form when the value is one, else the shorthand of a JSON value. */
export function readPayload(value: unknown): object {
  if (value === null) return payloadOf({ encoding: Buffer.from('binary/null') }, Buffer.alloc(0));
  if (isPlainObject(value)) {
    const full = fullForm(value);
    if (full) return full;
    const messageType = value[MESSAGE_TYPE_KEY];
    if (typeof messageType === 'string') {
      const message = { ...value };
      delete message[MESSAGE_TYPE_KEY];
      return payloadOf({ encoding: Buffer.from('json/protobuf'), messageType: Buffer.from(messageType) }, Buffer.from(JSON.stringify(message)));
    }
  }
  return payloadOf({ encoding: Buffer.from('json/plain') }, Buffer.from(JSON.stringify(value)));
}
