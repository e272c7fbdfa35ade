// client.activity: standalone activities — started by a client and run by a worker's activity pollers, without a
// workflow — with @temporalio/client 1.24's ActivityClient API. It is also an AsyncCompletionClient, as upstream.
import { randomUUID } from 'node:crypto';
import { grpcJs, temporal, type google } from '@durable/proto';
import {
  arrayFromPayloads,
  compilePriority,
  compileRetryPolicy,
  convertDeploymentVersion,
  decodeFailure,
  decodeOptionalPayloads,
  decodePriority,
  decodeTypedSearchAttributes,
  decompileRetryPolicy,
  encodeOptionalPayloads,
  encodeSearchAttributes,
  fromPayloadsAtIndex,
  msOptionalToTs,
  type Duration,
  msToNumber,
  optionalTsToDate,
  optionalTsToMs,
  toPayloadsWithContext,
  type ActivitySerializationContext,
  type LoadedDataConverter,
  type Payload,
  type TypeInfo,
} from '@durable/common';
import { AsyncCompletionClient, type AsyncCompletionClientOptions } from './async-completion-client.js';
import {
  decodeActivityExecutionStatus,
  decodePendingActivityState,
  encodeActivityIdConflictPolicy,
  encodeActivityIdReusePolicy,
  type ActivityExecutionStatus,
} from './client-types.js';
import { decodeCount } from './describe.js';
import { encodeUserMetadata } from './payloads.js';
import { ActivityExecutionAlreadyStartedError, ActivityExecutionFailedError, ActivityNotFoundError, ServiceError, isGrpcServiceError } from './errors.js';
import { grpcMessage, grpcStatusDetails, rethrowKnownErrorTypes } from './grpc-errors.js';
import {
  composeInterceptors,
  type ActivityClientInterceptor,
  type ActivityDescribeInput,
  type ActivityGetResultInput,
  type ActivityStartInput,
} from './interceptors.js';
import type {
  ActivityDescribeOptions,
  ActivityExecutionDescription,
  ActivityExecutionInfo,
  ActivityHandle,
  ActivityOptions,
  ActivityOptionsUpdate,
  ActivityOptionsUpdateResult,
  CountActivityExecutions,
  GetActivityHandleOptions,
  TypedActivityClient,
} from './activity-types.js';

const { status } = grpcJs;
// protobufjs encodes numbers into int64 fields; the generated types only name Long.
const ts = (d: Duration | null | undefined) => msOptionalToTs(d) as unknown as google.protobuf.IDuration | undefined;
type ActivityService = temporal.api.activity.v1.IActivityExecutionInfo;

export interface ActivityClientOptions extends AsyncCompletionClientOptions {
  interceptors?: ActivityClientInterceptor[];
}

/** Starts and manages standalone activities; completes and heartbeats activities asynchronously (AsyncCompletionClient). */
export class ActivityClient extends AsyncCompletionClient implements TypedActivityClient<unknown> {
  readonly #interceptors: ActivityClientInterceptor[];

  constructor(options?: ActivityClientOptions) {
    super(options);
    this.#interceptors = options?.interceptors ?? [];
  }

  /** This client, typed by activity interface `T` (names, arguments and results are checked); no new object. */
  typed<T>(): TypedActivityClient<T> {
    return this as unknown as TypedActivityClient<T>;
  }

  /** Starts a standalone activity; the handle targets the run that was started. */
  async start<R = unknown>(activity: string, options: ActivityOptions): Promise<ActivityHandle<R>> {
    const start = composeInterceptors(this.#interceptors, 'start', (input) => this.startHandler(input));
    return (await start({ activityType: activity, options, headers: {} })) as ActivityHandle<R>;
  }

  /** Starts a standalone activity and waits for its result. */
  async execute<R = unknown>(activity: string, options: ActivityOptions): Promise<R> {
    return (await this.start<R>(activity, options)).result();
  }

  /**
   * A handle to the activity `activityId` (its run `runId`, or the newest run). No call is made here; an unknown
   * id fails the handle's methods. Without `runId` the handle's runId stays unset: describe() tells the run.
   */
  getHandle<R = unknown>(activityId: string, runId?: string): ActivityHandle<R> {
    return this.createHandle<R>(activityId, runId);
  }

  /** getHandle with the result's type information. */
  getHandleWithOptions<R = unknown>(activityId: string, options: GetActivityHandleOptions): ActivityHandle<R> {
    return this.createHandle<R>(activityId, options.runId, options.typeInfo?.outputType);
  }

  /** Activity executions matching a list filter (eventually consistent), page by page. */
  list(query: string): AsyncIterable<ActivityExecutionInfo> {
    const list = composeInterceptors(this.#interceptors, 'list', (input) => this.listHandler(input.query));
    return list({ query, headers: {} });
  }

  /** How many activity executions match a list filter; with GROUP BY, per group. */
  async count(query: string): Promise<CountActivityExecutions> {
    const count = composeInterceptors(this.#interceptors, 'count', async (input) => {
      try {
        return decodeCount(await this.workflowService.countActivityExecutions({ namespace: this.options.namespace, query: input.query }));
      } catch (err) {
        this.rethrowGrpcError(err, 'Failed to count activities');
      }
    });
    return count({ query, headers: {} });
  }

  protected createHandle<R>(activityId: string, runId?: string, outputType?: TypeInfo): ActivityHandle<R> {
    if (!activityId) throw new TypeError('activityId is required');
    const chain = this.#interceptors;
    const target = { activityId, activityRunId: runId ?? '', headers: {} };
    return {
      activityId,
      runId,
      result: async () => (await composeInterceptors(chain, 'getResult', (input) => this.getResultHandler(input))({ ...target, outputType })) as R,
      describe: (options?: ActivityDescribeOptions) =>
        composeInterceptors(chain, 'describe', (input) => this.describeHandler(input))({
          ...target,
          options: {
            includeInput: options?.includeInput ?? false,
            includeOutcome: options?.includeOutcome ?? false,
            includeHeartbeatDetails: options?.includeHeartbeatDetails ?? false,
            includeLastFailure: options?.includeLastFailure ?? false,
          },
        }),
      cancel: (reason) =>
        composeInterceptors(chain, 'cancel', (input) =>
          this.call('Failed to request activity cancellation', () =>
            this.workflowService.requestCancelActivityExecution({ ...this.request(input), reason: input.reason || undefined }),
          ),
        )({ ...target, reason }),
      terminate: (reason) =>
        composeInterceptors(chain, 'terminate', (input) =>
          this.call('Failed to terminate activity', () =>
            this.workflowService.terminateActivityExecution({ ...this.request(input), reason: input.reason || undefined }),
          ),
        )({ ...target, reason }),
      pause: (options) =>
        composeInterceptors(chain, 'pause', (input) =>
          this.call('Failed to request activity pause', () =>
            this.workflowService.pauseActivityExecution({ ...this.request(input), reason: input.options.reason || undefined }),
          ),
        )({ ...target, options: options ?? {} }),
      unpause: (options) =>
        composeInterceptors(chain, 'unpause', (input) =>
          this.call('Failed to request activity unpause', () =>
            this.workflowService.unpauseActivityExecution({
              ...this.request(input),
              reason: input.options.reason || undefined,
              jitter: ts(input.options.jitter),
            }),
          ),
        )({ ...target, options: options ?? {} }),
      updateOptions: (options) =>
        composeInterceptors(chain, 'updateOptions', async (input) => {
          const { activityOptions, paths } = optionsUpdate(input.options);
          let res;
          try {
            res = await this.workflowService.updateActivityExecutionOptions({ ...this.request(input), activityOptions, updateMask: { paths } });
          } catch (err) {
            this.rethrowGrpcError(err, 'Failed to update activity options');
          }
          return optionsUpdateResult(res.activityOptions);
        })({ ...target, options }),
      restoreOriginalOptions: () =>
        composeInterceptors(chain, 'restoreOriginalOptions', async (input) => {
          let res;
          try {
            res = await this.workflowService.updateActivityExecutionOptions({ ...this.request(input), restoreOriginal: true });
          } catch (err) {
            this.rethrowGrpcError(err, 'Failed to restore original activity options');
          }
          return optionsUpdateResult(res.activityOptions);
        })(target),
    };
  }

  protected async startHandler(input: ActivityStartInput): Promise<ActivityHandle> {
    if (!input.activityType) throw new TypeError('activityType is required');
    validateActivityOptions(input.options);
    const request = await this.buildStartActivityExecutionRequest(input, input.options.typeInfo?.inputTypes);
    try {
      const res = await this.workflowService.startActivityExecution(request);
      return this.createHandle(input.options.id, res.runId, input.options.typeInfo?.outputType);
    } catch (err) {
      if (isGrpcServiceError(err) && err.code === status.ALREADY_EXISTS) {
        const detail = grpcStatusDetails(err).find((d) => d.type === 'temporal.api.errordetails.v1.ActivityExecutionAlreadyStartedFailure');
        if (detail) {
          const { runId } = temporal.api.errordetails.v1.ActivityExecutionAlreadyStartedFailure.decode(detail.value);
          throw new ActivityExecutionAlreadyStartedError('Activity execution already started', input.options.id, runId);
        }
      }
      this.rethrowGrpcError(err, 'Failed to start activity');
    }
  }

  protected async buildStartActivityExecutionRequest(
    input: ActivityStartInput,
    inputTypes: readonly TypeInfo[] | undefined,
  ): Promise<temporal.api.workflowservice.v1.IStartActivityExecutionRequest> {
    const { options } = input;
    const context = this.context(options.id);
    const dc = this.dataConverter;
    return {
      namespace: this.options.namespace,
      identity: this.options.identity,
      requestId: randomUUID(),
      activityId: options.id,
      activityType: { name: input.activityType },
      taskQueue: { name: options.taskQueue },
      scheduleToCloseTimeout: ts(options.scheduleToCloseTimeout),
      scheduleToStartTimeout: ts(options.scheduleToStartTimeout),
      startToCloseTimeout: ts(options.startToCloseTimeout),
      heartbeatTimeout: ts(options.heartbeatTimeout),
      retryPolicy: options.retry ? compileRetryPolicy(options.retry) : undefined,
      input: { payloads: await encodeOptionalPayloads(dc.payloadCodecs, toPayloadsWithContext(dc.payloadConverter, context, [...(options.args ?? [])], inputTypes)) },
      idReusePolicy: encodeActivityIdReusePolicy(options.idReusePolicy),
      idConflictPolicy: encodeActivityIdConflictPolicy(options.idConflictPolicy),
      searchAttributes: options.typedSearchAttributes ? { indexedFields: encodeSearchAttributes(undefined, options.typedSearchAttributes) } : undefined,
      header: { fields: input.headers },
      userMetadata: await encodeUserMetadata(dc, options.summary, undefined, context),
      priority: options.priority ? compilePriority(options.priority) : undefined,
      startDelay: ts(options.startDelay),
    };
  }

  /** Long-polls the activity's outcome: PollActivityExecution answers without one when its poll ran out. */
  protected async getResultHandler(input: ActivityGetResultInput): Promise<unknown> {
    if (!input.activityId) throw new TypeError('activityId is required');
    const context = this.context(input.activityId);
    const dc = this.dataConverter;
    for (;;) {
      let res;
      try {
        res = await this.workflowService.pollActivityExecution({ namespace: this.options.namespace, activityId: input.activityId, runId: input.activityRunId || undefined });
      } catch (err) {
        this.rethrowGrpcError(err, 'Failed to get activity result');
      }
      if (res.outcome?.result) {
        return fromPayloadsAtIndex(dc.payloadConverter, 0, await decodeOptionalPayloads(dc.payloadCodecs, res.outcome.result.payloads), context, input.outputType);
      }
      if (res.outcome?.failure) {
        const cause = await this.decodeError(res.outcome.failure, context);
        throw new ActivityExecutionFailedError('Activity execution failed', cause, input.activityId, res.runId || input.activityRunId || undefined);
      }
    }
  }

  protected async describeHandler(input: ActivityDescribeInput): Promise<ActivityExecutionDescription> {
    if (!input.activityId) throw new TypeError('activityId is required');
    let res;
    try {
      res = await this.workflowService.describeActivityExecution({
        namespace: this.options.namespace,
        activityId: input.activityId,
        runId: input.activityRunId || undefined,
        ...input.options,
      });
    } catch (err) {
      this.rethrowGrpcError(err, 'Failed to describe activity');
    }
    if (!res.info) throw new ServiceError('Missing info in describeActivityExecution response');
    return this.description(res, res.info, this.context(input.activityId));
  }

  protected async *listHandler(query: string): AsyncIterable<ActivityExecutionInfo> {
    let nextPageToken: Uint8Array | undefined;
    do {
      let res;
      try {
        res = await this.workflowService.listActivityExecutions({ namespace: this.options.namespace, query, nextPageToken });
      } catch (err) {
        this.rethrowGrpcError(err, 'Failed to list activities');
      }
      for (const info of res.executions ?? []) yield { ...commonInfo(info), rawListInfo: info };
      nextPageToken = res.nextPageToken?.length ? res.nextPageToken : undefined;
    } while (nextPageToken);
  }

  /** NOT_FOUND is ActivityNotFoundError; other gRPC errors a ServiceError saying what was being done. */
  protected rethrowGrpcError(err: unknown, fallbackMessage: string): never {
    if (isGrpcServiceError(err)) {
      rethrowKnownErrorTypes(err);
      if (err.code === status.NOT_FOUND) throw new ActivityNotFoundError(grpcMessage(err) || 'Activity not found');
      throw new ServiceError(fallbackMessage, { cause: err });
    }
    if (err instanceof ServiceError) throw err;
    throw new ServiceError('Unexpected error while making gRPC request', { cause: err });
  }

  private request(input: { activityId: string; activityRunId: string }) {
    if (!input.activityId) throw new TypeError('activityId is required');
    return {
      namespace: this.options.namespace,
      activityId: input.activityId,
      runId: input.activityRunId || undefined,
      identity: this.options.identity,
      requestId: randomUUID(),
    };
  }

  private async call(doing: string, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.rethrowGrpcError(err, doing);
    }
  }

  private context(activityId: string): ActivitySerializationContext {
    return { type: 'activity', namespace: this.options.namespace, activityId, isLocal: false };
  }

  private async decodeError(failure: temporal.api.failure.v1.IFailure | null | undefined, context: ActivitySerializationContext): Promise<Error | undefined> {
    if (!failure) return undefined;
    const dc = this.dataConverter;
    return dc.failureConverter.failureToError(await decodeFailure(dc.payloadCodecs, failure), dc.payloadConverter, context);
  }

  private description(
    res: temporal.api.workflowservice.v1.IDescribeActivityExecutionResponse,
    info: ActivityService,
    context: ActivitySerializationContext,
  ): ActivityExecutionDescription {
    const dc: LoadedDataConverter = this.dataConverter;
    const decode = async (payloads: Payload[] | null | undefined) => decodeOptionalPayloads(dc.payloadCodecs, payloads);
    const first = async <T>(payloads: Payload[] | null | undefined) =>
      payloads?.length ? fromPayloadsAtIndex<T>(dc.payloadConverter, 0, await decode(payloads), context) : undefined;
    return {
      ...commonInfo(info),
      rawInfo: info,
      rawCallbacks: res.callbacks ?? [],
      runState: decodePendingActivityState(info.runState),
      scheduleToCloseTimeoutMs: optionalTsToMs(info.scheduleToCloseTimeout),
      scheduleToStartTimeoutMs: optionalTsToMs(info.scheduleToStartTimeout),
      startToCloseTimeoutMs: optionalTsToMs(info.startToCloseTimeout),
      heartbeatTimeoutMs: optionalTsToMs(info.heartbeatTimeout),
      retryPolicy: decompileRetryPolicy(info.retryPolicy) ?? {},
      lastHeartbeatTime: optionalTsToDate(info.lastHeartbeatTime),
      lastStartedTime: optionalTsToDate(info.lastStartedTime),
      attempt: info.attempt ?? 0,
      expirationTime: optionalTsToDate(info.expirationTime),
      lastWorkerIdentity: info.lastWorkerIdentity || undefined,
      currentRetryIntervalMs: optionalTsToMs(info.currentRetryInterval),
      lastAttemptCompleteTime: optionalTsToDate(info.lastAttemptCompleteTime),
      nextAttemptScheduleTime: optionalTsToDate(info.nextAttemptScheduleTime),
      lastDeploymentVersion: convertDeploymentVersion(info.lastDeploymentVersion),
      priority: decodePriority(info.priority),
      canceledReason: info.canceledReason || undefined,
      startDelayMs: optionalTsToMs(info.startDelay),
      totalHeartbeatCount: toNumber(info.totalHeartbeatCount) || undefined,
      hasHeartbeatDetails: (info.heartbeatDetails?.payloads?.length ?? 0) > 0,
      hasLastFailure: !!info.lastFailure,
      hasInput: (res.input?.payloads?.length ?? 0) > 0,
      hasResult: (res.outcome?.result?.payloads?.length ?? 0) > 0,
      hasOutcomeFailure: !!res.outcome?.failure,
      getHeartbeatDetails: <T>() => first<T>(info.heartbeatDetails?.payloads),
      getLastFailure: () => this.decodeError(info.lastFailure, context),
      getInput: async <T extends unknown[]>() =>
        res.input?.payloads?.length ? (arrayFromPayloads(dc.payloadConverter, await decode(res.input.payloads), context) as T) : undefined,
      getResult: <T>() => first<T>(res.outcome?.result?.payloads),
      getOutcomeFailure: () => this.decodeError(res.outcome?.failure, context),
    };
  }
}

function validateActivityOptions(options: ActivityOptions): void {
  if (!options.id) throw new TypeError('id is required');
  if (!options.taskQueue) throw new TypeError('taskQueue is required');
  if (!options.scheduleToCloseTimeout && !options.startToCloseTimeout) {
    throw new TypeError('Either scheduleToCloseTimeout or startToCloseTimeout is required');
  }
  if (options.startDelay !== undefined && msToNumber(options.startDelay) < 0) throw new TypeError('startDelay must be non-negative');
}

const toNumber = (v: unknown): number => (v == null ? 0 : typeof v === 'object' && 'toNumber' in v ? (v as { toNumber(): number }).toNumber() : Number(v));

/** What list entries and descriptions share (both protobuf messages carry these fields). */
function commonInfo(info: ActivityService | temporal.api.activity.v1.IActivityExecutionListInfo) {
  return {
    activityId: info.activityId ?? '',
    activityRunId: info.runId ?? '',
    activityType: info.activityType?.name ?? '',
    scheduleTime: optionalTsToDate(info.scheduleTime),
    closeTime: optionalTsToDate(info.closeTime),
    status: decodeActivityExecutionStatus(info.status) as ActivityExecutionStatus,
    typedSearchAttributes: decodeTypedSearchAttributes(info.searchAttributes?.indexedFields),
    taskQueue: info.taskQueue ?? '',
    executionDurationMs: optionalTsToMs(info.executionDuration),
    executionTime: optionalTsToDate(info.executionTime),
  };
}

/** The changed options and their field mask: `null` clears an option (it is named in the mask, with no value). */
function optionsUpdate(update: ActivityOptionsUpdate): { activityOptions: temporal.api.activity.v1.IActivityOptions; paths: string[] } {
  const activityOptions: temporal.api.activity.v1.IActivityOptions = {};
  const paths: string[] = [];
  // A task queue cannot be cleared, only changed.
  if (update.taskQueue != null) {
    paths.push('task_queue.name');
    activityOptions.taskQueue = { name: update.taskQueue };
  }
  const durations: ['scheduleToCloseTimeout' | 'scheduleToStartTimeout' | 'startToCloseTimeout' | 'heartbeatTimeout', string][] = [
    ['scheduleToCloseTimeout', 'schedule_to_close_timeout'],
    ['scheduleToStartTimeout', 'schedule_to_start_timeout'],
    ['startToCloseTimeout', 'start_to_close_timeout'],
    ['heartbeatTimeout', 'heartbeat_timeout'],
  ];
  for (const [field, path] of durations) {
    if (update[field] === undefined) continue;
    paths.push(path);
    activityOptions[field] = ts(update[field]);
  }
  if (update.retry !== undefined) {
    paths.push('retry_policy');
    if (update.retry !== null) activityOptions.retryPolicy = compileRetryPolicy(update.retry);
  }
  if (update.priority !== undefined) {
    paths.push('priority');
    if (update.priority !== null) activityOptions.priority = compilePriority(update.priority);
  }
  if (update.startDelay !== undefined) {
    paths.push('start_delay');
    activityOptions.startDelay = ts(update.startDelay);
  }
  return { activityOptions, paths };
}

function optionsUpdateResult(options: temporal.api.activity.v1.IActivityOptions | null | undefined): ActivityOptionsUpdateResult {
  return {
    taskQueue: options?.taskQueue?.name || undefined,
    scheduleToCloseTimeout: optionalTsToMs(options?.scheduleToCloseTimeout),
    scheduleToStartTimeout: optionalTsToMs(options?.scheduleToStartTimeout),
    startToCloseTimeout: optionalTsToMs(options?.startToCloseTimeout),
    heartbeatTimeout: optionalTsToMs(options?.heartbeatTimeout),
    retry: decompileRetryPolicy(options?.retryPolicy),
    priority: options?.priority ? decodePriority(options.priority) : undefined,
    startDelay: optionalTsToMs(options?.startDelay),
  };
}
