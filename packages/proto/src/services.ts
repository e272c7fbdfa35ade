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

/** One HTTP binding of a method (a google.api.http rule or one of its additional_bindings). */
export interface HttpRule {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** path template, e.g. `/api/v1/namespaces/{namespace}/workflows/{execution.workflow_id}` */
  path: string;
  /** '' (no body), '*' (the whole request) or the request field (snake_case path) the body fills */
  body: string;
}

export interface RpcMethod {
  name: string;
  path: string;
  /** Every HTTP binding the schema gives the method, in the order declared (none for most worker RPCs). */
  http: HttpRule[];
  /** The request's message type, built from the schema on first use. */
  readonly requestType: Type;
  /** The response's message type, built from the schema on first use. */
  readonly responseType: Type;
}

const methodCache = new Map<string, RpcMethod[]>();
const VERBS = ['get', 'post', 'put', 'delete', 'patch'] as const;

/** Flattens the google.api.http option: the rule itself, then its additional_bindings (one object or a list). */
function httpRules(options: Record<string, unknown>[]): HttpRule[] {
  const rules: HttpRule[] = [];
  const add = (binding: Record<string, unknown>) => {
    const verb = VERBS.find((v) => typeof binding[v] === 'string');
    if (verb) rules.push({ method: verb.toUpperCase() as HttpRule['method'], path: binding[verb] as string, body: (binding.body as string) ?? '' });
    const more = binding.additional_bindings;
    for (const b of Array.isArray(more) ? more : more ? [more] : []) add(b as Record<string, unknown>);
  };
  for (const option of options) {
    const http = option['(google.api.http)'];
    if (http && typeof http === 'object') add(http as Record<string, unknown>);
  }
  return rules;
}

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
        http: httpRules(m.options),
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
