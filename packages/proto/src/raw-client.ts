import type { Client, ChannelCredentials } from '@grpc/grpc-js';
import { grpcJs } from '../lib/vendor.js';
import { grpcServiceDefinition, ServiceName } from './services.js';

// Decoded protobufjs messages; callers read the fields they need.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RawMessage = Record<string, any>;
export type RawCall = (method: string, request: object) => Promise<RawMessage>;

/**
 * A bare gRPC client of one service that sends exactly the request object given: for tests, benchmarks and tools
 * that need requests a typed client would refuse to build.
 */
export function rawServiceClient(
  address: string,
  service: ServiceName = ServiceName.workflow,
  channelCredentials: ChannelCredentials = grpcJs.credentials.createInsecure(),
): { call: RawCall; close(): void } {
  const Ctor = grpcJs.makeGenericClientConstructor(grpcServiceDefinition(service), service);
  const client = new Ctor(address, channelCredentials) as Client & Record<string, unknown>;
  const call: RawCall = (method, request) =>
    new Promise((resolve, reject) => {
      const fn = client[method];
      if (typeof fn !== 'function') {
        reject(new Error(`${service} has no method ${method}`));
        return;
      }
      (fn as (req: object, cb: (err: Error | null, res: RawMessage) => void) => void).call(client, request, (err, res) =>
        err ? reject(err) : resolve(res),
      );
    });
  return { call, close: () => client.close() };
}
