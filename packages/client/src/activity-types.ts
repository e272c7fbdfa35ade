// The shapes of standalone activities as @temporalio/client 1.24 names them: start options, handle, describe and list
// entries, operator-control options, and the typed view of an ActivityClient.
import type { temporal } from '@durable/proto';
import type {
  Duration,
  PayloadTypeInfo,
  Priority,
  RetryPolicy,
  SearchAttributePair,
  TypedSearchAttributes,
  WorkerDeploymentVersion,
} from '@durable/common';
import type { ActivityExecutionStatus, ActivityIdConflictPolicy, ActivityIdReusePolicy, PendingActivityState } from './client-types.js';

/** Options of ActivityClient.start / execute. One of startToCloseTimeout and scheduleToCloseTimeout is required. */
export interface ActivityOptions {
  /** The activity id: a meaningful business id; one running activity per id. */
  id: string;
  taskQueue: string;
  args?: unknown[] | Readonly<unknown[]>;
  /** Type information used to encode the arguments and decode the result. */
  typeInfo?: PayloadTypeInfo;
  heartbeatTimeout?: Duration;
  /** Unset: the server's default retry policy. */
  retry?: RetryPolicy;
  startToCloseTimeout?: Duration;
  scheduleToStartTimeout?: Duration;
  scheduleToCloseTimeout?: Duration;
  /** A single-line summary shown by the UI and the CLI. */
  summary?: string;
  priority?: Priority;
  /** Wait before the first attempt is dispatched (retries are not delayed by it). */
  startDelay?: Duration;
  /** What to do when a *closed* activity has the same id. */
  idReusePolicy?: ActivityIdReusePolicy;
  /** What to do when a *running* activity has the same id. */
  idConflictPolicy?: ActivityIdConflictPolicy;
  typedSearchAttributes?: SearchAttributePair[] | TypedSearchAttributes;
}

/** Options of ActivityClient.getHandleWithOptions. */
export interface GetActivityHandleOptions {
  /** The run to target; without it, the newest run of the id. */
  runId?: string;
  typeInfo?: Pick<PayloadTypeInfo, 'outputType'>;
}

/** What describe() asks the server to include besides the execution's info. */
export interface ActivityDescribeOptions {
  includeInput?: boolean;
  includeOutcome?: boolean;
  includeHeartbeatDetails?: boolean;
  includeLastFailure?: boolean;
}

export interface ActivityPauseOptions {
  reason?: string;
}

export interface ActivityUnpauseOptions {
  reason?: string;
  /** The activity is dispatched after a random delay up to this long. */
  jitter?: Duration;
}

/** Options to change on a running activity: a value sets it, `null` clears it, `undefined` leaves it. */
export interface ActivityOptionsUpdate {
  taskQueue?: string;
  scheduleToCloseTimeout?: Duration | null;
  scheduleToStartTimeout?: Duration | null;
  startToCloseTimeout?: Duration | null;
  heartbeatTimeout?: Duration | null;
  retry?: RetryPolicy | null;
  priority?: Priority | null;
  startDelay?: Duration | null;
}

/** The activity's options after an update. */
export type ActivityOptionsUpdateResult = { [K in keyof ActivityOptionsUpdate]: Exclude<ActivityOptionsUpdate[K], null> };

/** A started (or named) standalone activity. */
export interface ActivityHandle<R = unknown> {
  readonly activityId: string;
  /** The run this handle targets; unset: the newest run of the id. */
  readonly runId?: string;
  /** The result; ActivityExecutionFailedError (with the failure as `cause`) when the activity did not succeed. */
  result(): Promise<R>;
  describe(options?: ActivityDescribeOptions): Promise<ActivityExecutionDescription>;
  /** Asks the activity to cancel; a running attempt learns it through its heartbeat. */
  cancel(reason: string): Promise<void>;
  /** Closes the activity at once; a running attempt's result is then refused. */
  terminate(reason: string): Promise<void>;
  pause(options?: ActivityPauseOptions): Promise<void>;
  unpause(options?: ActivityUnpauseOptions): Promise<void>;
  updateOptions(options: ActivityOptionsUpdate): Promise<ActivityOptionsUpdateResult>;
  /** Puts back the options the activity was started with. */
  restoreOriginalOptions(): Promise<ActivityOptionsUpdate>;
}

export interface CountActivityExecutions {
  readonly count: number;
  readonly groups?: { readonly count: number; readonly groupValues?: unknown[] }[];
}

export type RawActivityExecutionInfo = temporal.api.activity.v1.IActivityExecutionInfo;
export type RawActivityExecutionListInfo = temporal.api.activity.v1.IActivityExecutionListInfo;
export type RawActivityExecutionCallbacks = temporal.api.activity.v1.ICallbackInfo[];

/** An entry of ActivityClient.list. */
export interface ActivityExecutionInfo {
  rawListInfo?: RawActivityExecutionListInfo;
  activityId: string;
  activityRunId: string;
  activityType: string;
  scheduleTime?: Date;
  closeTime?: Date;
  status: ActivityExecutionStatus;
  typedSearchAttributes: TypedSearchAttributes;
  taskQueue: string;
  executionDurationMs?: number;
  executionTime?: Date;
}

/** What ActivityHandle.describe answers; the payloads are decoded only when asked for. */
export interface ActivityExecutionDescription extends ActivityExecutionInfo {
  rawCallbacks: RawActivityExecutionCallbacks;
  rawInfo: RawActivityExecutionInfo;
  runState?: PendingActivityState;
  scheduleToCloseTimeoutMs?: number;
  scheduleToStartTimeoutMs?: number;
  startToCloseTimeoutMs?: number;
  heartbeatTimeoutMs?: number;
  retryPolicy: RetryPolicy;
  lastHeartbeatTime?: Date;
  lastStartedTime?: Date;
  attempt: number;
  expirationTime?: Date;
  lastWorkerIdentity?: string;
  currentRetryIntervalMs?: number;
  lastAttemptCompleteTime?: Date;
  nextAttemptScheduleTime?: Date;
  lastDeploymentVersion?: WorkerDeploymentVersion;
  priority: Priority;
  canceledReason?: string;
  startDelayMs?: number;
  totalHeartbeatCount?: number;
  hasHeartbeatDetails: boolean;
  hasLastFailure: boolean;
  hasInput: boolean;
  hasResult: boolean;
  hasOutcomeFailure: boolean;
  getHeartbeatDetails<T = unknown>(): Promise<T | undefined>;
  getLastFailure(): Promise<Error | undefined>;
  getInput<T extends unknown[] = unknown[]>(): Promise<T | undefined>;
  getResult<T = unknown>(): Promise<T | undefined>;
  getOutcomeFailure(): Promise<Error | undefined>;
}

type ActivityFunction = (...args: never[]) => Promise<unknown>;

/** The names of the activities of interface `T`. */
export type ActivityName<T> = { [N in keyof T & string]: T[N] extends ActivityFunction ? N : never }[keyof T & string];
export type ActivityArgs<T, N extends ActivityName<T>> = T[N] extends (...args: infer P) => Promise<unknown> ? P : never;
export type ActivityResult<T, N extends ActivityName<T>> = T[N] extends (...args: never[]) => Promise<infer R> ? R : never;
/** ActivityOptions whose `args` must match the activity's parameters (required when it has any). */
export type ActivityOptionsWithArgs<Args extends unknown[]> = Omit<ActivityOptions, 'args'> &
  (Args extends [unknown, ...unknown[]] ? { args: Args | Readonly<Args> } : { args?: Args | Readonly<Args> });
export type ActivityOptionsFor<T, N extends ActivityName<T>> = ActivityOptionsWithArgs<ActivityArgs<T, N>>;

/** ActivityClient typed by an activity interface: names, arguments and results are checked. */
export interface TypedActivityClient<T> {
  start<N extends ActivityName<T>>(activity: N, options: ActivityOptionsFor<T, N>): Promise<ActivityHandle<ActivityResult<T, N>>>;
  execute<N extends ActivityName<T>>(activity: N, options: ActivityOptionsFor<T, N>): Promise<ActivityResult<T, N>>;
}
