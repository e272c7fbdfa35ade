// ESM face of @temporalio/proto: its CommonJS export is built at run time, so Node cannot see named exports.
import protos from '@temporalio/proto';

export const temporal = protos.temporal;
export const google = protos.google;
export const grpc = protos.grpc;
export const root = protos;
