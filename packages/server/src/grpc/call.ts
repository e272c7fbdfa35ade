// One call of a service handler, as every transport makes it: the gRPC binding and the HTTP API both run a handler
// through callHandler, so waiting for the group commit and turning failures into statuses is written once.
import type { Metadata as GrpcMetadata } from '@grpc/grpc-js';
import { google, grpcJs, root } from '@durable/proto';
import { ServiceError } from '../model/errors.js';
import type { Logger } from '../model/logger.js';
import type { ServerMetrics, Transport } from '../infra/metrics.js';

const { status } = grpcJs;

export interface CallContext {
  /** aborted when the caller cancels or disconnects */
  signal: AbortSignal;
  /** epoch ms by which the caller wants an answer (Infinity when it set no deadline) */
  deadline: number;
  metadata: GrpcMetadata;
}

/**
 * A call's context whose AbortSignal is made when a handler first asks for it: most calls never wait. (A getter
 * on the class, not in an object literal: a getter closure per call gave every context a hidden class of its own.)
 */
export class LazyCallContext implements CallContext {
  private abort: AbortController | undefined;
  private cancelled = false;

  constructor(
    readonly deadline: number,
    readonly metadata: GrpcMetadata,
  ) {}

  get signal(): AbortSignal {
    if (!this.abort) {
      this.abort = new AbortController();
      if (this.cancelled) this.abort.abort();
    }
    return this.abort.signal;
  }

  cancel(): void {
    this.cancelled = true;
    this.abort?.abort();
  }
}

// Handlers receive decoded protobufjs messages whose exact class depends on the method.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler = (request: any, ctx: CallContext) => Promise<object> | object;

/** Answers are held until what the handler wrote is committed (the engine's group commit). */
export interface CommitGate {
  afterCommit(committed: () => void, failed: (err: Error) => void): void;
}

/** What a transport answers: the handler's response, or a status error (never a bare exception). */
export type Answer = (error: ServiceError | null, response?: object) => void;

/** Where a transport's calls run: the commit they wait for, the log, and the metrics that count them. */
export interface CallSite {
  gate: CommitGate;
  logger: Logger;
  metrics: ServerMetrics;
  transport: Transport;
}

/** 'OK', 'NOT_FOUND', ... as gRPC names the codes. */
const CODE_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(status)
    .filter(([, code]) => typeof code === 'number')
    .map(([name, code]) => [code, name]),
);

/**
 * Runs `handler` (UNIMPLEMENTED when there is none) and answers once what it wrote is committed, so a caller never
 * sees state a crash could undo. A ServiceError is answered as it is; anything else a handler throws is a bug,
 * logged with its stack and answered INTERNAL. Each answer is counted and timed by RPC and status code.
 */
export function callHandler(method: string, handler: Handler | undefined, request: object, ctx: CallContext, site: CallSite, reply: Answer): void {
  const { gate, logger, metrics, transport } = site;
  const began = performance.now();
  const answer: Answer = (err, response) => {
    metrics.rpc(transport, method, CODE_NAMES[err ? err.code : status.OK] ?? String(err?.code), (performance.now() - began) / 1000);
    reply(err, response);
  };
  if (!handler) {
    answer(new ServiceError(status.UNIMPLEMENTED, `${method} is not implemented by the Durable dev server`));
    return;
  }
  let result: Promise<object> | object;
  try {
    result = handler(request, ctx);
  } catch (err) {
    fail(err);
    return;
  }
  if (result instanceof Promise) result.then(succeed, fail);
  else succeed(result);

  function succeed(response: object): void {
    gate.afterCommit(
      () => answer(null, response),
      (err) => answer(new ServiceError(status.UNAVAILABLE, `${method} could not be stored: ${err.message}`)),
    );
  }
  function fail(err: unknown): void {
    const mapped = asServiceError(method, err, logger);
    gate.afterCommit(
      () => answer(mapped),
      () => answer(mapped),
    );
  }
}

function asServiceError(method: string, err: unknown, logger: Logger): ServiceError {
  if (err instanceof ServiceError) {
    logger.debug('rpc error', { method, code: status[err.code], message: err.message });
    return err;
  }
  logger.error('rpc failed', { method, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  return new ServiceError(status.INTERNAL, `${method} failed: ${err instanceof Error ? err.message : String(err)}`);
}

/** The google.rpc.Status of an error, its detail (if any) packed as Any: what both transports send. */
export function errorStatus(err: ServiceError): google.rpc.IStatus {
  if (!err.detail) return { code: err.code, message: err.message, details: [] };
  const type = root.lookupType(err.detail.type);
  const detail = google.protobuf.Any.create({
    type_url: `type.googleapis.com/${err.detail.type}`,
    value: type.encode(type.fromObject(err.detail.value)).finish(),
  });
  return { code: err.code, message: err.message, details: [detail] };
}
