// Values <-> Payloads, as the official SDKs encode them (metadata "encoding": binary/null, binary/plain, json/plain,
// json/protobuf), so a workflow started by one SDK can be run by the other.
import type { temporal } from '@durable/proto';

export type Payload = temporal.api.common.v1.IPayload;

export const encodingTypes = {
  null: 'binary/null',
  binary: 'binary/plain',
  json: 'json/plain',
  protobufJson: 'json/protobuf',
  protobuf: 'binary/protobuf',
} as const;

/** Raised when a value cannot be encoded or a payload cannot be decoded: says which and why. */
export class PayloadConverterError extends Error {}
Object.defineProperty(PayloadConverterError.prototype, 'name', { value: 'PayloadConverterError' });

// TextEncoder is a Node/Web global; the sandbox installs it too.
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();
export const encodeUtf8 = (s: string): Uint8Array => utf8Encoder.encode(s);
export const decodeUtf8 = (b: Uint8Array | null | undefined): string => (b ? utf8Decoder.decode(b) : '');

export interface PayloadConverter {
  toPayload<T>(value: T): Payload;
  fromPayload<T>(payload: Payload): T;
}

/** One encoding of a composite converter: `toPayload` answers undefined for values it does not handle. */
export interface PayloadConverterWithEncoding {
  readonly encodingType: string;
  toPayload(value: unknown): Payload | undefined;
  fromPayload<T>(payload: Payload): T;
}

export function payloadEncoding(payload: Payload): string | undefined {
  const raw = payload.metadata?.encoding;
  return raw ? decodeUtf8(raw) : undefined;
}

function makePayload(encoding: string, data: Uint8Array, extra?: Record<string, string>): Payload {
  const metadata: Record<string, Uint8Array> = { encoding: encodeUtf8(encoding) };
  if (extra) for (const [k, v] of Object.entries(extra)) metadata[k] = encodeUtf8(v);
  return { metadata, data };
}

export class UndefinedPayloadConverter implements PayloadConverterWithEncoding {
  readonly encodingType = encodingTypes.null;
  toPayload(value: unknown): Payload | undefined {
    return value === undefined ? makePayload(this.encodingType, new Uint8Array(0)) : undefined;
  }
  fromPayload<T>(): T {
    return undefined as T;
  }
}

export class BinaryPayloadConverter implements PayloadConverterWithEncoding {
  readonly encodingType = encodingTypes.binary;
  toPayload(value: unknown): Payload | undefined {
    return value instanceof Uint8Array ? makePayload(this.encodingType, value) : undefined;
  }
  fromPayload<T>(payload: Payload): T {
    return (payload.data ?? new Uint8Array(0)) as T;
  }
}

export class JsonPayloadConverter implements PayloadConverterWithEncoding {
  readonly encodingType = encodingTypes.json;
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
  readonly encodingType = encodingTypes.protobufJson;
  constructor(private readonly root: ProtobufRoot) {}

  toPayload(value: unknown): Payload | undefined {
    const type = protobufTypeOf(value);
    if (!type) return undefined;
    const json = JSON.stringify(type.toObject(value as object, { longs: String, enums: String, bytes: String, json: true }));
    return makePayload(this.encodingType, encodeUtf8(json), { messageType: type.fullName.replace(/^\./, '') });
  }

  fromPayload<T>(payload: Payload): T {
    const name = decodeUtf8(payload.metadata?.messageType);
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

  toPayload<T>(value: T): Payload {
    for (const c of this.converters) {
      const payload = c.toPayload(value);
      if (payload) return payload;
    }
    throw new PayloadConverterError(`No payload converter can encode a value of type ${typeof value}`);
  }

  fromPayload<T>(payload: Payload): T {
    const encoding = payloadEncoding(payload);
    if (!encoding) throw new PayloadConverterError('Payload has no encoding metadata');
    const converter = this.converterByEncoding.get(encoding);
    if (!converter) throw new PayloadConverterError(`No payload converter for encoding ${encoding}`);
    return converter.fromPayload<T>(payload);
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

export function toPayloads(converter: PayloadConverter, ...values: unknown[]): Payload[] | undefined {
  return values.length === 0 ? undefined : values.map((v) => converter.toPayload(v));
}

export function fromPayloadsAtIndex<T>(converter: PayloadConverter, index: number, payloads?: Payload[] | null): T {
  const payload = payloads?.[index];
  return payload === undefined ? (undefined as T) : converter.fromPayload<T>(payload);
}

export function arrayFromPayloads(converter: PayloadConverter, payloads?: Payload[] | null): unknown[] {
  return payloads ? payloads.map((p) => converter.fromPayload(p)) : [];
}

export function mapToPayloads(converter: PayloadConverter, map: Record<string, unknown>): Record<string, Payload> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, converter.toPayload(v)]));
}

export function mapFromPayloads(
  converter: PayloadConverter,
  map?: Record<string, Payload> | null,
): Record<string, unknown> | undefined {
  if (!map) return undefined;
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, converter.fromPayload(v)]));
}
