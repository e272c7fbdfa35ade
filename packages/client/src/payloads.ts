// Arguments and results through the data converter: payload converter, then codecs (and back).
import type { temporal } from '@durable/proto';
import {
  decodeOptionalPayloads,
  encodeOptionalPayloads,
  fromPayloadsAtIndex,
  toPayloads,
  type LoadedDataConverter,
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
