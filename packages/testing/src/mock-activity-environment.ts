// MockActivityEnvironment, as @temporalio/testing shapes it: runs an activity function with a Context outside any
// worker (through the activity interceptors given), records its heartbeats (the 'heartbeat' event) and lets a test
// cancel it.
import { EventEmitter } from 'node:events';
import { ActivityCancellationDetails, CancelledFailure, noopMetricMeter, type Logger, type MetricMeter } from '@durable/common';
import { Context, type Info } from '@durable/activity';
import type { Client } from '@durable/client';
import { DefaultLogger, runActivity, type ActivityInterceptorsFactory } from '@durable/worker';

export const defaultActivityInfo: Info = {
  attempt: 1,
  taskQueue: 'test',
  isLocal: false,
  taskToken: new TextEncoder().encode('test'),
  activityId: 'test',
  activityType: 'unknown',
  workflowType: 'test',
  base64TaskToken: Buffer.from('test').toString('base64'),
  heartbeatTimeoutMs: undefined,
  heartbeatDetails: undefined,
  activityNamespace: 'default',
  workflowNamespace: 'default',
  workflowExecution: { workflowId: 'test', runId: '00000000-0000-0000-0000-000000000000' },
  scheduledTimestampMs: 1,
  startToCloseTimeoutMs: 1000,
  scheduleToCloseTimeoutMs: 1000,
  currentAttemptScheduledTimestampMs: 1,
  priority: undefined,
  retryPolicy: undefined,
  namespace: 'test',
  activityRunId: undefined,
  inWorkflow: true,
};

export interface MockActivityEnvironmentOptions {
  interceptors?: ActivityInterceptorsFactory[];
  logger?: Logger;
  metricMeter?: MetricMeter;
  /** What the activity reaches through Context.client / getClient(). */
  client?: Client;
}

/** Why the mock's activity is cancelled, as the worker names it. */
export type CancelReason = 'CANCELLED' | 'NOT_FOUND' | 'WORKER_SHUTDOWN' | 'HEARTBEAT_DETAILS_CONVERSION_FAILED' | 'TIMED_OUT' | 'PAUSED' | 'RESET';

export class MockActivityEnvironment extends EventEmitter {
  readonly context: Context;
  /** Cancels the activity: `context.cancelled` rejects and `cancellationSignal` aborts with a CancelledFailure. */
  cancel: (reason?: CancelReason, details?: ActivityCancellationDetails) => void;
  readonly #interceptors: ActivityInterceptorsFactory[];
  readonly #logger: Logger;

  constructor(info?: Partial<Info>, opts?: MockActivityEnvironmentOptions) {
    super();
    const abort = new AbortController();
    const cancelled = new Promise<never>((_, reject) => abort.signal.addEventListener('abort', () => reject(abort.signal.reason), { once: true }));
    const holder: { details?: ActivityCancellationDetails } = {};
    this.#interceptors = opts?.interceptors ?? [];
    this.#logger = opts?.logger ?? new DefaultLogger();
    this.context = new Context(
      { ...defaultActivityInfo, ...info },
      cancelled,
      abort.signal,
      (details) => this.emit('heartbeat', details),
      opts?.client,
      this.#logger,
      opts?.metricMeter ?? noopMetricMeter,
      holder,
    );
    this.cancel = (reason = 'CANCELLED', details = new ActivityCancellationDetails({ cancelRequested: true })) => {
      holder.details = details;
      abort.abort(new CancelledFailure(reason));
    };
  }

  /** Runs `fn` as the activity of this environment. */
  run<P extends unknown[], R>(fn: (...args: P) => R | Promise<R>, ...args: P): Promise<R> {
    return runActivity(fn as (...a: unknown[]) => unknown, this.context, { args, headers: {} }, this.#interceptors, this.#logger) as Promise<R>;
  }
}
