// Local activities: run by the worker inside the workflow task (no task queue round trip), retried in process by
// their retry policy, and recorded as a `core_local_activity` marker, as Temporal's core records them.
import { Context, asyncLocalStorage, type Info } from '@durable/activity';
import {
  TimeoutFailure,
  arrayFromPayloads,
  computeBackoffMs,
  isRetryableFailure,
  MetricMeterWithComposedTags,
  protoDurationToMs,
  retryPolicyWithDefaults,
  summarizeFailure,
  type LoadedDataConverter,
  type MetricMeter,
  type ProtoFailure,
} from '@durable/common';
import type { LocalActivityMarker, ScheduleLocalActivity } from '@durable/workflow/sandbox';
import { activityLogger, type Logger } from './logger.js';
import type { ActivityRegistry } from './activity-registry.js';
import type { Client } from '@durable/client';
import type { WorkerMetrics } from './metrics/worker-metrics.js';

// Beyond this much retrying inside one workflow task the failure is recorded (the workflow sees it).
const LOCAL_RETRY_LIMIT_MS = 60_000;

export interface LocalActivityContext {
  activities: ActivityRegistry;
  dataConverter: LoadedDataConverter;
  logger: Logger;
  client: Client;
  namespace: string;
  taskQueue: string;
  workflowId: string;
  runId: string;
  workflowType: string;
  now(): number;
  metrics: WorkerMetrics;
  /** The worker's meter: a local activity's `metricMeter` adds its type. */
  metricMeter: MetricMeter;
}

async function attemptOnce(ctx: LocalActivityContext, c: ScheduleLocalActivity, attempt: number): Promise<{ result?: unknown; error?: unknown }> {
  const fn = ctx.activities.get(c.activityType);
  if (!fn) return { error: ctx.activities.notFound(c.activityType, { nonRetryable: true }) };
  const abort = new AbortController();
  const cancelled = new Promise<never>((_, reject) => abort.signal.addEventListener('abort', () => reject(abort.signal.reason), { once: true }));
  const startToClose = c.startToCloseTimeoutMs ?? c.scheduleToCloseTimeoutMs ?? 0;
  const info: Info = {
    taskToken: new Uint8Array(),
    base64TaskToken: '',
    activityId: c.activityId,
    activityType: c.activityType,
    activityNamespace: ctx.namespace,
    namespace: ctx.namespace,
    attempt,
    isLocal: true,
    workflowExecution: { workflowId: ctx.workflowId, runId: ctx.runId },
    workflowNamespace: ctx.namespace,
    workflowType: ctx.workflowType,
    scheduledTimestampMs: c.originalScheduleTimeMs,
    currentAttemptScheduledTimestampMs: ctx.now(),
    scheduleToCloseTimeoutMs: c.scheduleToCloseTimeoutMs ?? 0,
    startToCloseTimeoutMs: startToClose,
    heartbeatDetails: undefined,
    taskQueue: ctx.taskQueue,
    inWorkflow: true,
  };
  // Local activities do not heartbeat (there is no task to heartbeat on).
  const context = new Context(info, cancelled, abort.signal, () => undefined, ctx.client, activityLogger(ctx.logger, info), MetricMeterWithComposedTags.compose(ctx.metricMeter, { activityType: c.activityType }));
  let timer: NodeJS.Timeout | undefined;
  try {
    const args = arrayFromPayloads(ctx.dataConverter.payloadConverter, c.args);
    const run = asyncLocalStorage.run(context, () => Promise.resolve((fn as (...a: unknown[]) => unknown)(...args)));
    const timeout = startToClose
      ? new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            const err = new TimeoutFailure('Local activity timed out', undefined, 'START_TO_CLOSE');
            abort.abort(err);
            reject(err);
          }, startToClose);
        })
      : undefined;
    return { result: await (timeout ? Promise.race([run, timeout]) : run) };
  } catch (error) {
    return { error };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs one local activity to its end (success, non-retryable failure or exhausted retries): the marker to record. */
export async function runLocalActivity(ctx: LocalActivityContext, c: ScheduleLocalActivity): Promise<LocalActivityMarker> {
  const policy = retryPolicyWithDefaults({
    initialIntervalMs: protoDurationToMs(c.retryPolicy?.initialInterval) || undefined,
    backoffCoefficient: c.retryPolicy?.backoffCoefficient ?? undefined,
    maximumIntervalMs: protoDurationToMs(c.retryPolicy?.maximumInterval) || undefined,
    maximumAttempts: c.retryPolicy?.maximumAttempts ?? 0,
    nonRetryableErrorTypes: c.retryPolicy?.nonRetryableErrorTypes ?? [],
  });
  const started = Date.now();
  const deadline = started + Math.min(c.scheduleToCloseTimeoutMs ?? LOCAL_RETRY_LIMIT_MS, LOCAL_RETRY_LIMIT_MS);
  const dc = ctx.dataConverter;
  for (let attempt = 1; ; attempt++) {
    const began = performance.now();
    ctx.metrics.localActivityRunning(1);
    const outcome = await attemptOnce(ctx, c, attempt).finally(() => ctx.metrics.localActivityRunning(-1));
    const ran = (result: 'completed' | 'failed') =>
      ctx.metrics.localActivityRan(c.activityType, ctx.workflowType, performance.now() - began, result, ctx.now() - c.originalScheduleTimeMs);
    const base = {
      kind: 'localActivityMarker' as const,
      seq: c.seq,
      activityId: c.activityId,
      activityType: c.activityType,
      attempt,
      originalScheduleTimeMs: c.originalScheduleTimeMs,
    };
    if (!('error' in outcome)) {
      ran('completed');
      return { ...base, completeTimeMs: ctx.now(), result: dc.payloadConverter.toPayload(outcome.result) };
    }
    ran('failed');
    const failure: ProtoFailure = dc.failureConverter.errorToFailure(outcome.error, dc.payloadConverter);
    const retryable = isRetryableFailure(summarizeFailure(failure), policy.nonRetryableErrorTypes);
    const backoff = computeBackoffMs(policy, attempt);
    const exhausted = policy.maximumAttempts > 0 && attempt >= policy.maximumAttempts;
    if (!retryable || exhausted || Date.now() + backoff > deadline) {
      return { ...base, completeTimeMs: ctx.now(), failure };
    }
    ctx.logger.log('DEBUG', 'Local activity attempt failed, retrying', { activityType: c.activityType, attempt, backoffMs: backoff });
    await new Promise((r) => setTimeout(r, backoff));
  }
}
