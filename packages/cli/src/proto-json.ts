// API messages as the temporal CLI prints them in JSON: proto3 JSON with payloads shown as their JSON values
// (--no-json-shorthand-payloads keeps them as {metadata, data}).
import { root } from '@durable/proto';
import { messageToJson, type Json } from '@durable/server';
import type { Flags } from './flags.js';

/** `message` of the API type `typeName` (e.g. temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse). */
export function protoJson(typeName: string, message: object, flags?: Flags): Json {
  return messageToJson(root.lookupType(typeName), message, { payloadShorthand: !flags?.bool('no-json-shorthand-payloads') });
}

export const WS = (name: string) => `temporal.api.workflowservice.v1.${name}`;
export const OS = (name: string) => `temporal.api.operatorservice.v1.${name}`;
