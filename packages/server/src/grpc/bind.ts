import type { Metadata as GrpcMetadata, Server, ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import { google, grpcJs, grpcServiceDefinition, serviceMethods, type ServiceName } from '@durable/proto';
import type { ServiceError } from '../model/errors.js';
import { serializeEncodedHistory } from '../model/encoded-history.js';
import { callHandler, errorStatus, LazyCallContext, type CallSite, type Handler } from './call.js';

// The handler types live beside callHandler; service files import them from here too.
export type { CallContext, CallSite, CommitGate, Handler } from './call.js';

const { Metadata } = grpcJs;

function deadlineOf(call: ServerUnaryCall<object, object>): number {
  const d = call.getDeadline();
  if (d instanceof Date) return d.getTime();
  if (typeof d === 'number' && Number.isFinite(d)) return d;
  return Infinity;
}

function errorMetadata(err: ServiceError): GrpcMetadata {
  const md = new Metadata();
  if (err.detail) md.set('grpc-status-details-bin', Buffer.from(google.rpc.Status.encode(errorStatus(err)).finish()));
  return md;
}

/** Responses that carry a run's history, which handlers may give in its stored, encoded form. */
const WITH_HISTORY = new Set(['PollWorkflowTaskQueue', 'GetWorkflowExecutionHistory', 'GetWorkflowExecutionHistoryReverse']);

/**
 * Adds a service whose methods without a handler answer UNIMPLEMENTED, and whose errors become gRPC statuses.
 * Every answer waits for the commit of what was written before it, so a caller never sees state a crash could undo.
 */
export function bindService(server: Server, service: ServiceName, handlers: Record<string, Handler>, site: CallSite): void {
  const def = grpcServiceDefinition(service);
  for (const m of serviceMethods(service)) {
    if (!WITH_HISTORY.has(m.name)) continue;
    const field = () => m.responseType.fields.history!.id;
    def[m.name]!.responseSerialize = serializeEncodedHistory(field, def[m.name]!.responseSerialize);
  }
  const impl: Record<string, (call: ServerUnaryCall<object, object>, cb: sendUnaryData<object>) => void> = {};
  for (const name of Object.keys(def)) {
    const handler = handlers[name];
    impl[name] = (call, callback) => {
      const ctx = new LazyCallContext(deadlineOf(call), call.metadata);
      let answered = false;
      // grpc-js also reports 'cancelled' once a finished call's stream closes; only a live call needs aborting.
      call.on('cancelled', () => answered || ctx.cancel());
      callHandler(name, handler, call.request, ctx, site, (err, response) => {
        answered = true;
        if (err) callback({ code: err.code, details: err.message, metadata: errorMetadata(err) });
        else callback(null, response);
      });
    };
  }
  server.addService(def, impl);
}
