// Search attributes in both of the official SDK's forms: the untyped record of lists (deprecated upstream, still
// common) and TypedSearchAttributes. On the wire each value is a json/plain payload with a `type` metadata entry.
import { PayloadConverterError } from './errors.js';
import { decodeUtf8, encodeUtf8, type Payload } from './payload-converter.js';

export const SearchAttributeType = {
  TEXT: 'TEXT',
  KEYWORD: 'KEYWORD',
  INT: 'INT',
  DOUBLE: 'DOUBLE',
  BOOL: 'BOOL',
  DATETIME: 'DATETIME',
  KEYWORD_LIST: 'KEYWORD_LIST',
} as const;
export type SearchAttributeType = (typeof SearchAttributeType)[keyof typeof SearchAttributeType];

export type SearchAttributeValue = string[] | number[] | boolean[] | Date[];
export type SearchAttributes = Record<string, SearchAttributeValue | Readonly<SearchAttributeValue> | undefined>;

interface IndexedValueTypeMapping {
  TEXT: string;
  KEYWORD: string;
  INT: number;
  DOUBLE: number;
  BOOL: boolean;
  DATETIME: Date;
  KEYWORD_LIST: string[];
}

export interface SearchAttributeKey<T extends SearchAttributeType> {
  name: string;
  type: T;
}

export function defineSearchAttributeKey<T extends SearchAttributeType>(name: string, type: T): SearchAttributeKey<T> {
  return { name, type };
}

export type SearchAttributePair = {
  [T in SearchAttributeType]: { key: SearchAttributeKey<T>; value: IndexedValueTypeMapping[T] };
}[SearchAttributeType];
export type SearchAttributeUpdatePair = {
  [T in SearchAttributeType]: { key: SearchAttributeKey<T>; value: IndexedValueTypeMapping[T] | null };
}[SearchAttributeType];

// The `type` metadata names the server uses (temporal.api.enums.v1.IndexedValueType without the prefix, camel-cased).
const metadataTypeNames: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};
const typesByMetadataName = new Map(Object.entries(metadataTypeNames).map(([t, n]) => [n, t as SearchAttributeType]));

export function isValidValueForType<T extends SearchAttributeType>(type: T, value: unknown): value is IndexedValueTypeMapping[T] {
  switch (type) {
    case 'TEXT':
    case 'KEYWORD':
      return typeof value === 'string';
    case 'INT':
      return Number.isInteger(value);
    case 'DOUBLE':
      return typeof value === 'number' && Number.isFinite(value);
    case 'BOOL':
      return typeof value === 'boolean';
    case 'DATETIME':
      return value instanceof Date && !Number.isNaN(value.getTime());
    case 'KEYWORD_LIST':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    default:
      return false;
  }
}

/** An immutable set of typed search attributes, keyed by name. */
export class TypedSearchAttributes {
  private readonly pairs: Map<string, SearchAttributePair>;

  constructor(initialAttributes: SearchAttributePair[] = []) {
    this.pairs = new Map();
    for (const pair of initialAttributes) {
      if (!isValidValueForType(pair.key.type, pair.value)) {
        throw new TypeError(`Search attribute ${pair.key.name}: ${String(pair.value)} is not a valid ${pair.key.type} value`);
      }
      this.pairs.set(pair.key.name, pair);
    }
  }

  get<T extends SearchAttributeType>(key: SearchAttributeKey<T>): IndexedValueTypeMapping[T] | undefined {
    const pair = this.pairs.get(key.name);
    return pair && pair.key.type === key.type ? (pair.value as IndexedValueTypeMapping[T]) : undefined;
  }

  getAll(): SearchAttributePair[] {
    return [...this.pairs.values()];
  }

  copy(): TypedSearchAttributes {
    return new TypedSearchAttributes(this.getAll());
  }

  /** A copy with `updates` applied; a null value removes the attribute. */
  updateCopy(updates: SearchAttributeUpdatePair[]): TypedSearchAttributes {
    const next = new Map(this.pairs);
    for (const u of updates) {
      if (u.value === null) next.delete(u.key.name);
      else next.set(u.key.name, u as SearchAttributePair);
    }
    return new TypedSearchAttributes([...next.values()]);
  }

  toJSON(): SearchAttributePair[] {
    return this.getAll();
  }

  static toMetadataType(type: SearchAttributeType): string {
    return metadataTypeNames[type];
  }

  static toSearchAttributeType(type: string): SearchAttributeType | undefined {
    return typesByMetadataName.get(type);
  }
}

function jsonPayload(value: unknown, type?: SearchAttributeType): Payload {
  const metadata: Record<string, Uint8Array> = { encoding: encodeUtf8('json/plain') };
  if (type) metadata.type = encodeUtf8(metadataTypeNames[type]);
  return { metadata, data: encodeUtf8(JSON.stringify(value)) };
}

/** Encodes typed attributes (and/or untyped lists; typed win on a name clash) as the `indexedFields` map. */
export function encodeSearchAttributes(
  untyped: SearchAttributes | undefined,
  typed: TypedSearchAttributes | SearchAttributePair[] | undefined,
): Record<string, Payload> | undefined {
  const fields: Record<string, Payload> = {};
  for (const [name, values] of Object.entries(untyped ?? {})) {
    if (values === undefined) continue;
    if (!Array.isArray(values)) throw new TypeError(`Search attribute ${name} must be an array of values (untyped form)`);
    fields[name] = jsonPayload(values);
  }
  const pairs = typed instanceof TypedSearchAttributes ? typed.getAll() : new TypedSearchAttributes(typed ?? []).getAll();
  for (const { key, value } of pairs) fields[key.name] = jsonPayload(value, key.type);
  return Object.keys(fields).length ? fields : undefined;
}

/** Encodes upserts: a null value clears the attribute (an empty payload list as the server expects). */
export function encodeSearchAttributeUpdates(updates: SearchAttributeUpdatePair[]): Record<string, Payload> {
  const fields: Record<string, Payload> = {};
  for (const { key, value } of updates) {
    if (value !== null && !isValidValueForType(key.type, value)) {
      throw new TypeError(`Search attribute ${key.name}: ${String(value)} is not a valid ${key.type} value`);
    }
    fields[key.name] = value === null ? jsonPayload(null, key.type) : jsonPayload(value, key.type);
  }
  return fields;
}

function decodeOne(name: string, payload: Payload): { type: SearchAttributeType | undefined; value: unknown } {
  const typeName = decodeUtf8(payload.metadata?.type);
  const type = typeName ? TypedSearchAttributes.toSearchAttributeType(typeName) : undefined;
  let value: unknown;
  try {
    value = JSON.parse(decodeUtf8(payload.data));
  } catch {
    throw new PayloadConverterError(`Search attribute ${name} does not hold JSON`);
  }
  if (type === 'DATETIME') {
    value = Array.isArray(value) ? value.map((v) => new Date(String(v))) : new Date(String(value));
  }
  return { type, value };
}

/** The untyped form: every value a list. */
export function decodeSearchAttributes(fields: Record<string, Payload> | null | undefined): SearchAttributes {
  const out: SearchAttributes = {};
  for (const [name, payload] of Object.entries(fields ?? {})) {
    const { value } = decodeOne(name, payload);
    if (value === null) continue;
    out[name] = (Array.isArray(value) ? value : [value]) as SearchAttributeValue;
  }
  return out;
}

/** The typed form; attributes without a `type` in their metadata are left out (their type is unknown). */
export function decodeTypedSearchAttributes(fields: Record<string, Payload> | null | undefined): TypedSearchAttributes {
  const pairs: SearchAttributePair[] = [];
  for (const [name, payload] of Object.entries(fields ?? {})) {
    const { type, value } = decodeOne(name, payload);
    if (!type || value === null) continue;
    // Some writers send single values as one-element lists.
    const single = type !== 'KEYWORD_LIST' && Array.isArray(value) ? (value as unknown[])[0] : value;
    if (isValidValueForType(type, single)) pairs.push({ key: { name, type }, value: single } as SearchAttributePair);
  }
  return new TypedSearchAttributes(pairs);
}
