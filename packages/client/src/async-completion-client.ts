// Completing an activity from outside the worker that started it: the activity threw CompleteAsyncError and handed
// its task token (or its workflow and activity ids) to whatever will finish the work.
import { grpcJs } from '@durable/proto';
import { encodeFailure, encodeOptionalPayloads, ensureTemporalFailure, type ActivitySerializationContext, type LoadedDataConverter, type Payload } from '@durable/common';
import { BaseClient, baseOptions, type BaseClientOptions } from './base-client.js';
import {
  ActivityCancelledError,
  ActivityCompletionError,
  ActivityNotFoundError,
  ActivityPausedError,
  ActivityResetError,
  isGrpcServiceError,
} from './errors.js';
import { rethrowKnownErrorTypes } from './grpc-errors.js';
import type { WorkflowService } from '@durable/proto';

const { status } = grpcJs;

export type AsyncCompletionClientOptions = BaseClientOptions;

/** An activity named by ids instead of its task token; `workflowId` and `runId` for one started by a workflow. */
export interface FullActivityId {
  workflowId?: string;
  runId?: string;
  activityId: string;
}

export interface AsyncCompletionOperationOptions {
  serializationContext?: ActivitySerializationContext;
}

type Target = Uint8Array | FullActivityId;

export class AsyncCompletionClient extends BaseClient {
  readonly options: { namespace: string; identity: string; loadedDataConverter: LoadedDataConverter };

  constructor(options?: AsyncCompletionClientOptions) {
    super(options);
    this.options = baseOptions(options, this.dataConverter);
  }

  /** Raw gRPC access to WorkflowService. */
  get workflowService(): WorkflowService {
    return this.connection.workflowService;
  }

  /** Completes the activity with `result`. */
  async complete(target: Target, result: unknown): Promise<void> {
    const payloads = await this.payloads([result]);
    await this.send(target, (base) =>
      target instanceof Uint8Array
        ? this.workflowService.respondActivityTaskCompleted({ ...base, taskToken: target, result: { payloads } })
        : this.workflowService.respondActivityTaskCompletedById({ ...base, ...target, result: { payloads } }),
    );
  }

  /** Fails the activity with `err` (retried per its retry policy, as if thrown by the activity). */
  async fail(target: Target, err: unknown): Promise<void> {
    const dc = this.dataConverter;
    const failure = await encodeFailure(dc.payloadCodecs, dc.failureConverter.errorToFailure(ensureTemporalFailure(err), dc.payloadConverter));
    await this.send(target, (base) =>
      target instanceof Uint8Array
        ? this.workflowService.respondActivityTaskFailed({ ...base, taskToken: target, failure })
        : this.workflowService.respondActivityTaskFailedById({ ...base, ...target, failure }),
    );
  }

  /** Reports that the activity accepted its cancellation. */
  async reportCancellation(target: Target, details?: unknown): Promise<void> {
    const payloads = await this.payloads([details]);
    await this.send(target, (base) =>
      target instanceof Uint8Array
        ? this.workflowService.respondActivityTaskCanceled({ ...base, taskToken: target, details: { payloads } })
        : this.workflowService.respondActivityTaskCanceledById({ ...base, ...target, details: { payloads } }),
    );
  }

  /**
   * Records a heartbeat (progress `details`); throws ActivityCancelledError, ActivityPausedError or
   * ActivityResetError when the server answers that the activity should stop.
   */
  async heartbeat(target: Target, details?: unknown): Promise<void> {
    const payloads = await this.payloads([details]);
    const res = await this.send(target, (base) =>
      target instanceof Uint8Array
        ? this.workflowService.recordActivityTaskHeartbeat({ ...base, taskToken: target, details: { payloads } })
        : this.workflowService.recordActivityTaskHeartbeatById({ ...base, ...target, details: { payloads } }),
    );
    if (res.cancelRequested) throw new ActivityCancelledError('cancelled');
    if (res.activityReset) throw new ActivityResetError('reset');
    if (res.activityPaused) throw new ActivityPausedError('paused');
  }

  private async payloads(values: unknown[]): Promise<Payload[]> {
    const dc = this.dataConverter;
    return (await encodeOptionalPayloads(dc.payloadCodecs, values.map((v) => dc.payloadConverter.toPayload(v)))) ?? [];
  }

  private async send<R>(target: Target, call: (base: { namespace: string; identity: string }) => Promise<R>): Promise<R> {
    if (!(target instanceof Uint8Array) && !target?.activityId) throw new TypeError('An activity is named by its task token or by { activityId, workflowId?, runId? }');
    try {
      return await call({ namespace: this.options.namespace, identity: this.options.identity });
    } catch (err) {
      if (!isGrpcServiceError(err)) throw new ActivityCompletionError(`Unexpected failure: ${(err as Error)?.message ?? String(err)}`);
      rethrowKnownErrorTypes(err);
      if (err.code === status.NOT_FOUND) throw new ActivityNotFoundError(err.details || 'Not found');
      throw new ActivityCompletionError(err.details || err.message);
    }
  }
}
