// Test-only: a bare gRPC client of WorkflowService that sends exactly what a test writes.
import { credentials, makeGenericClientConstructor, type Client } from '@grpc/grpc-js';
import { grpcServiceDefinition, ServiceName } from '@durable/proto';

// Decoded protobufjs messages; tests read the fields they assert on.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Message = Record<string, any>;
export type Call = (method: string, request: object) => Promise<Message>;

export function rawClient(address: string): { call: Call; close(): void } {
  const Ctor = makeGenericClientConstructor(grpcServiceDefinition(ServiceName.workflow), ServiceName.workflow);
  const client = new Ctor(address, credentials.createInsecure()) as Client & Record<string, unknown>;
  const call: Call = (method, request) =>
    new Promise((resolve, reject) => {
      const fn = client[method] as (req: object, cb: (err: Error | null, res: Message) => void) => void;
      fn.call(client, request, (err, res) => (err ? reject(err) : resolve(res)));
    });
  return { call, close: () => client.close() };
}
