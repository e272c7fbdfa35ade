// A bare gRPC client of WorkflowService/OperatorService, for requests the official client would refuse to send.
import { credentials, makeGenericClientConstructor, type Client, type ServiceError } from '@grpc/grpc-js';
import { grpcServiceDefinition, ServiceName } from '@durable/proto';

export type Call = (method: string, request: object) => Promise<Record<string, unknown>>;

export function rawClient(address: string, service: ServiceName = ServiceName.workflow): { call: Call; close(): void } {
  const Ctor = makeGenericClientConstructor(grpcServiceDefinition(service), service);
  const client = new Ctor(address, credentials.createInsecure()) as Client & Record<string, unknown>;
  const call: Call = (method, request) =>
    new Promise((resolve, reject) => {
      const fn = client[method] as (req: object, cb: (err: ServiceError | null, res: Record<string, unknown>) => void) => void;
      if (typeof fn !== 'function') {
        reject(new Error(`no method ${method}`));
        return;
      }
      fn.call(client, request, (err, res) => (err ? reject(err) : resolve(res)));
    });
  return { call, close: () => client.close() };
}
