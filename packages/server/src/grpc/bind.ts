import type { Metadata as GrpcMetadata, Server, ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import { google, grpcJs, grpcServiceDefinition, root, serviceMethods, type ServiceName } from '@durable/proto';
import { ServiceError } from '../model/errors.js';
import { serializeEncodedHistory } from '../model/encoded-history.js';
import type { Logger } from '../model/logger.js';

const { Metadata, status } = grpcJs;

export interface CallContext {
  /** aborted when the caller cancels or disconnects */
  signal: AbortSignal;
  /** epoch ms by which the caller wants an answer (Infinity when it set no deadline) */
  deadline: number;
  metadata: GrpcMetadata;
}

// Handlers receive decoded protobufjs messages whose exact class depends on the method.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler = (request: any, ctx: CallContext) => Promise<object> | object;

function deadlineOf(call: ServerUnaryCall<object, object>): number {
  const d = call.getDeadline();
  if (d instanceof Date) return d.getTime();
  if (typeof d === 'number' && Number.isFinite(d)) return d;
  return Infinity;
}

function errorMetadata(err: ServiceError): GrpcMetadata {
  const md = new Metadata();
  if (err.detail) {
    const type = root.lookupType(err.detail.type);
    const detail = google.protobuf.Any.create({
      type_url: `type.googleapis.com/${err.detail.type}`,
      value: type.encode(type.fromObject(err.detail.value)).finish(),
    });
    const st = google.rpc.Status.encode({ code: err.code, message: err.message, details: [detail] }).finish();
    md.set('grpc-status-details-bin', Buffer.from(st));
  }
  return md;
}

/** Responses that carry a run's history, which handlers may give in its stored, encoded form. */
const WITH_HISTORY = new Set(['PollWorkflowTaskQueue', 'GetWorkflowExecutionHistory', 'GetWorkflowExecutionHistoryReverse']);

/** Answers are held until what the handler wrote is committed (the engine's group commit). */
export interface CommitGate {
  afterCommit(committed: () => void, failed: (err: Error) => void): void;
}

/**
 * Adds a service whose methods without a handler answer UNIMPLEMENTED, and whose errors become gRPC statuses.
 * Every answer waits for the commit of what was written before it, so a caller never sees state a crash could undo.
 */
export function bindService(server: Server, service: ServiceName, handlers: Record<string, Handler>, logger: Logger, gate: CommitGate): void {
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
      if (!handler) {
        callback({ code: status.UNIMPLEMENTED, details: `${name} is not implemented by the Durable dev server` });
        return;
      }
      const abort = new AbortController();
      let answered = false;
      // grpc-js also reports 'cancelled' once a finished call's stream closes; only a live call needs aborting.
      call.on('cancelled', () => answered || abort.abort());
      const ctx: CallContext = { signal: abort.signal, deadline: deadlineOf(call), metadata: call.metadata };
      let result: Promise<object> | object;
      try {
        result = handler(call.request, ctx);
      } catch (err) {
        fail(err);
        return;
      }
      if (result instanceof Promise) result.then(succeed, fail);
      else succeed(result);

      function succeed(r: object): void {
        answered = true;
        gate.afterCommit(
          () => callback(null, r),
          (err) => callback({ code: status.UNAVAILABLE, details: `${name} could not be stored: ${err.message}` }),
        );
      }
      function fail(err: unknown): void {
        answered = true;
        gate.afterCommit(() => answerError(err), () => answerError(err));
      }
      function answerError(err: unknown): void {
        if (err instanceof ServiceError) {
          logger.debug('rpc error', { method: name, code: status[err.code], message: err.message });
          callback({ code: err.code, details: err.message, metadata: errorMetadata(err) });
          return;
        }
        logger.error('rpc failed', { method: name, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
        callback({ code: status.INTERNAL, details: `${name} failed: ${err instanceof Error ? err.message : String(err)}` });
      }
    };
  }
  server.addService(def, impl);
}
