// A handle to one workflow (by id, optionally pinned to a run): result, signals, queries, updates, cancel,
// terminate, describe and history. Its type, WorkflowHandle, is declared with the client (workflow-client.ts).
import { nanoid } from 'nanoid';
import { temporal } from '@durable/proto';
import {
  CancelledFailure,
  RetryState,
  TerminatedFailure,
  TimeoutFailure,
  TimeoutType,
  arrayFromPayloads,
  decodeFailure,
  decodeOptionalPayloads,
  decodeRetryState,
  encodeOptionalPayloads,
  toPayloads,
} from '@durable/common';
import { WorkflowContinuedAsNewError, WorkflowFailedError, ValueError } from './errors.js';
import { rethrowGrpcError } from './grpc-errors.js';
import { composeInterceptors, type WorkflowQueryInput } from './interceptors.js';
import { decodeExecutionInfo, type WorkflowExecutionDescription } from './describe.js';
import type { WorkflowClientContext } from './workflow-client-context.js';
import { decodeFirst, decodeUserMetadataField, encodeArgs } from './payloads.js';
import { UpdateCalls, type WorkflowUpdateHandle } from './update.js';

const Enums = temporal.api.enums.v1;
type History = temporal.api.history.v1.IHistory;

/** A signal, query or update definition (from defineSignal / defineQuery / defineUpdate) or its bare name. */
export type Definition<Args extends unknown[] = unknown[]> = string | { name: string; readonly __args?: Args };

function nameOf(def: Definition, kind: string): string {
  const name = typeof def === 'string' ? def : def?.name;
  if (!name) throw new ValueError(`A ${kind} needs a name or a definition`);
  return name;
}

/** What a handle calls on the client that made it (a WorkflowClient): the handle keeps it as its `client`. */
export interface HandleClient {
  result<T>(workflowId: string, runId?: string, opts?: { followRuns?: boolean }): Promise<T>;
  queryHandler(input: WorkflowQueryInput): Promise<unknown>;
}

export class WorkflowHandleImpl<T, C extends HandleClient> {
  readonly workflowId: string;
  readonly runId?: string;
  readonly firstExecutionRunId?: string;
  private readonly followRuns: boolean;
  private readonly updates: UpdateCalls;

  constructor(
    readonly client: C,
    private readonly ctx: WorkflowClientContext,
    opts: { workflowId: string; runId?: string; firstExecutionRunId?: string; followRuns: boolean },
  ) {
    this.workflowId = opts.workflowId;
    this.runId = opts.runId;
    this.firstExecutionRunId = opts.firstExecutionRunId;
    this.followRuns = opts.followRuns;
    this.updates = new UpdateCalls(ctx);
  }

  private get execution() {
    return { workflowId: this.workflowId, runId: this.runId };
  }

  /** Waits for the run to close (following continue-as-new, retries and cron unless followRuns is false). */
  result(): Promise<T> {
    return this.client.result<T>(this.workflowId, this.runId ?? this.firstExecutionRunId, { followRuns: this.followRuns });
  }

  async signal<Args extends unknown[]>(def: Definition<Args>, ...args: Args): Promise<void> {
    const signalName = nameOf(def, 'signal');
    const fn = composeInterceptors(this.ctx.interceptors, 'signal', async (input) => {
      const { service, namespace, identity, dataConverter } = this.ctx;
      const payloads = await encodeArgs(dataConverter, `Signal ${input.signalName}`, input.args);
      try {
        await service.signalWorkflowExecution({
          namespace,
          identity,
          requestId: nanoid(),
          workflowExecution: input.workflowExecution,
          signalName: input.signalName,
          input: { payloads },
          header: { fields: input.headers },
        });
      } catch (err) {
        rethrowGrpcError(err, `Failed to signal workflow ${input.workflowExecution.workflowId}`, input.workflowExecution);
      }
    });
    await fn({ signalName, args, workflowExecution: this.execution, headers: {} });
  }

  async query<R = unknown, Args extends unknown[] = unknown[]>(def: Definition<Args>, ...args: Args): Promise<R> {
    const queryType = nameOf(def, 'query');
    const fn = composeInterceptors(this.ctx.interceptors, 'query', (input) => this.client.queryHandler(input));
    return (await fn({ queryType, args, workflowExecution: this.execution, headers: {} })) as R;
  }

  async executeUpdate<R = unknown, Args extends unknown[] = unknown[]>(
    def: Definition<Args>,
    options?: { args?: Args; updateId?: string },
  ): Promise<R> {
    const handle = await this.updates.start<R>(this.execution, this.firstExecutionRunId, nameOf(def, 'update'), {
      args: options?.args ?? [],
      updateId: options?.updateId,
      waitForStage: 'COMPLETED',
    });
    return handle.result();
  }

  startUpdate<R = unknown, Args extends unknown[] = unknown[]>(
    def: Definition<Args>,
    options: { args?: Args; updateId?: string; waitForStage: 'ACCEPTED' },
  ): Promise<WorkflowUpdateHandle<R>> {
    if (options?.waitForStage !== 'ACCEPTED') throw new ValueError("startUpdate needs waitForStage: 'ACCEPTED'");
    return this.updates.start<R>(this.execution, this.firstExecutionRunId, nameOf(def, 'update'), {
      args: options.args ?? [],
      updateId: options.updateId,
      waitForStage: 'ACCEPTED',
    });
  }

  getUpdateHandle<R = unknown>(updateId: string, workflowId?: string, options?: { workflowRunId?: string }): WorkflowUpdateHandle<R> {
    return this.updates.handle<R>(updateId, workflowId ?? this.workflowId, options?.workflowRunId ?? this.runId);
  }

  async cancel() {
    const fn = composeInterceptors(this.ctx.interceptors, 'cancel', async (input) => {
      try {
        return await this.ctx.service.requestCancelWorkflowExecution({
          namespace: this.ctx.namespace,
          identity: this.ctx.identity,
          requestId: nanoid(),
          workflowExecution: input.workflowExecution,
          firstExecutionRunId: input.firstExecutionRunId,
        });
      } catch (err) {
        rethrowGrpcError(err, `Failed to cancel workflow ${this.workflowId}`, input.workflowExecution);
      }
    });
    return fn({ workflowExecution: this.execution, firstExecutionRunId: this.firstExecutionRunId });
  }

  async terminate(reason?: string) {
    const fn = composeInterceptors(this.ctx.interceptors, 'terminate', async (input) => {
      const dc = this.ctx.dataConverter;
      try {
        return await this.ctx.service.terminateWorkflowExecution({
          namespace: this.ctx.namespace,
          identity: this.ctx.identity,
          workflowExecution: input.workflowExecution,
          reason: input.reason,
          details: input.details?.length
            ? { payloads: await encodeOptionalPayloads(dc.payloadCodecs, toPayloads(dc.payloadConverter, ...input.details)) }
            : undefined,
          firstExecutionRunId: input.firstExecutionRunId,
        });
      } catch (err) {
        rethrowGrpcError(err, `Failed to terminate workflow ${this.workflowId}`, input.workflowExecution);
      }
    });
    return fn({ workflowExecution: this.execution, reason, firstExecutionRunId: this.firstExecutionRunId });
  }

  async describe(): Promise<WorkflowExecutionDescription> {
    const fn = composeInterceptors(this.ctx.interceptors, 'describe', async (input) => {
      try {
        return await this.ctx.service.describeWorkflowExecution({ namespace: this.ctx.namespace, execution: input.workflowExecution });
      } catch (err) {
        rethrowGrpcError(err, `Failed to describe workflow ${this.workflowId}`, input.workflowExecution);
      }
    });
    const res = await fn({ workflowExecution: this.execution });
    const info = await decodeExecutionInfo(res.workflowExecutionInfo ?? {}, this.ctx.dataConverter);
    const metadata = res.executionConfig?.userMetadata;
    return {
      ...info,
      raw: { ...info.raw, description: res },
      staticSummary: () => decodeUserMetadataField(this.ctx.dataConverter, metadata?.summary),
      staticDetails: () => decodeUserMetadataField(this.ctx.dataConverter, metadata?.details),
    };
  }

  async fetchHistory(): Promise<History> {
    const events: temporal.api.history.v1.IHistoryEvent[] = [];
    let nextPageToken: Uint8Array | undefined;
    do {
      let res;
      try {
        res = await this.ctx.service.getWorkflowExecutionHistory({
          namespace: this.ctx.namespace,
          execution: this.execution,
          nextPageToken,
        });
      } catch (err) {
        rethrowGrpcError(err, `Failed to fetch the history of workflow ${this.workflowId}`, this.execution);
      }
      events.push(...(res.history?.events ?? []));
      nextPageToken = res.nextPageToken?.length ? res.nextPageToken : undefined;
    } while (nextPageToken);
    return { events };
  }
}

/** The result of a workflow, waited for with long polls of its close event. */
export async function awaitWorkflowResult<T>(ctx: WorkflowClientContext, workflowId: string, firstRunId: string | undefined, followRuns: boolean): Promise<T> {
  const { service, namespace, dataConverter: dc } = ctx;
  let runId = firstRunId;
  let nextPageToken: Uint8Array | undefined;
  for (;;) {
    let res;
    try {
      res = await service.getWorkflowExecutionHistory({
        namespace,
        execution: { workflowId: workflowId, runId },
        waitNewEvent: true,
        historyEventFilterType: Enums.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT,
        skipArchival: true,
        nextPageToken,
      });
    } catch (err) {
      rethrowGrpcError(err, `Failed to get the result of workflow ${workflowId}`, { workflowId: workflowId, runId });
    }
    const event = res.history?.events?.[0];
    if (!event) {
      // The long poll ended before the run closed: ask again from where it stopped.
      nextPageToken = res.nextPageToken?.length ? res.nextPageToken : undefined;
      continue;
    }
    nextPageToken = undefined;
    const next = (newRunId: string | null | undefined) => (followRuns && newRunId ? newRunId : undefined);
    if (event.workflowExecutionCompletedEventAttributes) {
      const a = event.workflowExecutionCompletedEventAttributes;
      if ((runId = next(a.newExecutionRunId))) continue;
      return decodeFirst<T>(dc, a.result?.payloads);
    }
    if (event.workflowExecutionFailedEventAttributes) {
      const a = event.workflowExecutionFailedEventAttributes;
      if ((runId = next(a.newExecutionRunId))) continue;
      const failure = a.failure ? await decodeFailure(dc.payloadCodecs, a.failure) : undefined;
      throw new WorkflowFailedError(
        'Workflow execution failed',
        failure ? dc.failureConverter.failureToError(failure, dc.payloadConverter) : undefined,
        decodeRetryState(a.retryState),
      );
    }
    if (event.workflowExecutionCanceledEventAttributes) {
      const details = await decodeOptionalPayloads(dc.payloadCodecs, event.workflowExecutionCanceledEventAttributes.details?.payloads);
      throw new WorkflowFailedError(
        'Workflow execution cancelled',
        new CancelledFailure('Workflow cancelled', arrayFromPayloads(dc.payloadConverter, details)),
        RetryState.NON_RETRYABLE_FAILURE,
      );
    }
    if (event.workflowExecutionTerminatedEventAttributes) {
      const reason = event.workflowExecutionTerminatedEventAttributes.reason;
      throw new WorkflowFailedError(
        reason || 'Workflow execution terminated',
        new TerminatedFailure(reason || 'Workflow execution terminated'),
        RetryState.NON_RETRYABLE_FAILURE,
      );
    }
    if (event.workflowExecutionTimedOutEventAttributes) {
      const a = event.workflowExecutionTimedOutEventAttributes;
      if ((runId = next(a.newExecutionRunId))) continue;
      throw new WorkflowFailedError(
        'Workflow execution timed out',
        new TimeoutFailure('Workflow execution timed out', undefined, TimeoutType.START_TO_CLOSE),
        decodeRetryState(a.retryState),
      );
    }
    if (event.workflowExecutionContinuedAsNewEventAttributes) {
      const newRunId = event.workflowExecutionContinuedAsNewEventAttributes.newExecutionRunId ?? '';
      if (!followRuns) throw new WorkflowContinuedAsNewError('Workflow execution continued as new', newRunId);
      runId = newRunId;
      continue;
    }
    throw new ValueError(`Workflow ${workflowId} closed with an unexpected event type ${event.eventType}`);
  }
}
