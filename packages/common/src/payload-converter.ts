// Values <-> Payloads, as the official SDKs encode them (metadata "encoding": binary/null, binary/plain, json/plain,
// json/protobuf), so a workflow started by one SDK can be run by the other.
import type { temporal } from '@durable/proto';
import { PayloadConverterError, ValueError } from './errors.js';
import { utf8Decode, utf8Encode } from './utf8.js';

export type Payload = temporal.api.common.v1.IPayload;

export const METADATA_ENCODING_KEY = 'encoding';
export const METADATA_MESSAGE_TYPE_KEY = 'messageType';

export const encodingTypes = {
  METADATA_ENCODING_NULL: 'binary/null',
  METADATA_ENCODING_RAW: 'binary/plain',
  METADATA_ENCODING_JSON: 'json/plain',
  METADATA_ENCODING_PROTOBUF_JSON: 'json/protobuf',
  METADATA_ENCODING_PROTOBUF: 'binary/protobuf',
} as const;
export type EncodingType = (typeof encodingTypes)[keyof typeof encodingTypes];

// The platform's codec where there is one (Node); the workflow sandbox has none when this module loads.
const platform = typeof TextEncoder === 'function' ? { encoder: new TextEncoder(), decoder: new TextDecoder() } : undefined;
export const encodeUtf8: (s: string) => Uint8Array = platform ? (s) => platform.encoder.encode(s) : utf8Encode;
export const decodeUtf8 = (b: Uint8Array | null | undefined): string => (b ? (platform ? platform.decoder.decode(b) : utf8Decode(b)) : '');
/** The official names of the two helpers above. */
export const u8 = encodeUtf8;
export const str = (b: Uint8Array): string => decodeUtf8(b);

/** The encoding metadata values as bytes, as payloads carry them. */
export const encodingKeys = {
  METADATA_ENCODING_NULL: encodeUtf8(encodingTypes.METADATA_ENCODING_NULL),
  METADATA_ENCODING_RAW: encodeUtf8(encodingTypes.METADATA_ENCODING_RAW),
  METADATA_ENCODING_JSON: encodeUtf8(encodingTypes.METADATA_ENCODING_JSON),
  METADATA_ENCODING_PROTOBUF_JSON: encodeUtf8(encodingTypes.METADATA_ENCODING_PROTOBUF_JSON),
  METADATA_ENCODING_PROTOBUF: encodeUtf8(encodingTypes.METADATA_ENCODING_PROTOBUF),
} as const;

/** Whose data is being converted: lets a converter or codec pick keys per workflow or activity. */
export interface WorkflowSerializationContext {
  type: 'workflow';
  namespace: string;
  workflowId: string;
}
export interface ActivitySerializationContext {
  type: 'activity';
  namespace: string;
  activityId?: string;
  workflowId?: string;
  isLocal: boolean;
}
export type SerializationContext = WorkflowSerializationContext | ActivitySerializationContext;

declare const hintValueType: unique symbol;
/** Names the converter that must handle a value (a converter's `validateConverterHint` says whether it is the one). */
export interface ConverterHint<T = unknown> {
  converter: string;
  [hintValueType]?: T;
}
/** Converts a value to and from the form that goes on the wire (e.g. a class instance to a plain object). */
export interface TransferTypeConverter<T, D = unknown> {
  fromTransferType(value: D): T;
  toTransferType(value: T): D;
}
export interface TypeInfo<T = unknown, D = T> {
  transferTypeConverter?: TransferTypeConverter<T, D>;
  payloadConverterHint?: ConverterHint<D>;
}
/** Type information for a workflow's or activity's arguments and result. */
export interface PayloadTypeInfo {
  inputTypes?: readonly TypeInfo[];
  outputType?: TypeInfo;
}

export interface PayloadConverter {
  toPayload<T>(value: T, context?: SerializationContext, hint?: ConverterHint<T>): Payload;
  fromPayload<T>(payload: Payload, context?: SerializationContext, hint?: ConverterHint<T>): T;
  /** Whether this converter handles values carrying `hint`. */
  validateConverterHint?: (hint: ConverterHint) => boolean;
}

/** One encoding of a composite converter: `toPayload` answers undefined for values it does not handle. */
export interface PayloadConverterWithEncoding {
  readonly encodingType: string;
  toPayload<T>(value: T, context?: SerializationContext, hint?: ConverterHint<T>): Payload | undefined;
  fromPayload<T>(payload: Payload, context?: SerializationContext, hint?: ConverterHint<T>): T;
  validateConverterHint?: (hint: ConverterHint) => boolean;
}

export function payloadEncoding(payload: Payload): string | undefined {
  const raw = payload.metadata?.[METADATA_ENCODING_KEY];
  return raw ? decodeUtf8(raw) : undefined;
}

function makePayload(encoding: string, data: Uint8Array, extra?: Record<string, string>): Payload {
  const metadata: Record<string, Uint8Array> = { [METADATA_ENCODING_KEY]: encodeUtf8(encoding) };
  if (extra) for (const [k, v] of Object.entries(extra)) metadata[k] = encodeUtf8(v);
  return { metadata, data };
}

export class UndefinedPayloadConverter implements PayloadConverterWithEncoding {
  readonly encodingType = encodingTypes.METADATA_ENCODING_NULL;
  toPayload(value: unknown): Payload | undefined {
    return value === undefined ? makePayload(this.encodingType, new Uint8Array(0)) : undefined;
  }
  fromPayload<T>(): T {
    return undefined as T;
  }
}

export class BinaryPayloadConverter implements PayloadConverterWithEncoding {
  readonly encodingType = encodingTypes.METADATA_ENCODING_RAW;
  toPayload(value: unknown): Payload | undefined {
    return value instanceof Uint8Array ? makePayload(this.encodingType, value) : undefined;
  }
  fromPayload<T>(payload: Payload): T {
    return (payload.data ?? new Uint8Array(0)) as T;
  }
}

export class JsonPayloadConverter implements PayloadConverterWithEncoding {
  readonly encodingType = encodingTypes.METADATA_ENCODING_JSON;
  toPayload(value: unknown): Payload | undefined {
    if (value === undefined) return undefined;
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch (err) {
      throw new PayloadConverterError(`Cannot encode value as JSON: ${(err as Error).message}`);
    }
    if (json === undefined) throw new PayloadConverterError(`Cannot encode a value of type ${typeof value} as JSON`);
    return makePayload(this.encodingType, encodeUtf8(json));
  }
  fromPayload<T>(payload: Payload): T {
    const text = decodeUtf8(payload.data);
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw new PayloadConverterError(`json/plain payload is not valid JSON: ${(err as Error).message}`);
    }
  }
}

/** The structural face of a protobufjs message type, so this module needs no protobufjs import. */
interface ProtobufType {
  fullName: string;
  fromObject(obj: Record<string, unknown>): object;
  toObject(message: object, options?: Record<string, unknown>): Record<string, unknown>;
}
interface ProtobufRoot {
  lookupType(name: string): ProtobufType;
}

/**
 * Protobuf messages as `json/protobuf` with their `messageType`, as the official SDK's
 * DefaultPayloadConverterWithProtobufs writes them. Decoding needs the root that defines the message types.
 */
export class ProtobufJsonPayloadConverter implements PayloadConverterWithEncoding {
  readonly encodingType = encodingTypes.METADATA_ENCODING_PROTOBUF_JSON;
  constructor(private readonly root: ProtobufRoot) {}

  toPayload(value: unknown): Payload | undefined {
    const type = protobufTypeOf(value);
    if (!type) return undefined;
    const json = JSON.stringify(type.toObject(value as object, { longs: String, enums: String, bytes: String, json: true }));
    return makePayload(this.encodingType, encodeUtf8(json), { [METADATA_MESSAGE_TYPE_KEY]: type.fullName.replace(/^\./, '') });
  }

  fromPayload<T>(payload: Payload): T {
    const name = decodeUtf8(payload.metadata?.[METADATA_MESSAGE_TYPE_KEY]);
    if (!name) throw new PayloadConverterError('json/protobuf payload has no messageType metadata');
    let type: ProtobufType;
    try {
      type = this.root.lookupType(name);
    } catch {
      throw new PayloadConverterError(`json/protobuf payload names message type ${name}, which the protobuf root does not define`);
    }
    return type.fromObject(JSON.parse(decodeUtf8(payload.data)) as Record<string, unknown>) as T;
  }
}

function protobufTypeOf(value: unknown): ProtobufType | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const type = (value as { $type?: unknown }).$type;
  return typeof type === 'object' && type !== null && typeof (type as ProtobufType).fullName === 'string'
    ? (type as ProtobufType)
    : undefined;
}

/** Tries each converter in order to encode; decodes by the payload's encoding. */
export class CompositePayloadConverter implements PayloadConverter {
  readonly converters: PayloadConverterWithEncoding[];
  readonly converterByEncoding = new Map<string, PayloadConverterWithEncoding>();

  constructor(...converters: PayloadConverterWithEncoding[]) {
    if (converters.length === 0) throw new PayloadConverterError('CompositePayloadConverter needs at least one converter');
    this.converters = converters;
    for (const c of converters) this.converterByEncoding.set(c.encodingType, c);
  }

  toPayload<T>(value: T, context?: SerializationContext, hint?: ConverterHint<T>): Payload {
    // A RawValue was converted when it was made.
    if (value instanceof RawValue) return value.payload;
    for (const c of this.converters) {
      if (hint !== undefined && !c.validateConverterHint?.(hint)) continue;
      const payload = c.toPayload(value, context, hint);
      if (payload) return payload;
    }
    if (hint !== undefined) throw new ValueError(`No payload converter supports converter hint '${hint.converter}'`);
    throw new PayloadConverterError(`No payload converter can encode a value of type ${typeof value}`);
  }

  fromPayload<T>(payload: Payload, context?: SerializationContext, hint?: ConverterHint<T>): T {
    const encoding = payloadEncoding(payload);
    if (!encoding) throw new PayloadConverterError('Payload has no encoding metadata');
    const converter = this.converterByEncoding.get(encoding);
    if (!converter) throw new PayloadConverterError(`No payload converter for encoding ${encoding}`);
    if (hint !== undefined && !converter.validateConverterHint?.(hint)) {
      throw new PayloadConverterError(`Payload encoding '${encoding}' does not support converter hint '${hint.converter}'`);
    }
    return converter.fromPayload<T>(payload, context, hint);
  }
}

export class DefaultPayloadConverter extends CompositePayloadConverter {
  constructor() {
    super(new UndefinedPayloadConverter(), new BinaryPayloadConverter(), new JsonPayloadConverter());
  }
}

/** Null, binary, protobuf messages, then JSON: for applications whose arguments are protobufjs messages. */
export class DefaultPayloadConverterWithProtobufs extends CompositePayloadConverter {
  constructor(options: { protobufRoot: ProtobufRoot }) {
    super(
      new UndefinedPayloadConverter(),
      new BinaryPayloadConverter(),
      new ProtobufJsonPayloadConverter(options.protobufRoot),
      new JsonPayloadConverter(),
    );
  }
}

export const defaultPayloadConverter: PayloadConverter = new DefaultPayloadConverter();

/** A value converted once, when made: sent as its payload whatever converter is in use. */
export class RawValue<T = unknown> {
  readonly #payload: Payload;
  /** Never set: carries the value type. */
  declare readonly __valueType?: T;

  constructor(value: T, payloadConverter: PayloadConverter = defaultPayloadConverter, context?: SerializationContext) {
    this.#payload = payloadConverter.toPayload(value, context);
  }

  /** A RawValue holding `payload` as it is. */
  static fromPayload(payload: Payload): RawValue {
    return new RawValue(payload, asIsConverter);
  }

  get payload(): Payload {
    return this.#payload;
  }
}

const asIsConverter: PayloadConverter = {
  toPayload: <T>(value: T) => value as Payload,
  fromPayload: <T>(payload: Payload) => payload as T,
};

const RAW_VALUE = Symbol('rawValueTypeInfo');
/** TypeInfo saying: hand the payload over as a RawValue, do not convert it. */
export const rawValueTypeInfo: TypeInfo<RawValue> = Object.freeze({ [RAW_VALUE]: true }) as TypeInfo<RawValue>;
const isRawValueTypeInfo = (t: TypeInfo | undefined): boolean => t !== undefined && (t as Record<symbol, unknown>)[RAW_VALUE] === true;

export function toPayloadWithTypeInfo<T, D = T>(converter: PayloadConverter, value: T, context: SerializationContext | undefined, typeInfo: TypeInfo<T, D> | undefined): Payload {
  if (isRawValueTypeInfo(typeInfo as TypeInfo | undefined)) {
    if (!(value instanceof RawValue)) throw new ValueError('RawValue TypeInfo requires a RawValue value');
    return value.payload;
  }
  const transfer = typeInfo?.transferTypeConverter ? typeInfo.transferTypeConverter.toTransferType(value) : value;
  return converter.toPayload(transfer, context, typeInfo?.payloadConverterHint as ConverterHint<typeof transfer> | undefined);
}

export function fromPayloadWithTypeInfo<T, D = T>(converter: PayloadConverter, payload: Payload, context: SerializationContext | undefined, typeInfo: TypeInfo<T, D> | undefined): T {
  if (isRawValueTypeInfo(typeInfo as TypeInfo | undefined)) return RawValue.fromPayload(payload) as T;
  const transfer = converter.fromPayload<D>(payload, context, typeInfo?.payloadConverterHint);
  return typeInfo?.transferTypeConverter ? typeInfo.transferTypeConverter.fromTransferType(transfer) : (transfer as unknown as T);
}

export function toPayloads(converter: PayloadConverter, ...values: unknown[]): Payload[] | undefined {
  return toPayloadsWithContext(converter, undefined, values);
}

export function toPayloadsWithContext(converter: PayloadConverter, context: SerializationContext | undefined, values: unknown[], typeInfo?: readonly TypeInfo[]): Payload[] | undefined {
  return values.length === 0 ? undefined : values.map((v, i) => toPayloadWithTypeInfo(converter, v, context, typeInfo?.[i]));
}

/** null and undefined stay as they are; anything else becomes a payload. */
export function convertOptionalToPayload(converter: PayloadConverter, value: unknown, context?: SerializationContext): Payload | null | undefined {
  return value === null || value === undefined ? value : converter.toPayload(value, context);
}

export function fromPayloadsAtIndex<T, D = T>(converter: PayloadConverter, index: number, payloads?: Payload[] | null, context?: SerializationContext, typeInfo?: TypeInfo<T, D>): T {
  const payload = payloads?.[index];
  return payload ? fromPayloadWithTypeInfo(converter, payload, context, typeInfo) : (undefined as T);
}

export function arrayFromPayloads(converter: PayloadConverter, payloads?: Payload[] | null, context?: SerializationContext, typeInfo?: readonly TypeInfo[]): unknown[] {
  return payloads ? payloads.map((p, i) => fromPayloadWithTypeInfo(converter, p, context, typeInfo?.[i])) : [];
}

export function mapToPayloads(converter: PayloadConverter, map: Record<string, unknown>, context?: SerializationContext): Record<string, Payload> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, converter.toPayload(v, context)]));
}

export function mapFromPayloads(converter: PayloadConverter, map?: Record<string, Payload> | null, context?: SerializationContext): Record<string, unknown> | undefined {
  if (!map) return undefined;
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, converter.fromPayload(v, context)]));
}
