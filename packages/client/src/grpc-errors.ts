// Turns gRPC errors from the server into the client's error classes, as the official client does.
import { google, grpcJs, temporal } from '@durable/proto';
import { NamespaceNotFoundError, ServiceError, WorkflowNotFoundError, isGrpcServiceError } from './errors.js';

const { status } = grpcJs;

interface StatusDetail {
  type: string;
  value: Uint8Array;
}

/** The typed details Temporal attaches to errors (google.rpc.Status in `grpc-status-details-bin`). */
export function grpcStatusDetails(err: unknown): StatusDetail[] {
  if (!isGrpcServiceError(err)) return [];
  const raw = err.metadata?.get('grpc-status-details-bin')?.[0];
  if (!raw || typeof raw === 'string') return [];
  try {
    const st = google.rpc.Status.decode(raw);
    return (st.details ?? []).map((d) => ({ type: (d.type_url ?? '').replace(/^.*\//, ''), value: d.value ?? new Uint8Array() }));
  } catch {
    return [];
  }
}

/** Server message without grpc-js's "5 NOT_FOUND: " prefix. */
export function grpcMessage(err: unknown): string {
  if (isGrpcServiceError(err)) return err.details || err.message.replace(/^\d+ [A-Z_]+: /, '');
  return err instanceof Error ? err.message : String(err);
}

/** Throws the specific error for namespace-not-found; otherwise does nothing. */
export function rethrowKnownErrorTypes(err: unknown): void {
  for (const d of grpcStatusDetails(err)) {
    if (d.type === 'temporal.api.errordetails.v1.NamespaceNotFoundFailure') {
      const { namespace } = temporal.api.errordetails.v1.NamespaceNotFoundFailure.decode(d.value);
      throw new NamespaceNotFoundError(namespace);
    }
  }
}

/** NOT_FOUND becomes WorkflowNotFoundError; other gRPC errors a ServiceError saying what was being done. */
export function rethrowGrpcError(
  err: unknown,
  doing: string,
  execution?: { workflowId: string; runId?: string },
): never {
  if (!isGrpcServiceError(err)) throw err;
  rethrowKnownErrorTypes(err);
  if (err.code === status.NOT_FOUND && execution) {
    throw new WorkflowNotFoundError(grpcMessage(err) || 'Workflow not found', execution.workflowId, execution.runId);
  }
  throw new ServiceError(`${doing}: ${grpcMessage(err)}`, { cause: err });
}
