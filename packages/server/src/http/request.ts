// An HTTP request as the method's request message, as grpc-gateway builds it: the JSON body (the whole request for
// `body: "*"`, else the named field), then the path's variables, then, for fields neither of those fill, the query
// parameters (`?execution.runId=...&maximumPageSize=10&waitNewEvent=true`; JSON or snake_case names, a repeated
// field by repeating its parameter). Everything goes through one JSON object and one reader, so a path variable or a
// query value is checked exactly as the same value in a body would be.
import type { protobuf } from '@durable/proto';
import { JsonInputError, messageFromJson } from './json-read.js';
import { planOf, type FieldPlan, type JsonOptions } from './json-schema.js';
import type { PathParam, Route } from './routes.js';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Query parameters that are switches of the HTTP API itself, never request fields. */
const API_PARAMS = new Set(['pretty', 'noPayloadShorthand']);

/** Well-known message types a query parameter can give as text. */
const TEXT_MESSAGES = new Set(['google.protobuf.Timestamp', 'google.protobuf.Duration', 'google.protobuf.FieldMask']);
const WRAPPERS: Record<string, FieldPlan['kind']> = {
  'google.protobuf.DoubleValue': 'float',
  'google.protobuf.FloatValue': 'float',
  'google.protobuf.Int64Value': 'int64',
  'google.protobuf.UInt64Value': 'uint64',
  'google.protobuf.Int32Value': 'int32',
  'google.protobuf.UInt32Value': 'uint32',
  'google.protobuf.BoolValue': 'bool',
  'google.protobuf.StringValue': 'string',
  'google.protobuf.BytesValue': 'bytes',
};

/** Resolves a field path (each step a JSON or snake_case name) to its fields; undefined if a step is unknown. */
function resolvePath(type: protobuf.Type, path: string[]): FieldPlan[] | undefined {
  const plans: FieldPlan[] = [];
  let current: protobuf.Type | undefined = type;
  for (const step of path) {
    const f: FieldPlan | undefined = current && planOf(current).byName.get(step);
    if (!f || (plans.length > 0 && (plans[plans.length - 1].repeated || plans[plans.length - 1].mapKey))) return undefined;
    plans.push(f);
    current = f.message;
  }
  return plans;
}

/** Sets `value` at a resolved path of the JSON request, replacing whatever name the body used for the same field. */
function setAt(json: Obj, fields: FieldPlan[], value: unknown): void {
  let obj = json;
  fields.forEach((f, i) => {
    const existing = obj[f.json] ?? obj[f.proto] ?? obj[f.prop];
    delete obj[f.proto];
    delete obj[f.prop];
    if (i === fields.length - 1) {
      obj[f.json] = value;
      return;
    }
    obj = obj[f.json] = isObject(existing) ? { ...existing } : {};
  });
}

const sameOrUnder = (path: string[], prefix: string[]) => prefix.length <= path.length && prefix.every((p, i) => p === path[i]);

/** Go's strconv.ParseBool, as grpc-gateway reads bool parameters. */
function parseBool(text: string, name: string): boolean {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(text)) return false;
  throw new JsonInputError(name, `expected true or false, got ${JSON.stringify(text)}`);
}

/** One query value as the JSON the reader takes for the field's kind. */
function queryValue(f: FieldPlan, text: string, name: string): unknown {
  let kind = f.kind;
  if (f.kind === 'message') {
    const typeName = planOf(f.message!).name;
    if (TEXT_MESSAGES.has(typeName)) return text;
    const inner = WRAPPERS[typeName];
    if (!inner) throw new JsonInputError(name, `${typeName} cannot be given as a query parameter; send it in a request body`);
    kind = inner;
  }
  switch (kind) {
    case 'bool':
      return parseBool(text, name);
    case 'enum':
      return /^-?\d+$/.test(text) ? Number(text) : text;
    // A '+' in base64 that was not percent-encoded arrives as a space; a space is never base64.
    case 'bytes':
      return text.replace(/ /g, '+');
    default:
      return text;
  }
}

/** The request message for a matched route; a JsonInputError says what in the request was wrong. */
export function buildRequest(route: Route, params: PathParam[], query: URLSearchParams, body: unknown, options: JsonOptions): object {
  const type = route.method.requestType;
  const bound: string[][] = params.map((p) => p.field);
  let json: Obj = {};
  if (route.body === '*') {
    if (body !== undefined && !isObject(body)) throw new JsonInputError('', `the request body must be a JSON object, got ${JSON.stringify(body).slice(0, 40)}`);
    json = { ...(body as Obj | undefined) };
  } else if (route.body) {
    const path = route.body.split('.');
    const fields = resolvePath(type, path);
    if (!fields) throw new Error(`${route.template}: body field ${route.body} is not a field of ${planOf(type).name}`);
    if (body !== undefined) setAt(json, fields, body);
    bound.push(path);
  }
  for (const p of params) {
    const fields = resolvePath(type, p.field);
    if (!fields) throw new Error(`${route.template}: ${p.field.join('.')} is not a field of ${planOf(type).name}`);
    setAt(json, fields, p.value);
  }
  if (route.body !== '*') {
    for (const name of new Set(query.keys())) {
      if (API_PARAMS.has(name)) continue;
      const fields = resolvePath(type, name.split('.'));
      // grpc-gateway ignores parameters that name no field, and never lets one override the path or the body.
      if (!fields) continue;
      const path = fields.map((f) => f.proto);
      if (bound.some((b) => sameOrUnder(path, b) || sameOrUnder(b, path))) continue;
      const leaf = fields[fields.length - 1];
      if (leaf.mapKey) throw new JsonInputError(name, 'a map field cannot be given as a query parameter');
      if (leaf.kind === 'message' && !TEXT_MESSAGES.has(planOf(leaf.message!).name) && !WRAPPERS[planOf(leaf.message!).name]) {
        throw new JsonInputError(name, `${planOf(leaf.message!).name} cannot be given as a query parameter; name one of its fields (${name}.<field>)`);
      }
      const values = query.getAll(name).map((v) => queryValue(leaf, v, name));
      if (!leaf.repeated && values.length > 1) throw new JsonInputError(name, `given ${values.length} times, but it is not a repeated field`);
      setAt(json, fields, leaf.repeated ? values : values[0]);
    }
  }
  return messageFromJson(type, json, options);
}
