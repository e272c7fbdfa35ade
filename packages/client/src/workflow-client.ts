// client.workflow: start, signal, query, update, cancel, terminate, describe, list and count workflows. With it, the
// WorkflowHandle it answers with and the WithStartWorkflowOperation it takes: the three name each other, so they
// live together (as in @temporalio/client); the handle's implementation is below, in workflow-handle.ts.
import { nanoid } from 'nanoid';
import { grpcJs, temporal, type WorkflowService } from '@durable/proto';
import {
  IllegalStateError,
  WorkflowExecutionAlreadyStartedError,
  encodePayloadMap,
  encodeSearchAttributes,
  mapToPayloads,
  type LoadedDataConverter,
  type WorkflowIdConflictPolicy,
} from '@durable/common';
import { ValueError, isGrpcServiceError, QueryNotRegisteredError, QueryRejectedError } from './errors.js';
import { grpcMessage, rethrowGrpcError, rethrowKnownErrorTypes } from './grpc-errors.js';
import {
  composeInterceptors,
  type Headers,
  type WorkflowClientInterceptor,
  type WorkflowExecution,
  type WorkflowSignalWithStartInput,
  type WorkflowStartInput,
} from './interceptors.js';
import { workflowStartRequest, type WorkflowOptions, type WorkflowSignalWithStartOptions } from './workflow-options.js';
import {
  decodeCount,
  decodeExecutionInfo,
  type CountWorkflowExecution,
  type WorkflowExecutionDescription,
  type WorkflowExecutionInfo,
} from './describe.js';
import { WorkflowHandleImpl, awaitWorkflowResult, type Definition } from './workflow-handle.js';
import { decodeFirst, encodeArgs, encodeUserMetadata } from './payloads.js';
import { BaseClient, baseOptions, type BaseClientOptions } from './base-client.js';
import { UpdateCalls, type WorkflowUpdateHandle, type WorkflowUpdateStage } from './update.js';
import { encodeQueryRejectCondition, type QueryRejectCondition } from './client-types.js';
import type { WorkflowClientContext } from './workflow-client-context.js';

const { status } = grpcJs;

const Enums = temporal.api.enums.v1;
const UpdateStage = Enums.UpdateWorkflowExecutionLifecycleStage;
type History = temporal.api.history.v1.IHistory;

/** A workflow function type; methods take it or its type name (only the name travels). */
export type Workflow = (...args: never[]) => Promise<unknown>;
type WorkflowResult<W> = W extends (...args: never[]) => Promise<infer R> ? R : unknown;

export interface WorkflowHandle<T = unknown> {
  readonly workflowId: string;
  /** The run this handle is pinned to, if any. */
  readonly runId?: string;
  /** The first run of the chain this handle follows (set by start). */
  readonly firstExecutionRunId?: string;
  readonly client: WorkflowClient;
  result(): Promise<T>;
  signal<Args extends unknown[]>(def: Definition<Args>, ...args: Args): Promise<void>;
  query<R = unknown, Args extends unknown[] = unknown[]>(def: Definition<Args>, ...args: Args): Promise<R>;
  executeUpdate<R = unknown, Args extends unknown[] = unknown[]>(
    def: Definition<Args>,
    options?: { args?: Args; updateId?: string },
  ): Promise<R>;
  startUpdate<R = unknown, Args extends unknown[] = unknown[]>(
    def: Definition<Args>,
    options: { args?: Args; updateId?: string; waitForStage: typeof WorkflowUpdateStage.ACCEPTED },
  ): Promise<WorkflowUpdateHandle<R>>;
  getUpdateHandle<R = unknown>(updateId: string, workflowId?: string, options?: { workflowRunId?: string }): WorkflowUpdateHandle<R>;
  cancel(): Promise<temporal.api.workflowservice.v1.IRequestCancelWorkflowExecutionResponse>;
  terminate(reason?: string): Promise<temporal.api.workflowservice.v1.ITerminateWorkflowExecutionResponse>;
  describe(): Promise<WorkflowExecutionDescription>;
  fetchHistory(): Promise<History>;
}

/**
 * Update-with-start: one request that starts a workflow (or, with a conflict policy, uses the running one) and
 * sends it an update, so neither can happen without the other. The operation describes the start, and hands back
 * the workflow's handle once the server answered.
 */
export class WithStartWorkflowOperation<T extends Workflow = Workflow> {
  #used = false;
  #resolve!: (handle: WorkflowHandle<unknown>) => void;
  #reject!: (err: unknown) => void;
  readonly #handle: Promise<WorkflowHandle<unknown>>;

  constructor(
    readonly workflowTypeOrFunc: string | T,
    /** The workflow's start options; `workflowIdConflictPolicy` is required (what to do when it already runs). */
    readonly options: WorkflowOptions & { workflowIdConflictPolicy: WorkflowIdConflictPolicy },
  ) {
    this.#handle = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // The caller of the update sees a failure too; nobody is obliged to ask for the handle.
    this.#handle.catch(() => undefined);
  }

  /** The started (or already running) workflow; rejects when the update-with-start failed. */
  async workflowHandle(): Promise<WorkflowHandle<WorkflowResult<T>>> {
    return (await this.#handle) as WorkflowHandle<WorkflowResult<T>>;
  }

  /** Marks the operation used (it can be sent once) and gives the means to settle its handle. */
  claim(): { resolve(handle: WorkflowHandle<unknown>): void; reject(err: unknown): void } {
    if (this.#used) throw new IllegalStateError('This WithStartWorkflowOperation instance has already been executed.');
    this.#used = true;
    return { resolve: this.#resolve, reject: this.#reject };
  }
}

export interface WorkflowClientOptions extends BaseClientOptions {
  interceptors?: WorkflowClientInterceptor[];
  /** When queries are refused because of the workflow's state. Default NONE. */
  queryRejectCondition?: QueryRejectCondition;
}

function workflowTypeName(workflow: Workflow | string): string {
  if (typeof workflow === 'string') return workflow;
  if (typeof workflow === 'function' && workflow.name) return workflow.name;
  throw new ValueError('Workflow must be given as a type name or a named function');
}

export interface WorkflowListOptions {
  /** A list filter, e.g. `WorkflowType = 'order' AND ExecutionStatus = 'Running'`. */
  query?: string;
  pageSize?: number;
}

export class WorkflowClient extends BaseClient {
  readonly options: { namespace: string; identity: string; loadedDataConverter: LoadedDataConverter; interceptors: WorkflowClientInterceptor[]; queryRejectCondition?: QueryRejectCondition };
  protected readonly ctx: WorkflowClientContext;

  constructor(options?: WorkflowClientOptions) {
    super(options);
    this.options = { ...baseOptions(options, this.dataConverter), interceptors: options?.interceptors ?? [], queryRejectCondition: options?.queryRejectCondition };
    this.ctx = {
      service: this.connection.workflowService,
      namespace: this.options.namespace,
      identity: this.options.identity,
      dataConverter: this.dataConverter,
      interceptors: this.options.interceptors,
      queryRejectCondition: encodeQueryRejectCondition(options?.queryRejectCondition),
    };
  }

  /** Raw gRPC access to WorkflowService. */
  get workflowService(): WorkflowService {
    return this.ctx.service;
  }

  /** Starts a workflow; the handle's `firstExecutionRunId` is the new run. */
  async start<W extends Workflow>(workflow: string | W, options: WorkflowOptions): Promise<WorkflowHandle<WorkflowResult<W>>> {
    const workflowType = workflowTypeName(workflow);
    workflowStartRequest(workflowType, options);
    const start = composeInterceptors(this.ctx.interceptors, 'start', (input) => this.startHandler(input));
    const runId = await start({ workflowType, options: { ...options, args: options.args ?? [] }, headers: {} });
    return this.handle(options.workflowId, undefined, runId, options.followRuns ?? true);
  }

  /** Waits for the workflow's result (following continue-as-new, retries and cron unless followRuns is false). */
  result<T = unknown>(workflowId: string, runId?: string, opts?: { followRuns?: boolean }): Promise<T> {
    return awaitWorkflowResult<T>(this.ctx, workflowId, runId, opts?.followRuns ?? true);
  }

  /** Starts a workflow and waits for its result. */
  async execute<W extends Workflow>(workflow: string | W, options: WorkflowOptions): Promise<WorkflowResult<W>> {
    const handle = await this.start<W>(workflow, options);
    return handle.result();
  }

  /** Signals a workflow, starting it first when it is not running. */
  async signalWithStart<W extends Workflow>(
    workflow: string | W,
    options: WorkflowSignalWithStartOptions,
  ): Promise<WorkflowHandle<WorkflowResult<W>> & { signaledRunId: string }> {
    const workflowType = workflowTypeName(workflow);
    workflowStartRequest(workflowType, options);
    const { signal, signalArgs = [], ...startOptions } = options;
    const signalName = typeof signal === 'string' ? signal : signal?.name;
    if (!signalName) throw new ValueError('signalWithStart needs a signal (a name or a definition)');
    const fn = composeInterceptors(this.ctx.interceptors, 'signalWithStart', (input) => this.signalWithStartHandler(input));
    const runId = await fn({ workflowType, signalName, signalArgs, options: { ...startOptions, args: startOptions.args ?? [] }, headers: {} });
    const handle = this.handle<WorkflowResult<W>>(options.workflowId, runId, runId, options.followRuns ?? true);
    return Object.assign(handle, { signaledRunId: runId });
  }

  /**
   * Starts the operation's workflow (or uses it if it runs, per its conflict policy) and sends it an update, in one
   * request; resolves once the update was accepted.
   */
  async startUpdateWithStart<R = unknown, Args extends unknown[] = unknown[]>(
    update: string | { name: string },
    options: { args?: Args; updateId?: string; waitForStage: 'ACCEPTED'; startWorkflowOperation: WithStartWorkflowOperation },
  ): Promise<WorkflowUpdateHandle<R>> {
    return this.updateWithStart<R>(update, options);
  }

  /** Like startUpdateWithStart, and waits for the update's result. */
  async executeUpdateWithStart<R = unknown, Args extends unknown[] = unknown[]>(
    update: string | { name: string },
    options: { args?: Args; updateId?: string; startWorkflowOperation: WithStartWorkflowOperation },
  ): Promise<R> {
    return (await this.updateWithStart<R>(update, { ...options, waitForStage: 'COMPLETED' })).result();
  }

  private async updateWithStart<R>(
    update: string | { name: string },
    options: { args?: unknown[]; updateId?: string; waitForStage: 'ACCEPTED' | 'COMPLETED'; startWorkflowOperation: WithStartWorkflowOperation },
  ): Promise<WorkflowUpdateHandle<R>> {
    const op = options.startWorkflowOperation;
    const settle = op.claim();
    const workflowType = workflowTypeName(op.workflowTypeOrFunc as Workflow | string);
    const workflowId = op.options.workflowId;
    try {
      if (!op.options.workflowIdConflictPolicy) throw new ValueError('WithStartWorkflowOperation needs a workflowIdConflictPolicy');
      workflowStartRequest(workflowType, op.options);
      const start = await this.startRequest({ workflowType, options: { ...op.options, args: op.options.args ?? [] }, headers: {} });
      const updateName = typeof update === 'string' ? update : update.name;
      const updates = new UpdateCalls(this.ctx);
      const request = await updates.request({
        updateName,
        args: options.args ?? [],
        workflowExecution: { workflowId },
        headers: {},
        options: { updateId: options.updateId ?? nanoid(), waitForStage: options.waitForStage },
      });
      for (;;) {
        let res;
        try {
          res = await this.ctx.service.executeMultiOperation({ namespace: this.ctx.namespace, operations: [{ startWorkflow: start }, { updateWorkflow: request }] });
        } catch (err) {
          throw alreadyStarted(err, { workflowType, options: op.options }) ?? rethrowGrpcError(err, `Failed to update-with-start workflow ${workflowType}`);
        }
        const runId = res.responses?.[0]?.startWorkflow?.runId ?? '';
        settle.resolve(this.handle(workflowId, undefined, runId, op.options.followRuns ?? true));
        const answer = res.responses?.[1]?.updateWorkflow;
        if (answer?.outcome || (answer?.stage ?? 0) >= UpdateStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED) {
          return updates.handle<R>(request.request.meta.updateId, workflowId, runId, answer?.outcome ?? undefined);
        }
      }
    } catch (err) {
      settle.reject(err);
      throw err;
    }
  }

  /** A handle to an existing workflow; no call is made until a method is used. */
  getHandle<T = unknown>(
    workflowId: string,
    runId?: string,
    options?: { firstExecutionRunId?: string; followRuns?: boolean },
  ): WorkflowHandle<T> {
    if (!workflowId) throw new ValueError('getHandle needs a workflowId');
    return this.handle<T>(workflowId, runId, options?.firstExecutionRunId, options?.followRuns ?? true);
  }

  /** Executions matching the query, page by page, newest first. */
  list(options: WorkflowListOptions = {}): AsyncIterable<WorkflowExecutionInfo> {
    const { service, namespace, dataConverter } = this.ctx;
    return {
      async *[Symbol.asyncIterator]() {
        let nextPageToken: Uint8Array | undefined;
        do {
          let res;
          try {
            res = await service.listWorkflowExecutions({
              namespace,
              query: options.query ?? '',
              pageSize: options.pageSize ?? 1000,
              nextPageToken,
            });
          } catch (err) {
            rethrowGrpcError(err, 'Failed to list workflows');
          }
          for (const info of res.executions) yield await decodeExecutionInfo(info, dataConverter);
          nextPageToken = res.nextPageToken?.length ? res.nextPageToken : undefined;
        } while (nextPageToken);
      },
    };
  }

  /** How many executions match; with `GROUP BY ExecutionStatus`, per-group counts. */
  async count(query?: string): Promise<CountWorkflowExecution> {
    try {
      return decodeCount(await this.ctx.service.countWorkflowExecutions({ namespace: this.ctx.namespace, query: query ?? '' }));
    } catch (err) {
      rethrowGrpcError(err, 'Failed to count workflows');
    }
  }

  private handle<T>(workflowId: string, runId: string | undefined, firstExecutionRunId: string | undefined, followRuns: boolean): WorkflowHandle<T> {
    return new WorkflowHandleImpl<T, WorkflowClient>(this, this.ctx, { workflowId, runId, firstExecutionRunId, followRuns });
  }

  private async startRequest(input: WorkflowStartInput | WorkflowSignalWithStartInput) {
    const { options, workflowType } = input;
    const dc = this.ctx.dataConverter;
    return {
      ...workflowStartRequest(workflowType, options),
      namespace: this.ctx.namespace,
      identity: this.ctx.identity,
      requestId: nanoid(),
      input: { payloads: await encodeArgs(dc, `Starting ${workflowType}`, options.args ?? []) },
      memo: options.memo
        ? { fields: await encodePayloadMap(dc.payloadCodecs, encodeMemo(dc, workflowType, options.memo)) }
        : undefined,
      searchAttributes: searchAttributes(options),
      header: { fields: input.headers },
      userMetadata: await encodeUserMetadata(dc, options.staticSummary, options.staticDetails, { type: 'workflow', namespace: this.ctx.namespace, workflowId: options.workflowId }),
    };
  }

  private async startHandler(input: WorkflowStartInput): Promise<string> {
    const request = await this.startRequest(input);
    try {
      return (await this.ctx.service.startWorkflowExecution(request)).runId;
    } catch (err) {
      throw alreadyStarted(err, input) ?? rethrowGrpcError(err, `Failed to start workflow ${input.workflowType}`);
    }
  }

  private async signalWithStartHandler(input: WorkflowSignalWithStartInput): Promise<string> {
    const request = await this.startRequest(input);
    const signalInput = { payloads: await encodeArgs(this.ctx.dataConverter, `Signal ${input.signalName}`, input.signalArgs) };
    try {
      return (await this.ctx.service.signalWithStartWorkflowExecution({ ...request, signalName: input.signalName, signalInput }))
        .runId;
    } catch (err) {
      throw alreadyStarted(err, input) ?? rethrowGrpcError(err, `Failed to signalWithStart workflow ${input.workflowType}`);
    }
  }

  /** Used by handles, as the last step of the query interceptor chain. */
  async queryHandler(input: {
    queryType: string;
    args: unknown[];
    workflowExecution: WorkflowExecution;
    queryRejectCondition?: number;
    headers: Headers;
  }): Promise<unknown> {
    const dc = this.ctx.dataConverter;
    let res;
    try {
      res = await this.ctx.service.queryWorkflow({
        namespace: this.ctx.namespace,
        execution: input.workflowExecution,
        queryRejectCondition: input.queryRejectCondition ?? this.ctx.queryRejectCondition ?? Enums.QueryRejectCondition.QUERY_REJECT_CONDITION_NONE,
        query: {
          queryType: input.queryType,
          queryArgs: { payloads: await encodeArgs(dc, `Query ${input.queryType}`, input.args) },
          header: { fields: input.headers },
        },
      });
    } catch (err) {
      rethrowKnownErrorTypes(err);
      // As the official client: the server answers INVALID_ARGUMENT when the worker did not run the query.
      if (isGrpcServiceError(err) && err.code === status.INVALID_ARGUMENT) throw new QueryNotRegisteredError(grpcMessage(err), err.code);
      rethrowGrpcError(err, `Failed to query workflow ${input.workflowExecution.workflowId}`, input.workflowExecution);
    }
    if (res.queryRejected) {
      const code = res.queryRejected.status ?? 0;
      throw new QueryRejectedError(Enums.WorkflowExecutionStatus[code]?.replace('WORKFLOW_EXECUTION_STATUS_', '') ?? String(code));
    }
    return decodeFirst(dc, res.queryResult?.payloads);
  }
}

function encodeMemo(dc: LoadedDataConverter, workflowType: string, memo: Record<string, unknown>) {
  try {
    return mapToPayloads(dc.payloadConverter, memo);
  } catch (err) {
    throw new ValueError(`Starting ${workflowType}: memo cannot be serialized: ${(err as Error).message}`, err);
  }
}

function searchAttributes(options: WorkflowOptions) {
  if (!options.searchAttributes && !options.typedSearchAttributes) return undefined;
  try {
    return { indexedFields: encodeSearchAttributes(options.searchAttributes, options.typedSearchAttributes) };
  } catch (err) {
    throw new ValueError((err as Error).message, err);
  }
}

function alreadyStarted(err: unknown, input: { workflowType: string; options: WorkflowOptions }) {
  if (isGrpcServiceError(err) && err.code === status.ALREADY_EXISTS) {
    return new WorkflowExecutionAlreadyStartedError('Workflow execution already started', input.options.workflowId, input.workflowType);
  }
  return undefined;
}
