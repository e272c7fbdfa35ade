/**
 * @durable/proto: the Temporal API schema (from @temporalio/proto) and grpc-js service definitions for
 * WorkflowService, OperatorService, TestService and grpc.health.v1.Health.
 *
 * @example
 * ```ts
 * import { temporal, grpcServiceDefinition, ServiceName } from '@durable/proto';
 * const def = grpcServiceDefinition(ServiceName.workflow);
 * const req = temporal.api.workflowservice.v1.GetSystemInfoRequest.create();
 * ```
 */
export { temporal, google, grpc, root } from '../lib/root.js';
export { ServiceName, serviceMethods, grpcServiceDefinition } from './services.js';
export type { RpcMethod, HttpRule } from './services.js';
/** protobufjs reflection types (Type, Enum, Field …), for code that walks the schema. */
export type * as protobuf from 'protobufjs';
export type {
  WorkflowServiceMethod,
  WorkflowServiceRequest,
  WorkflowServiceResponse,
  OperatorServiceMethod,
  OperatorServiceRequest,
  OperatorServiceResponse,
  WorkflowService,
  OperatorService,
  TestService,
} from './types.js';
export { Long, toLong, longToNumber, bytesToBase64, base64ToBytes } from './long.js';
export { rawServiceClient } from './raw-client.js';
/** @grpc/grpc-js as Durable's packages load it (bundled with protobufjs, for a faster start). */
export { grpcJs } from '../lib/vendor.js';
export type { RawCall, RawMessage } from './raw-client.js';
