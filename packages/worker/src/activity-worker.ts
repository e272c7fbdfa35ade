// Polls activity tasks, runs the activity functions with a Context, heartbeats (throttled) and reports the outcome.
// Cancellation reaches a running activity through the heartbeat response, a lost task (NOT_FOUND), or shutdown.
import { Context, type Info } from '@durable/activity';
import { runActivity, type ActivityInterceptorsFactory } from './activity-interceptors.js';
import { isGrpcServiceError, type Client, type Connection } from '@durable/client';
import {
  ActivityCancellationDetails,
  ApplicationFailure,
  CancelledFailure,
  CompleteAsyncError,
  MetricMeterWithComposedTags,
  arrayFromPayloads,
  decodeOptionalPayloads,
  encodeFailure,
  encodeOptionalPayloads,
  fromPayloadsAtIndex,
  protoDurationToMs,
  timestampPartsToMs,
  toPayloads,
  type LoadedDataConverter,
  type MetricMeter,
} from '@durable/common';
import { grpcJs, type temporal } from '@durable/proto';
import type { Logger } from './logger.js';
import type { ActivityRegistry } from './activity-registry.js';
import type { Slots } from './tuner.js';
import { GracefulShutdownPeriodExpiredError } from './errors.js';
import { pollLoop } from './poll-loop.js';
import type { WorkerMetrics } from './metrics/worker-metrics.js';
import type { Deployment } from './deployment.js';

const { status } = grpcJs;

type Task = temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
type ActivityFn = (...args: unknown[]) => unknown;

export interface ActivityWorkerOptions {
  connection: Connection;
  namespace: string;
  taskQueue: string;
  identity: string;
  activities: ActivityRegistry;
  dataConverter: LoadedDataConverter;
  logger: Logger;
  /** What activities reach through Context.client. */
  client: Client;
  /** Concurrent activities (maxConcurrentActivityTaskExecutions, or the worker's tuner). */
  slots: Slots;
  activityPolls: number;
  /** After shutdown(), running activities get this long before they are cancelled. */
  shutdownGraceTimeMs: number;
  maxHeartbeatThrottleIntervalMs: number;
  defaultHeartbeatThrottleIntervalMs: number;
  interceptors: ActivityInterceptorsFactory[];
  metrics: WorkerMetrics;
  /** The worker's meter (tagged with namespace and task queue): activities' `metricMeter` adds their type. */
  metricMeter: MetricMeter;
  /** The worker's deployment version (workerDeploymentOptions), if it has one: activity polls name it too. */
  deployment?: Deployment;
}

/** Why a running activity was cancelled: the workflow asked, it was paused or reset, the server lost the task, or the worker stops. */
type CancelReason = 'CANCELLED' | 'PAUSED' | 'RESET' | 'NOT_FOUND' | 'WORKER_SHUTDOWN';

const cancellationDetails: Record<CancelReason, ActivityCancellationDetails> = {
  CANCELLED: new ActivityCancellationDetails({ cancelRequested: true }),
  PAUSED: new ActivityCancellationDetails({ paused: true }),
  RESET: new ActivityCancellationDetails({ reset: true }),
  NOT_FOUND: new ActivityCancellationDetails({ notFound: true }),
  WORKER_SHUTDOWN: new ActivityCancellationDetails({ workerShutdown: true }),
};

class RunningActivity {
  readonly abort = new AbortController();
  reason: CancelReason | undefined;
  /** Read by the activity through Context.cancellationDetails. */
  readonly cancellation: { details?: ActivityCancellationDetails } = {};
  private pendingDetails: { value: unknown } | undefined;
  private lastSentAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> | undefined;

  constructor(
    private readonly w: ActivityWorker,
    readonly task: Task,
    readonly info: Info,
    private readonly throttleMs: number,
  ) {}

  cancel(reason: CancelReason): void {
    if (this.abort.signal.aborted) return;
    this.reason = reason;
    this.cancellation.details = cancellationDetails[reason];
    const cause = reason === 'WORKER_SHUTDOWN' ? new GracefulShutdownPeriodExpiredError('The worker shut down and its shutdownGraceTime ran out before the activity finished') : undefined;
    this.abort.abort(new CancelledFailure(reason, [], cause));
  }

  heartbeat(details: unknown): void {
    if (this.abort.signal.aborted) return;
    this.pendingDetails = { value: details };
    if (this.sending || this.timer) return;
    const wait = this.lastSentAt + this.throttleMs - Date.now();
    if (wait <= 0) this.send();
    else this.timer = setTimeout(() => this.send(), wait);
  }

  private send(): void {
    this.timer = undefined;
    const details = this.pendingDetails;
    if (!details) return;
    this.pendingDetails = undefined;
    this.lastSentAt = Date.now();
    this.sending = this.w.recordHeartbeat(this, details.value).finally(() => {
      this.sending = undefined;
      if (this.pendingDetails && !this.timer) this.heartbeat(this.pendingDetails.value);
    });
  }

  /** Sends the latest details now (before a failure is reported, so the next attempt sees them). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.sending;
    if (this.pendingDetails) {
      this.send();
      await this.sending;
    }
  }

  stopHeartbeats(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pendingDetails = undefined;
  }
}

/** An activity slot taken for eager dispatch: `run` the task the server handed back in it, or `release` it. */
export interface EagerActivitySlot {
  run(task: Task): void;
  release(): void;
}

export class ActivityWorker {
  private readonly slots: Slots;
  private readonly running = new Set<RunningActivity>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly pollAbort = new AbortController();
  private polling = 0;
  private stopping = false;
  private graceTimer: NodeJS.Timeout | undefined;

  constructor(private readonly o: ActivityWorkerOptions) {
    this.slots = o.slots;
  }

  /** Polls until shutdown; resolves once every activity that started has been reported. */
  async run(): Promise<void> {
    await Promise.all(Array.from({ length: this.o.activityPolls }, () => this.pollLoop()));
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
    clearTimeout(this.graceTimer);
  }

  /**
   * A slot for an activity the server may hand back with a workflow task's completion (eager dispatch), if one is
   * free now and the worker is not stopping; run() does not resolve while a reservation is neither run nor released.
   */
  reserveEager(): EagerActivitySlot | undefined {
    if (this.stopping) return undefined;
    const permit = this.slots.tryAcquire();
    if (permit === undefined) return undefined;
    let settle!: () => void;
    const reservation = new Promise<void>((resolve) => (settle = resolve)).finally(() => this.inFlight.delete(reservation));
    this.inFlight.add(reservation);
    let settled = false;
    return {
      run: (task) => {
        if (settled) throw new Error('An eager activity slot runs one task');
        settled = true;
        const info = { type: 'activity' as const, activityType: task.activityType?.name ?? '' };
        this.slots.markUsed(permit, info);
        this.o.metrics.activityPolled({ activityType: info.activityType, workflowType: task.workflowType?.name ?? '', scheduleToStartMs: startedMs(task) - scheduledMs(task) }, true);
        const p = this.execute(task).finally(() => {
          this.slots.release(permit, info);
          this.inFlight.delete(p);
          settle();
        });
        this.inFlight.add(p);
      },
      release: () => {
        if (settled) return;
        settled = true;
        this.slots.release(permit);
        settle();
      },
    };
  }

  shutdown(): void {
    if (this.stopping) return;
    this.stopping = true;
    this.pollAbort.abort();
    this.graceTimer = setTimeout(() => {
      for (const a of this.running) a.cancel('WORKER_SHUTDOWN');
    }, this.o.shutdownGraceTimeMs);
  }

  private pollLoop(): Promise<void> {
    const { connection, namespace, taskQueue, identity, logger } = this.o;
    return pollLoop<Task>({
      slots: this.slots,
      slotInfo: (task) => ({ type: 'activity', activityType: task.activityType?.name ?? '' }),
      inFlight: this.inFlight,
      logger,
      what: `Activity task (${taskQueue})`,
      stopping: () => this.stopping,
      poll: async () => {
        this.o.metrics.pollersActive('activity_task', ++this.polling);
        try {
          const task = await connection.withAbortSignal(this.pollAbort.signal, () =>
            connection.workflowService.pollActivityTaskQueue({ namespace, taskQueue: { name: taskQueue }, identity, deploymentOptions: this.o.deployment?.proto }),
          );
          this.o.metrics.activityPolled(
            task.taskToken?.length
              ? { activityType: task.activityType?.name ?? '', workflowType: task.workflowType?.name ?? '', scheduleToStartMs: startedMs(task) - scheduledMs(task) }
              : undefined,
          );
          return task;
        } finally {
          this.o.metrics.pollersActive('activity_task', --this.polling);
        }
      },
      isEmpty: (task) => !task.taskToken?.length,
      handle: (task) => this.execute(task),
    });
  }

  private infoOf(task: Task, heartbeatDetails: unknown): Info {
    const ms = (d: Parameters<typeof protoDurationToMs>[0]) => protoDurationToMs(d);
    const ts = (t: Parameters<typeof timestampPartsToMs>[0] | null | undefined) => (t ? timestampPartsToMs(t) : 0);
    const heartbeatTimeoutMs = ms(task.heartbeatTimeout) || undefined;
    return {
      taskToken: task.taskToken,
      base64TaskToken: Buffer.from(task.taskToken).toString('base64'),
      activityId: task.activityId ?? '',
      activityType: task.activityType?.name ?? '',
      activityNamespace: this.o.namespace,
      namespace: this.o.namespace,
      attempt: task.attempt ?? 1,
      isLocal: false,
      workflowExecution: { workflowId: task.workflowExecution?.workflowId ?? '', runId: task.workflowExecution?.runId ?? '' },
      workflowNamespace: task.workflowNamespace ?? this.o.namespace,
      workflowType: task.workflowType?.name ?? undefined,
      scheduledTimestampMs: ts(task.scheduledTime as Parameters<typeof timestampPartsToMs>[0]),
      currentAttemptScheduledTimestampMs: ts(task.currentAttemptScheduledTime as Parameters<typeof timestampPartsToMs>[0]),
      scheduleToCloseTimeoutMs: ms(task.scheduleToCloseTimeout),
      startToCloseTimeoutMs: ms(task.startToCloseTimeout),
      heartbeatTimeoutMs,
      heartbeatDetails,
      taskQueue: this.o.taskQueue,
      inWorkflow: true,
    };
  }


  private async execute(task: Task): Promise<void> {
    const dc = this.o.dataConverter;
    const type = task.activityType?.name ?? '';
    const fn = this.o.activities.get(type);
    if (!fn) {
      await this.respondFailed(task, this.o.activities.notFound(type));
      return;
    }
    let args: unknown[];
    let heartbeatDetails: unknown;
    try {
      args = arrayFromPayloads(dc.payloadConverter, await decodeOptionalPayloads(dc.payloadCodecs, task.input?.payloads));
      heartbeatDetails = fromPayloadsAtIndex(dc.payloadConverter, 0, await decodeOptionalPayloads(dc.payloadCodecs, task.heartbeatDetails?.payloads));
    } catch (err) {
      await this.respondFailed(task, ApplicationFailure.fromError(err, { nonRetryable: true }));
      return;
    }
    const info = this.infoOf(task, heartbeatDetails);
    const throttleMs = info.heartbeatTimeoutMs
      ? Math.min(info.heartbeatTimeoutMs * 0.8, this.o.maxHeartbeatThrottleIntervalMs)
      : this.o.defaultHeartbeatThrottleIntervalMs;
    const activity = new RunningActivity(this, task, info, throttleMs);
    const cancelled = new Promise<never>((_, reject) => {
      activity.abort.signal.addEventListener('abort', () => reject(activity.abort.signal.reason), { once: true });
    });
    const meter = MetricMeterWithComposedTags.compose(this.o.metricMeter, { activityType: info.activityType });
    const ctx = new Context(info, cancelled, activity.abort.signal, (d) => activity.heartbeat(d), this.o.client, this.o.logger, meter, activity.cancellation);
    this.running.add(activity);
    const began = performance.now();
    let outcome: 'completed' | 'failed' | 'cancelled' | undefined;
    try {
      const result = await runActivity(fn as ActivityFn, ctx, { args, headers: task.header?.fields ?? {} }, this.o.interceptors, this.o.logger);
      activity.stopHeartbeats();
      if (activity.reason === 'NOT_FOUND') return;
      outcome = 'completed';
      const payloads = await encodeOptionalPayloads(dc.payloadCodecs, [dc.payloadConverter.toPayload(result)]);
      await this.respond('RespondActivityTaskCompleted', () =>
        this.o.connection.workflowService.respondActivityTaskCompleted({
          namespace: this.o.namespace,
          taskToken: task.taskToken,
          identity: this.o.identity,
          result: { payloads },
        }),
        info,
      );
    } catch (err) {
      // The activity will be completed from elsewhere (AsyncCompletionClient), or the server already moved on.
      if (err instanceof CompleteAsyncError || activity.reason === 'NOT_FOUND') {
        activity.stopHeartbeats();
        return;
      }
      // Paused or reset: the attempt fails (retryably) as the official worker fails it, so the server schedules the
      // next attempt when the activity is unpaused (or at once after a reset) instead of closing it as cancelled.
      if ((activity.reason === 'PAUSED' || activity.reason === 'RESET') && err instanceof CancelledFailure) {
        activity.stopHeartbeats();
        outcome = 'failed';
        const stopped = activity.reason === 'PAUSED' ? new ApplicationFailure('Activity paused', 'ActivityPause') : new ApplicationFailure('Activity reset', 'ActivityReset');
        await this.respondFailed(task, stopped, info);
        return;
      }
      if (activity.reason && activity.reason !== 'WORKER_SHUTDOWN' && err instanceof CancelledFailure) {
        activity.stopHeartbeats();
        outcome = 'cancelled';
        const details = await encodeOptionalPayloads(dc.payloadCodecs, toPayloads(dc.payloadConverter, ...err.details));
        await this.respond('RespondActivityTaskCanceled', () =>
          this.o.connection.workflowService.respondActivityTaskCanceled({
            namespace: this.o.namespace,
            taskToken: task.taskToken,
            identity: this.o.identity,
            details: details ? { payloads: details } : undefined,
          }),
          info,
        );
        return;
      }
      await activity.flush();
      outcome = 'failed';
      // Cancelled because this worker stops: another worker should run the next attempt.
      const failure =
        activity.reason === 'WORKER_SHUTDOWN' && err instanceof CancelledFailure
          ? ApplicationFailure.create({ message: 'Worker is shutting down', type: 'WorkerShutdown', cause: err })
          : err;
      await this.respondFailed(task, failure, info);
    } finally {
      this.running.delete(activity);
      if (outcome) this.o.metrics.activityRan(type, info.workflowType ?? '', performance.now() - began, outcome, Date.now() - info.scheduledTimestampMs);
    }
  }

  private async respondFailed(task: Task, err: unknown, info?: Info): Promise<void> {
    const dc = this.o.dataConverter;
    const failure = await encodeFailure(dc.payloadCodecs, dc.failureConverter.errorToFailure(err, dc.payloadConverter));
    await this.respond('RespondActivityTaskFailed', () =>
      this.o.connection.workflowService.respondActivityTaskFailed({
        namespace: this.o.namespace,
        taskToken: task.taskToken,
        identity: this.o.identity,
        failure,
      }),
      info,
    );
  }

  /** Reports an outcome; the server may have moved on (timeout, cancel), which is logged, not thrown. */
  private async respond(what: string, call: () => Promise<unknown>, info?: Info): Promise<void> {
    try {
      await call();
    } catch (err) {
      this.o.logger.log(isGrpcServiceError(err) && err.code === status.NOT_FOUND ? 'DEBUG' : 'WARN', `${what} failed`, {
        activityId: info?.activityId,
        activityType: info?.activityType,
        workflowId: info?.workflowExecution?.workflowId,
        error: (err as Error).message,
      });
    }
  }

  /** Sends one heartbeat; its answer may cancel the activity. */
  async recordHeartbeat(activity: RunningActivity, details: unknown): Promise<void> {
    const dc = this.o.dataConverter;
    try {
      const payloads = await encodeOptionalPayloads(dc.payloadCodecs, toPayloads(dc.payloadConverter, details));
      const res = await this.o.connection.workflowService.recordActivityTaskHeartbeat({
        namespace: this.o.namespace,
        taskToken: activity.task.taskToken,
        identity: this.o.identity,
        details: payloads ? { payloads } : undefined,
      });
      if (res.cancelRequested) activity.cancel('CANCELLED');
      else if (res.activityPaused) activity.cancel('PAUSED');
      else if (res.activityReset) activity.cancel('RESET');
    } catch (err) {
      if (isGrpcServiceError(err) && err.code === status.NOT_FOUND) activity.cancel('NOT_FOUND');
      else this.o.logger.log('WARN', 'Activity heartbeat failed', { activityId: activity.info.activityId, error: (err as Error).message });
    }
  }
}

type Stamp = Parameters<typeof timestampPartsToMs>[0];
const scheduledMs = (task: Task) => (task.currentAttemptScheduledTime ? timestampPartsToMs(task.currentAttemptScheduledTime as Stamp) : 0);
const startedMs = (task: Task) => (task.startedTime ? timestampPartsToMs(task.startedTime as Stamp) : 0);
