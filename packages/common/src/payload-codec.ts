// Payload codecs (compression, encryption) run after the payload converter on the way out and before it on the way
// in, over every payload a message carries, including those nested in failures.
import type { ProtoFailure } from './failures.js';
import type { Payload, SerializationContext } from './payload-converter.js';

export interface PayloadCodec {
  encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]>;
  decode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]>;
}

export async function encodePayloads(codecs: readonly PayloadCodec[], payloads: Payload[]): Promise<Payload[]> {
  let out = payloads;
  for (const codec of codecs) out = await codec.encode(out);
  return out;
}

export async function decodePayloads(codecs: readonly PayloadCodec[], payloads: Payload[]): Promise<Payload[]> {
  let out = payloads;
  for (let i = codecs.length - 1; i >= 0; i--) out = await codecs[i]!.decode(out);
  return out;
}

export async function encodeOptionalPayloads(
  codecs: readonly PayloadCodec[],
  payloads: Payload[] | null | undefined,
): Promise<Payload[] | null | undefined> {
  return payloads && codecs.length ? encodePayloads(codecs, payloads) : payloads;
}

export async function decodeOptionalPayloads(
  codecs: readonly PayloadCodec[],
  payloads: Payload[] | null | undefined,
): Promise<Payload[] | null | undefined> {
  return payloads && codecs.length ? decodePayloads(codecs, payloads) : payloads;
}

type PayloadsFn = (codecs: readonly PayloadCodec[], payloads: Payload[] | null | undefined) => Promise<Payload[] | null | undefined>;

async function mapPayloadMap(
  fn: PayloadsFn,
  codecs: readonly PayloadCodec[],
  map: Record<string, Payload> | null | undefined,
): Promise<Record<string, Payload> | null | undefined> {
  if (!map || !codecs.length) return map;
  const keys = Object.keys(map);
  const values = (await fn(codecs, keys.map((k) => map[k]!))) ?? [];
  return Object.fromEntries(keys.map((k, i) => [k, values[i]!]));
}

export const encodePayloadMap = (codecs: readonly PayloadCodec[], map: Record<string, Payload> | null | undefined) =>
  mapPayloadMap(encodeOptionalPayloads, codecs, map);
export const decodePayloadMap = (codecs: readonly PayloadCodec[], map: Record<string, Payload> | null | undefined) =>
  mapPayloadMap(decodeOptionalPayloads, codecs, map);

async function mapFailure(fn: PayloadsFn, codecs: readonly PayloadCodec[], failure: ProtoFailure): Promise<ProtoFailure> {
  const one = async (p: Payload | null | undefined) => (p ? ((await fn(codecs, [p])) ?? [])[0] : p);
  const list = async (ps: { payloads?: Payload[] | null } | null | undefined) =>
    ps ? { payloads: await fn(codecs, ps.payloads) } : ps;
  const out: ProtoFailure = { ...failure, encodedAttributes: await one(failure.encodedAttributes) };
  if (failure.applicationFailureInfo) {
    out.applicationFailureInfo = { ...failure.applicationFailureInfo, details: await list(failure.applicationFailureInfo.details) };
  }
  if (failure.canceledFailureInfo) {
    out.canceledFailureInfo = { ...failure.canceledFailureInfo, details: await list(failure.canceledFailureInfo.details) };
  }
  if (failure.timeoutFailureInfo) {
    out.timeoutFailureInfo = {
      ...failure.timeoutFailureInfo,
      lastHeartbeatDetails: await list(failure.timeoutFailureInfo.lastHeartbeatDetails),
    };
  }
  if (failure.resetWorkflowFailureInfo) {
    out.resetWorkflowFailureInfo = {
      ...failure.resetWorkflowFailureInfo,
      lastHeartbeatDetails: await list(failure.resetWorkflowFailureInfo.lastHeartbeatDetails),
    };
  }
  if (failure.cause) out.cause = await mapFailure(fn, codecs, failure.cause);
  return out;
}

export async function encodeFailure(codecs: readonly PayloadCodec[], failure: ProtoFailure): Promise<ProtoFailure> {
  return codecs.length ? mapFailure(encodeOptionalPayloads, codecs, failure) : failure;
}

export async function decodeFailure(codecs: readonly PayloadCodec[], failure: ProtoFailure): Promise<ProtoFailure> {
  return codecs.length ? mapFailure(decodeOptionalPayloads, codecs, failure) : failure;
}
