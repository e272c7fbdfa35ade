import type { ServiceDefinition, MethodDefinition } from '@grpc/grpc-js';
import type { Type } from 'protobufjs';
import { root, serviceSchema } from '../lib/root.js';

/** Fully-qualified names of the gRPC services Durable serves or calls. */
export const ServiceName = {
  workflow: 'temporal.api.workflowservice.v1.WorkflowService',
  operator: 'temporal.api.operatorservice.v1.OperatorService',
  test: 'temporal.api.testservice.v1.TestService',
  health: 'grpc.health.v1.Health',
} as const;
export type ServiceName = (typeof ServiceName)[keyof typeof ServiceName];

export interface RpcMethod {
  name: string;
  path: string;
  /** The request's message type, built from the schema on first use. */
  readonly requestType: Type;
  /** The response's message type, built from the schema on first use. */
  readonly responseType: Type;
}

const methodCache = new Map<string, RpcMethod[]>();

/** The unary methods of a service; their message types are built only when first read. */
export function serviceMethods(service: ServiceName): RpcMethod[] {
  let methods = methodCache.get(service);
  if (!methods) {
    methods = serviceSchema(service).map((m) => {
      let request: Type | undefined;
      let response: Type | undefined;
      return {
        name: m.name,
        path: `/${service}/${m.name}`,
        get requestType() {
          return (request ??= root.lookupType(m.requestType));
        },
        get responseType() {
          return (response ??= root.lookupType(m.responseType));
        },
      };
    });
    methodCache.set(service, methods);
  }
  return methods;
}

function encoder(type: () => Type): (value: object) => Buffer {
  // Objects built by our code already carry the schema's types (numbers for enums, Long or number for int64s),
  // so they encode directly; fromObject would copy every message a second time.
  return (value) => {
    const writer = type().encode(value);
    const bytes = writer.finish();
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}

function decoder(type: () => Type): (bytes: Buffer) => object {
  return (bytes) => type().decode(bytes);
}

/**
 * grpc-js service definition built from the schema. Requests and responses are protobufjs message objects on
 * both sides (decoded messages, or plain objects shaped like the schema's interfaces).
 */
export function grpcServiceDefinition(service: ServiceName): ServiceDefinition {
  const def: Record<string, MethodDefinition<object, object>> = {};
  for (const m of serviceMethods(service)) {
    def[m.name] = {
      path: m.path,
      requestStream: false,
      responseStream: false,
      requestSerialize: encoder(() => m.requestType),
      requestDeserialize: decoder(() => m.requestType),
      responseSerialize: encoder(() => m.responseType),
      responseDeserialize: decoder(() => m.responseType),
      originalName: m.name,
    };
  }
  return def;
}
