// Arguments and results through the data converter: payload converter, then codecs (and back).
import type { temporal } from '@durable/proto';
import {
  decodeOptionalPayloads,
  encodeOptionalPayloads,
  fromPayloadsAtIndex,
  toPayloads,
  toPayloadsWithContext,
  type LoadedDataConverter,
  type SerializationContext,
} from '@durable/common';
import { ValueError } from './errors.js';

/** Encodes values, naming the argument that cannot be encoded. */
export async function encodeArgs(dc: LoadedDataConverter, what: string, args: readonly unknown[]) {
  let payloads;
  try {
    payloads = toPayloads(dc.payloadConverter, ...args);
  } catch (err) {
    const index = args.findIndex((a) => {
      try {
        dc.payloadConverter.toPayload(a);
        return false;
      } catch {
        return true;
      }
    });
    throw new ValueError(`${what}: argument ${index} cannot be serialized: ${(err as Error).message}`, err);
  }
  return encodeOptionalPayloads(dc.payloadCodecs, payloads);
}

export async function decodeFirst<T>(dc: LoadedDataConverter, payloads: temporal.api.common.v1.IPayload[] | null | undefined): Promise<T> {
  return fromPayloadsAtIndex<T>(dc.payloadConverter, 0, await decodeOptionalPayloads(dc.payloadCodecs, payloads));
}

/** A summary and details as the user metadata of a start (each a payload, through the codecs); none when both unset. */
export async function encodeUserMetadata(
  dc: LoadedDataConverter,
  summary: string | undefined,
  details: string | undefined,
  context?: SerializationContext,
): Promise<temporal.api.sdk.v1.IUserMetadata | undefined> {
  if (summary == null && details == null) return undefined;
  const one = async (value: string | undefined) =>
    value == null ? undefined : (await encodeOptionalPayloads(dc.payloadCodecs, toPayloadsWithContext(dc.payloadConverter, context, [value])))?.[0];
  return { summary: await one(summary), details: await one(details) };
}

/** One payload of user metadata (a summary or details) back to its string. */
export async function decodeUserMetadataField(dc: LoadedDataConverter, payload: temporal.api.common.v1.IPayload | null | undefined): Promise<string | undefined> {
  if (!payload) return undefined;
  return (await decodeFirst<string | null>(dc, [payload])) ?? undefined;
}
