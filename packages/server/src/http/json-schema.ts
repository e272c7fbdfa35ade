// What the JSON reader and writer need to know about a message type, worked out once per type from protobufjs
// reflection (fields with their JSON names, kinds and resolved types).
import type { protobuf } from '@durable/proto';

type Type = protobuf.Type;
type Enum = protobuf.Enum;
type Field = protobuf.Field;
type MapField = protobuf.MapField;
import { root } from '@durable/proto';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface JsonOptions {
  /**
   * Temporal's payload shorthand: a `json/plain` Payload is written as its JSON value (Payloads as an array of
   * them) and a plain JSON value is read as one. On unless the caller asks for `noPayloadShorthand`.
   */
  payloadShorthand: boolean;
}

/** The scalar kinds of protobuf; 'message' and 'enum' fields carry their resolved type. */
export type Kind = 'message' | 'enum' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'float' | 'bool' | 'string' | 'bytes';

const SCALAR_KIND: Record<string, Kind> = {
  double: 'float',
  float: 'float',
  int32: 'int32',
  sint32: 'int32',
  sfixed32: 'int32',
  uint32: 'uint32',
  fixed32: 'uint32',
  int64: 'int64',
  sint64: 'int64',
  sfixed64: 'int64',
  uint64: 'uint64',
  fixed64: 'uint64',
  bool: 'bool',
  string: 'string',
  bytes: 'bytes',
};

export interface FieldPlan {
  field: Field;
  /** the property protobufjs objects use (camelCase, or snake_case in google.protobuf types) */
  prop: string;
  /** proto3 JSON name (lowerCamelCase) */
  json: string;
  /** snake_case name, as path templates and query parameters may spell it */
  proto: string;
  kind: Kind;
  message?: Type;
  enumType?: Enum;
  repeated: boolean;
  /** map key kind, when the field is a map */
  mapKey?: Kind;
  /** the oneof it belongs to: set members are written even when they hold a default value */
  oneof?: string;
}

export interface TypePlan {
  type: Type;
  /** type name without the leading dot, e.g. 'temporal.api.common.v1.Payload' */
  name: string;
  fields: FieldPlan[];
  /** by JSON name, property name and snake_case name */
  byName: Map<string, FieldPlan>;
}

export const lowerCamel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
export const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const plans = new WeakMap<Type, TypePlan>();

function kindOf(field: Field): Pick<FieldPlan, 'kind' | 'message' | 'enumType'> {
  const scalar = SCALAR_KIND[field.type];
  if (scalar) return { kind: scalar };
  const resolved = field.resolve().resolvedType;
  if (!resolved) throw new Error(`field ${field.fullName} has an unresolved type ${field.type}`);
  // Enum and Type both come from the schema's protobufjs; tell them apart by shape, not by class identity.
  if ('values' in resolved) return { kind: 'enum', enumType: resolved as Enum };
  return { kind: 'message', message: resolved as Type };
}

export function planOf(type: Type): TypePlan {
  let plan = plans.get(type);
  if (plan) return plan;
  const fields = type.fieldsArray.map((field): FieldPlan => {
    const proto = (field as Field & { protoName?: string }).protoName ?? snakeCase(field.name);
    const map = field.map ? (field as unknown as MapField) : undefined;
    return {
      field,
      prop: field.name,
      json: lowerCamel(field.name),
      proto,
      ...kindOf(field),
      repeated: field.repeated,
      mapKey: map ? SCALAR_KIND[map.keyType] : undefined,
      oneof: field.partOf?.name,
    };
  });
  const byName = new Map<string, FieldPlan>();
  for (const f of fields) for (const n of [f.json, f.prop, f.proto]) byName.set(n, f);
  plan = { type, name: type.fullName.replace(/^\./, ''), fields, byName };
  plans.set(type, plan);
  return plan;
}

/** A message type by full name (built on first use by the lazy schema); undefined when the schema has none. */
export function lookupMessage(name: string): Type | undefined {
  try {
    return root.lookupType(name);
  } catch {
    return undefined;
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const BASE64URL = /^[A-Za-z0-9\-_]*={0,2}$/;

/** Standard or URL-safe base64, padded or not (as Go's protojson reads bytes); undefined when it is neither. */
export function decodeBase64(text: string): Buffer | undefined {
  const url = /[-_]/.test(text);
  if (!(url ? BASE64URL : BASE64).test(text) || text.length % 4 === 1) return undefined;
  const unpadded = text.replace(/=+$/, '');
  if (text.length !== unpadded.length && text.length % 4 !== 0) return undefined;
  return Buffer.from(unpadded, url ? 'base64url' : 'base64');
}
