// proto3 JSON to protobufjs messages, built as decoding the binary form would build them (message instances,
// Long for 64-bit integers, Buffer for bytes), so handlers cannot tell an HTTP request from a gRPC one. Accepts
// what Go's protojson accepts as Temporal uses it: JSON or snake_case names, enums by name, by Temporal's older
// short name (`Completed`) or by number, numbers as strings, and Temporal's payload shorthand. Anything else is a
// JsonInputError that names the field.
import type { protobuf } from '@durable/proto';
import { Long } from '@durable/proto';
import { parseDuration, parseTimestamp, type TimeValue } from './json-time.js';
import { decodeBase64, lookupMessage, planOf, snakeCase, type FieldPlan, type JsonOptions, type Kind } from './json-schema.js';
import { PAYLOAD, PAYLOADS, readPayload } from './payload-shorthand.js';

/** Input that is not valid proto3 JSON for the message; `path` is where, e.g. `workflowType.name`. */
export class JsonInputError extends Error {
  override name = 'JsonInputError';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(path ? `${path}: ${problem}` : problem);
  }
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const join = (path: string, name: string) => (path ? `${path}.${name}` : name);
const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v).slice(0, 80));

/** Reads `json` as a message of `type`; throws JsonInputError naming the first thing that is wrong. */
export function messageFromJson(type: protobuf.Type, json: unknown, options: JsonOptions, path = ''): object {
  return readMessage(type, json, options, path);
}

function readMessage(type: protobuf.Type, json: unknown, options: JsonOptions, path: string): object {
  const plan = planOf(type);
  const special = WELL_KNOWN[plan.name];
  if (special) return special(type, json, options, path);
  if (options.payloadShorthand) {
    if (plan.name === PAYLOAD) return readPayload(json);
    if (plan.name === PAYLOADS && (Array.isArray(json) || json === null)) {
      return type.create({ payloads: ((json as unknown[]) ?? []).map((v) => readPayload(v)) });
    }
  }
  if (!isObject(json)) throw new JsonInputError(path, `expected a JSON object for ${plan.name}, got ${show(json)}`);
  const message = type.create() as unknown as Obj;
  const seen = new Set<FieldPlan>();
  const oneofs = new Map<string, string>();
  for (const [key, value] of Object.entries(json)) {
    const f = plan.byName.get(key);
    const at = join(path, key);
    if (!f) throw new JsonInputError(at, `unknown field "${key}" of ${plan.name}`);
    if (seen.has(f)) throw new JsonInputError(at, `field "${f.json}" is given twice`);
    seen.add(f);
    // null leaves a field unset, except where null is a value of its own (google.protobuf.Value).
    if (value === null && !(f.message && planOf(f.message).name === 'google.protobuf.Value')) continue;
    if (f.oneof) {
      const other = oneofs.get(f.oneof);
      if (other) throw new JsonInputError(at, `"${other}" and "${f.json}" are both set, but they are members of the oneof "${f.oneof}"`);
      oneofs.set(f.oneof, f.json);
    }
    message[f.prop] = readField(f, value, options, at);
  }
  return message;
}

function readField(f: FieldPlan, value: unknown, options: JsonOptions, path: string): unknown {
  if (f.mapKey) {
    if (!isObject(value)) throw new JsonInputError(path, `expected a JSON object (a map), got ${show(value)}`);
    const map: Obj = {};
    for (const [k, v] of Object.entries(value)) {
      map[mapKey(f.mapKey, k, join(path, k))] = readValue(f, v, options, join(path, k));
    }
    return map;
  }
  if (f.repeated) {
    if (!Array.isArray(value)) throw new JsonInputError(path, `expected a JSON array, got ${show(value)}`);
    return value.map((v, i) => readValue(f, v, options, `${path}[${i}]`));
  }
  return readValue(f, value, options, path);
}

/** Map keys are JSON strings whatever the key type; integer and bool keys must still be ones. */
function mapKey(kind: Kind, key: string, path: string): string {
  if (kind === 'string') return key;
  if (kind === 'bool') {
    if (key !== 'true' && key !== 'false') throw new JsonInputError(path, `expected a map key true or false, got ${show(key)}`);
    return key;
  }
  return String(readScalar(kind, key, path));
}

function readValue(f: FieldPlan, value: unknown, options: JsonOptions, path: string): unknown {
  if (f.kind === 'message') return readMessage(f.message!, value, options, path);
  if (f.kind === 'enum') return readEnum(f, value, path);
  return readScalar(f.kind, value, path);
}

/** `WorkflowExecutionStatus` + `Completed` -> `WORKFLOW_EXECUTION_STATUS_COMPLETED`. */
const screamingSnake = (s: string) =>
  s
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();

function readEnum(f: FieldPlan, value: unknown, path: string): number {
  const e = f.enumType!;
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= 0x7fffffff) return value;
  if (typeof value === 'string') {
    const n = e.values[value] ?? e.values[screamingSnake(`${e.name}_${value}`)];
    if (n !== undefined) return n;
  }
  const names = Object.keys(e.values);
  const some = names.length > 6 ? `${names.slice(0, 6).join(', ')}, …` : names.join(', ');
  throw new JsonInputError(path, `${show(value)} is not a value of ${e.fullName.replace(/^\./, '')} (${some})`);
}

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const UINT32 = { min: 0, max: 2 ** 32 - 1 };
const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };
const UINT64 = { min: 0n, max: 2n ** 64n - 1n };

export function readScalar(kind: Kind, value: unknown, path: string): unknown {
  const wrong = (what: string): never => {
    throw new JsonInputError(path, `expected ${what}, got ${show(value)}`);
  };
  switch (kind) {
    case 'string':
      return typeof value === 'string' ? value : wrong('a string');
    case 'bool':
      return typeof value === 'boolean' ? value : wrong('true or false');
    case 'bytes':
      return (typeof value === 'string' ? decodeBase64(value) : undefined) ?? wrong('base64 text');
    case 'float':
      if (typeof value === 'number') return value;
      if (value === 'NaN') return NaN;
      if (value === 'Infinity') return Infinity;
      if (value === '-Infinity') return -Infinity;
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
      return wrong('a number');
    case 'int32':
    case 'uint32': {
      const range = kind === 'int32' ? INT32 : UINT32;
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isInteger(n)) return wrong(`an integer`);
      if (n < range.min || n > range.max) return wrong(`an integer from ${range.min} to ${range.max}`);
      return n;
    }
    default: {
      // int64 and uint64: JSON strings as Temporal writes them, or numbers.
      const range = kind === 'int64' ? INT64 : UINT64;
      let n: bigint | undefined;
      if (typeof value === 'string' && /^-?\d+$/.test(value)) n = BigInt(value);
      else if (typeof value === 'number' || (typeof value === 'string' && value.trim() !== '')) {
        const x = Number(value);
        if (Number.isInteger(x)) n = BigInt(x);
      }
      if (n === undefined) return wrong('an integer (a JSON string or number)');
      if (n < range.min || n > range.max) return wrong(`an integer from ${range.min} to ${range.max}`);
      return Long.fromString(n.toString(), kind === 'uint64');
    }
  }
}

type Reader = (type: protobuf.Type, json: unknown, options: JsonOptions, path: string) => object;

function timeReader(parse: (s: string) => TimeValue | undefined, what: string): Reader {
  return (type, json, _options, path) => {
    const t = typeof json === 'string' ? parse(json) : undefined;
    if (!t) throw new JsonInputError(path, `expected ${what}, got ${show(json)}`);
    return type.create({ seconds: Long.fromString(t.seconds.toString()), nanos: t.nanos });
  };
}

const wrapper =
  (kind: Kind): Reader =>
  (type, json, _options, path) =>
    type.create({ value: readScalar(kind, json, path) });

const WELL_KNOWN: Record<string, Reader> = {
  'google.protobuf.Timestamp': timeReader(parseTimestamp, 'an RFC 3339 time such as "2024-05-01T10:00:00Z"'),
  'google.protobuf.Duration': timeReader(parseDuration, 'a duration in seconds such as "1.5s"'),
  'google.protobuf.Empty': (type, json, _options, path) => {
    if (!isObject(json) || Object.keys(json).length > 0) throw new JsonInputError(path, `expected {}, got ${show(json)}`);
    return type.create();
  },
  'google.protobuf.FieldMask': (type, json, _options, path) => {
    if (typeof json !== 'string') throw new JsonInputError(path, `expected field paths separated by commas, got ${show(json)}`);
    const paths = json === '' ? [] : json.split(',').map((p) => p.split('.').map(snakeCase).join('.'));
    return type.create({ paths });
  },
  'google.protobuf.Value': (type, json, _options, path) => readJsonValue(type, json, path),
  'google.protobuf.Struct': (type, json, _options, path) => {
    if (!isObject(json)) throw new JsonInputError(path, `expected a JSON object, got ${show(json)}`);
    return readStruct(type, json, path);
  },
  'google.protobuf.ListValue': (type, json, _options, path) => {
    if (!Array.isArray(json)) throw new JsonInputError(path, `expected a JSON array, got ${show(json)}`);
    return readList(type, json, path);
  },
  'google.protobuf.Any': (type, json, options, path) => readAny(type, json, options, path),
  'google.protobuf.DoubleValue': wrapper('float'),
  'google.protobuf.FloatValue': wrapper('float'),
  'google.protobuf.Int64Value': wrapper('int64'),
  'google.protobuf.UInt64Value': wrapper('uint64'),
  'google.protobuf.Int32Value': wrapper('int32'),
  'google.protobuf.UInt32Value': wrapper('uint32'),
  'google.protobuf.BoolValue': wrapper('bool'),
  'google.protobuf.StringValue': wrapper('string'),
  'google.protobuf.BytesValue': wrapper('bytes'),
};

function structTypes(valueType: protobuf.Type) {
  const lookup = (n: string) => valueType.root.lookupType(n);
  return { value: valueType, struct: lookup('google.protobuf.Struct'), list: lookup('google.protobuf.ListValue') };
}

function readJsonValue(valueType: protobuf.Type, json: unknown, path: string): object {
  const t = structTypes(valueType);
  if (json === null) return t.value.create({ nullValue: 0 });
  if (typeof json === 'number') return t.value.create({ numberValue: json });
  if (typeof json === 'string') return t.value.create({ stringValue: json });
  if (typeof json === 'boolean') return t.value.create({ boolValue: json });
  if (Array.isArray(json)) return t.value.create({ listValue: readList(t.list, json, path) });
  if (isObject(json)) return t.value.create({ structValue: readStruct(t.struct, json, path) });
  throw new JsonInputError(path, `expected a JSON value, got ${show(json)}`);
}

function readStruct(structType: protobuf.Type, json: Obj, path: string): object {
  const valueType = structType.root.lookupType('google.protobuf.Value');
  const fields: Obj = {};
  for (const [k, v] of Object.entries(json)) fields[k] = readJsonValue(valueType, v, join(path, k));
  return structType.create({ fields });
}

function readList(listType: protobuf.Type, json: unknown[], path: string): object {
  const valueType = listType.root.lookupType('google.protobuf.Value');
  return listType.create({ values: json.map((v, i) => readJsonValue(valueType, v, `${path}[${i}]`)) });
}

/** `{"@type": "type.googleapis.com/x.y.Z", ...fields}`, or `"value"` holding a well-known type's JSON. */
function readAny(anyType: protobuf.Type, json: unknown, options: JsonOptions, path: string): object {
  if (!isObject(json) || typeof json['@type'] !== 'string') {
    throw new JsonInputError(path, `expected an object with "@type" (google.protobuf.Any), got ${show(json)}`);
  }
  const url = json['@type'];
  const type = lookupMessage(url.slice(url.lastIndexOf('/') + 1));
  if (!type) throw new JsonInputError(join(path, '@type'), `unknown message type "${url}"`);
  const rest = { ...json };
  delete rest['@type'];
  const name = planOf(type).name;
  const wrapped = name in WELL_KNOWN || name === PAYLOAD || name === PAYLOADS;
  const inner = readMessage(type, wrapped ? rest.value : rest, options, path);
  return anyType.create({ type_url: url, value: type.encode(inner).finish() });
}
