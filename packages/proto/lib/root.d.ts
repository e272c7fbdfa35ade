export { temporal, google, grpc } from '@temporalio/proto';
export declare const root: import('protobufjs').Root;
/** The methods of a service as the schema declares them (full type names), without building their message types. */
export declare function serviceSchema(
  service: string,
): { name: string; requestType: string; responseType: string; options: Record<string, unknown>[] }[];
