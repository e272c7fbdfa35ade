export { temporal, google, grpc } from '@temporalio/proto';
import type * as protos from '@temporalio/proto';
export declare const root: typeof protos & import('protobufjs').Root;
