// Messages to proto3 JSON as Temporal's HTTP API writes them (Go protojson plus Temporal's payload shorthand):
// lowerCamelCase names, enum value names, 64-bit integers as strings, bytes as base64, default values left out.
// Input is what handlers return: decoded protobufjs messages or plain objects shaped like them.
import type { protobuf } from '@durable/proto';
import { Long } from '@durable/proto';
import { formatDuration, formatTimestamp, type TimeValue } from './json-time.js';
import { lookupMessage, lowerCamel, planOf, type FieldPlan, type Json, type JsonOptions, type Kind } from './json-schema.js';
import { payloadShorthand, payloadsShorthand, PAYLOAD, PAYLOADS } from './payload-shorthand.js';

type Obj = Record<string, unknown>;

/** Writes `message` of `type` as a JSON value (an object for every type but the well-known ones). */
export function messageToJson(type: protobuf.Type, message: object, options: JsonOptions): Json {
  return writeMessage(type, message as Obj, options);
}

function writeMessage(type: protobuf.Type, m: Obj, options: JsonOptions): Json {
  const plan = planOf(type);
  const special = WELL_KNOWN[plan.name];
  if (special) return special(m, options);
  if (options.payloadShorthand) {
    if (plan.name === PAYLOAD) {
      const short = payloadShorthand(m);
      if (short) return short.value;
    } else if (plan.name === PAYLOADS) {
      const short = payloadsShorthand(m);
      if (short) return short;
    }
  }
  const out: Record<string, Json> = {};
  for (const f of plan.fields) {
    // A oneof member is set only as an own property: decoded messages keep every member's default on the prototype.
    if (f.oneof && !Object.hasOwn(m, f.prop)) continue;
    const v = m[f.prop];
    if (v === undefined || v === null) continue;
    if (f.mapKey) {
      const entries = Object.entries(v as Obj);
      if (entries.length === 0) continue;
      const map: Record<string, Json> = {};
      for (const [k, item] of entries) map[k] = writeValue(f, item, options);
      out[f.json] = map;
    } else if (f.repeated) {
      const list = v as unknown[];
      if (list.length === 0) continue;
      out[f.json] = list.map((item) => writeValue(f, item, options));
    } else {
      if (!f.oneof && f.kind !== 'message' && isDefault(f.kind, v)) continue;
      out[f.json] = writeValue(f, v, options);
    }
  }
  return out;
}

function isDefault(kind: Kind, v: unknown): boolean {
  switch (kind) {
    case 'string':
      return v === '';
    case 'bool':
      return v === false;
    case 'bytes':
      return typeof v === 'string' ? v === '' : (v as ArrayLike<number>).length === 0;
    case 'int64':
    case 'uint64':
      return typeof v === 'object' ? (v as Long).isZero() : Number(v) === 0;
    default:
      return v === 0 || v === '0';
  }
}

function writeValue(f: FieldPlan, v: unknown, options: JsonOptions): Json {
  if (f.kind === 'message') return v === null ? null : writeMessage(f.message!, v as Obj, options);
  if (f.kind === 'enum') {
    if (typeof v === 'string') return v;
    return f.enumType!.valuesById[v as number] ?? (v as number);
  }
  return writeScalar(f.kind, v);
}

export function writeScalar(kind: Kind, v: unknown): Json {
  switch (kind) {
    case 'int64':
    case 'uint64':
      if (typeof v === 'string') return v;
      if (typeof v === 'number') return String(Math.trunc(v));
      if (typeof v === 'bigint') return v.toString();
      return Long.fromValue(v as Long).toString();
    case 'float': {
      const n = Number(v);
      if (Number.isNaN(n)) return 'NaN';
      if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
      return n;
    }
    case 'bytes':
      return base64(v);
    case 'bool':
      return Boolean(v);
    case 'string':
      return String(v);
    default:
      return Number(v);
  }
}

function base64(v: unknown): string {
  if (typeof v === 'string') return v; // already base64, as protobufjs accepts bytes
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
  return Buffer.from(v as number[]).toString('base64');
}

const bigintOf = (v: unknown): bigint => (v === undefined || v === null ? 0n : BigInt(typeof v === 'object' ? (v as Long).toString() : (v as number | string)));
const timeOf = (m: Obj): TimeValue => ({ seconds: bigintOf(m.seconds), nanos: Number(m.nanos ?? 0) });

/** The well-known types whose JSON is not an object of their fields. */
const WELL_KNOWN: Record<string, (m: Obj, options: JsonOptions) => Json> = {
  'google.protobuf.Timestamp': (m) => formatTimestamp(timeOf(m)),
  'google.protobuf.Duration': (m) => formatDuration(timeOf(m)),
  'google.protobuf.Empty': () => ({}),
  'google.protobuf.FieldMask': (m) => ((m.paths as string[] | undefined) ?? []).map((p) => p.split('.').map(lowerCamel).join('.')).join(','),
  'google.protobuf.Struct': (m, o) => writeStruct(m, o),
  'google.protobuf.ListValue': (m, o) => ((m.values as Obj[] | undefined) ?? []).map((v) => writeJsonValue(v, o)),
  'google.protobuf.Value': (m, o) => writeJsonValue(m, o),
  'google.protobuf.Any': (m, o) => writeAny(m, o),
  'google.protobuf.DoubleValue': (m) => writeScalar('float', m.value ?? 0),
  'google.protobuf.FloatValue': (m) => writeScalar('float', m.value ?? 0),
  'google.protobuf.Int64Value': (m) => writeScalar('int64', m.value ?? 0),
  'google.protobuf.UInt64Value': (m) => writeScalar('uint64', m.value ?? 0),
  'google.protobuf.Int32Value': (m) => writeScalar('int32', m.value ?? 0),
  'google.protobuf.UInt32Value': (m) => writeScalar('uint32', m.value ?? 0),
  'google.protobuf.BoolValue': (m) => Boolean(m.value),
  'google.protobuf.StringValue': (m) => String(m.value ?? ''),
  'google.protobuf.BytesValue': (m) => base64(m.value ?? ''),
};

function writeStruct(m: Obj, options: JsonOptions): Json {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries((m.fields as Record<string, Obj> | undefined) ?? {})) out[k] = writeJsonValue(v, options);
  return out;
}

/** google.protobuf.Value: the JSON of whichever member of its `kind` oneof is set (null when none is). */
function writeJsonValue(m: Obj, options: JsonOptions): Json {
  const set = (name: string) => Object.hasOwn(m, name) && m[name] != null;
  if (set('structValue')) return writeStruct(m.structValue as Obj, options);
  if (set('listValue')) return (((m.listValue as Obj).values as Obj[] | undefined) ?? []).map((v) => writeJsonValue(v, options));
  if (set('stringValue')) return String(m.stringValue);
  if (set('numberValue')) return writeScalar('float', m.numberValue);
  if (set('boolValue')) return Boolean(m.boolValue);
  return null;
}

/** Any: the packed message's JSON with "@type" first; well-known types put their JSON under "value". */
function writeAny(m: Obj, options: JsonOptions): Json {
  const url = String(m.type_url ?? m.typeUrl ?? '');
  const value = (m.value as Uint8Array | undefined) ?? new Uint8Array(0);
  const type = lookupMessage(url.slice(url.lastIndexOf('/') + 1));
  // A type this schema does not know cannot be decoded; say what it was rather than failing the whole answer.
  if (!type) return { '@type': url, value: base64(value) };
  const inner = writeMessage(type, type.decode(value) as unknown as Obj, options);
  const name = planOf(type).name;
  if (name in WELL_KNOWN || name === PAYLOAD || name === PAYLOADS || inner === null || typeof inner !== 'object' || Array.isArray(inner)) {
    return { '@type': url, value: inner };
  }
  return { '@type': url, ...inner };
}
