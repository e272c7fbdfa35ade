// Errors as one line a person can act on: the server's own message without gRPC's prefixes, and for a method the
// server does not serve, which command needs what.
import { grpcJs } from '@durable/proto';

const { status } = grpcJs;

interface GrpcLike {
  code: number;
  details?: string;
  message: string;
}

function grpcError(err: unknown): GrpcLike | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number' && typeof (e as { message?: unknown }).message === 'string') return e as GrpcLike;
  }
  return undefined;
}

/** The message a user sees for an error a command threw (without the "durable:" prefix). */
export function describeError(err: unknown, command: string): string {
  const grpc = grpcError(err);
  if (grpc?.code === status.UNIMPLEMENTED) {
    return `the server does not support "${command}" (UNIMPLEMENTED: ${grpc.details || 'method not implemented'}); it works against a server that serves it`;
  }
  const message = err instanceof Error ? err.message : String(err);
  const oneLine = message.replace(/^\d+ [A-Z_]+: /, '').replace(/\s*\n\s*/g, ' ');
  if (grpc?.code === status.DEADLINE_EXCEEDED && !/timed out|deadline/i.test(oneLine)) return `the server did not answer in time: ${oneLine}`;
  return oneLine;
}
