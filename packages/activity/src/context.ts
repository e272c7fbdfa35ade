// The activity Context, found through AsyncLocalStorage from anywhere in the activity's async call tree.
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  IllegalStateError,
  msToNumber,
  type ActivityCancellationDetails,
  type ActivityDefinitionOptions,
  type Duration,
  type Logger,
  type LogLevel,
  type LogMetadata,
  type MetricMeter,
  type Priority,
  type RetryPolicy,
} from '@durable/common';
import type { Client } from '@durable/client';

export interface Info {
  readonly taskToken: Uint8Array;
  readonly base64TaskToken: string;
  readonly activityId: string;
  readonly activityType: string;
  readonly activityNamespace: string;
  readonly namespace: string;
  readonly attempt: number;
  readonly isLocal: boolean;
  readonly workflowExecution?: { readonly workflowId: string; readonly runId: string };
  readonly workflowNamespace?: string;
  readonly workflowType?: string;
  readonly scheduledTimestampMs: number;
  readonly scheduleToCloseTimeoutMs: number;
  readonly startToCloseTimeoutMs: number;
  readonly currentAttemptScheduledTimestampMs: number;
  readonly heartbeatTimeoutMs?: number;
  /** What the previous attempt last passed to heartbeat(): where to resume. */
  readonly heartbeatDetails: unknown;
  readonly taskQueue: string;
  readonly priority?: Priority;
  readonly retryPolicy?: RetryPolicy;
  /** Set for standalone activities (started by a client, not a workflow). */
  readonly activityRunId?: string;
  readonly inWorkflow: boolean;
}

/** @deprecated the common Logger; kept under its former name. */
export type ActivityLogger = Logger;

/** Where the worker puts why an activity was cancelled, once it is. */
export interface ActivityCancellationDetailsHolder {
  details?: ActivityCancellationDetails;
}

// One storage per process, under the official SDK's key: activities that still import @temporalio/activity find
// their context when Durable's worker runs them, and the other way round.
const STORAGE_KEY = Symbol.for('__temporal_activity_context_storage__');
const globalRecord = globalThis as unknown as Record<symbol, AsyncLocalStorage<Context> | undefined>;
globalRecord[STORAGE_KEY] ??= new AsyncLocalStorage<Context>();

/** The context of the running activity; workers create it, activities read it. */
export const asyncLocalStorage: AsyncLocalStorage<Context> = globalRecord[STORAGE_KEY];

export class Context {
  /** The context of the activity this code runs in. */
  static current(): Context {
    const ctx = asyncLocalStorage.getStore();
    if (!ctx) throw new IllegalStateError('Activity context not found: Context.current() is only available inside an activity run by a worker');
    return ctx;
  }

  constructor(
    readonly info: Info,
    /** Rejects with a CancelledFailure when the activity is cancelled (by its workflow, a timeout, or shutdown). */
    readonly cancelled: Promise<never>,
    readonly cancellationSignal: AbortSignal,
    protected readonly heartbeatFn: (details?: unknown) => void,
    protected readonly _client: Client | undefined,
    public log: Logger,
    readonly metricMeter: MetricMeter,
    protected readonly _cancellationDetails: ActivityCancellationDetailsHolder = {},
  ) {
    // Nobody is obliged to await cancellation.
    cancelled.catch(() => undefined);
  }

  readonly heartbeat = (details?: unknown): void => this.heartbeatFn(details);

  /** A client on the worker's connection, to start or signal workflows from the activity. */
  get client(): Client {
    if (!this._client) throw new IllegalStateError('No Client available: this context was created without one (e.g. a MockActivityEnvironment without a client)');
    return this._client;
  }

  /** Resolves after `ms`; rejects with the cancellation if the activity is cancelled first. */
  readonly sleep = (ms: Duration): Promise<void> => {
    const delay = msToNumber(ms);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const elapsed = new Promise<void>((resolve) => (timer = setTimeout(resolve, delay)));
    return Promise.race([this.cancelled.finally(() => clearTimeout(timer)), elapsed]);
  };

  /** Why the activity was cancelled; undefined while it is not. */
  get cancellationDetails(): ActivityCancellationDetails | undefined {
    return this._cancellationDetails.details;
  }
}

export const activityInfo = (): Info => Context.current().info;
export const heartbeat = (details?: unknown): void => Context.current().heartbeat(details);
export const sleep = (ms: Duration): Promise<void> => Context.current().sleep(ms);
export const cancelled = (): Promise<never> => Context.current().cancelled;
export const cancellationSignal = (): AbortSignal => Context.current().cancellationSignal;
export const cancellationDetails = (): ActivityCancellationDetails | undefined => Context.current().cancellationDetails;
export const getClient = (): Client => Context.current().client;

/** Declares options of an activity function (its payload type information), read by the worker. */
export function setActivityOptions<Args extends unknown[], R>(options: ActivityDefinitionOptions, fn: (...args: Args) => R): void {
  Object.assign(fn, { activityDefinitionOptions: options });
}

/** Logs with the current activity's info attached. */
export const log: Logger = {
  log: (level: LogLevel, message: string, meta?: LogMetadata) => Context.current().log.log(level, message, meta),
  trace: (message: string, meta?: LogMetadata) => Context.current().log.trace(message, meta),
  debug: (message: string, meta?: LogMetadata) => Context.current().log.debug(message, meta),
  info: (message: string, meta?: LogMetadata) => Context.current().log.info(message, meta),
  warn: (message: string, meta?: LogMetadata) => Context.current().log.warn(message, meta),
  error: (message: string, meta?: LogMetadata) => Context.current().log.error(message, meta),
};

/** The current activity's meter (tagged with the activity); Durable's worker records nothing yet. */
export const metricMeter: MetricMeter = {
  createCounter: (name, unit, description) => Context.current().metricMeter.createCounter(name, unit, description),
  createHistogram: (name, valueType = 'int', unit, description) => Context.current().metricMeter.createHistogram(name, valueType, unit, description),
  createGauge: (name, valueType = 'int', unit, description) => Context.current().metricMeter.createGauge(name, valueType, unit, description),
  withTags: (tags) => Context.current().metricMeter.withTags(tags),
};
