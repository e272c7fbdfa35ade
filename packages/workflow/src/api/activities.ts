// proxyActivities: call activities as if they were local functions; each call becomes a ScheduleActivityTask command.
import { msToNumber, msToProtoDuration, type Duration } from '@durable/common';
import { currentActivator } from '../runtime/state.js';
import { compose, type ActivityInput, type LocalActivityInput } from '../runtime/interceptors.js';
import type { ActivityCancellationType, RetryPolicyProto } from '../runtime/protocol.js';

export { ActivityCancellationType } from '../runtime/protocol.js';

export interface RetryPolicy {
  initialInterval?: Duration;
  backoffCoefficient?: number;
  maximumInterval?: Duration;
  maximumAttempts?: number;
  nonRetryableErrorTypes?: string[];
}

export interface ActivityOptions {
  /** Default: the workflow's task queue. */
  taskQueue?: string;
  /** Default: the call's sequence number, as the official SDK does. */
  activityId?: string;
  scheduleToCloseTimeout?: Duration;
  startToCloseTimeout?: Duration;
  scheduleToStartTimeout?: Duration;
  heartbeatTimeout?: Duration;
  retry?: RetryPolicy;
  /** Default WAIT_CANCELLATION_COMPLETED. */
  cancellationType?: ActivityCancellationType;
}

type ActivityFunction = (...args: never[]) => Promise<unknown>;
/** The activity module's functions, each returning a promise of its result. */
export type ActivityInterfaceFor<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

const optionalMs = (d: Duration | undefined) => (d === undefined ? undefined : msToNumber(d));

export function compileRetryPolicy(retry: RetryPolicy | undefined): RetryPolicyProto | undefined {
  if (!retry) return undefined;
  if (retry.backoffCoefficient !== undefined && retry.backoffCoefficient < 1) {
    throw new RangeError(`RetryPolicy.backoffCoefficient must be >= 1, got ${retry.backoffCoefficient}`);
  }
  if (retry.maximumAttempts !== undefined && (!Number.isInteger(retry.maximumAttempts) || retry.maximumAttempts < 0)) {
    throw new RangeError(`RetryPolicy.maximumAttempts must be a non-negative integer, got ${retry.maximumAttempts}`);
  }
  const duration = (d: Duration | undefined) => (d === undefined ? undefined : (msToProtoDuration(msToNumber(d)) as unknown as RetryPolicyProto['initialInterval']));
  return {
    initialInterval: duration(retry.initialInterval),
    backoffCoefficient: retry.backoffCoefficient,
    maximumInterval: duration(retry.maximumInterval),
    maximumAttempts: retry.maximumAttempts,
    nonRetryableErrorTypes: retry.nonRetryableErrorTypes,
  };
}

/** Schedules one activity by type name. */
export function scheduleActivity<R>(activityType: string, args: unknown[], options: ActivityOptions): Promise<R> {
  if (options.scheduleToCloseTimeout === undefined && options.startToCloseTimeout === undefined) {
    throw new TypeError(`Activity ${activityType}: either scheduleToCloseTimeout or startToCloseTimeout is required`);
  }
  const activator = currentActivator();
  const schedule = compose<ActivityInput, Promise<unknown>>(activator.interceptors.outbound, 'scheduleActivity', (input) =>
    activator.scheduleActivity({
      kind: 'scheduleActivity',
      seq: input.seq,
      activityType: input.activityType,
      activityId: input.options.activityId,
      taskQueue: input.options.taskQueue ?? activator.info.taskQueue,
      args: input.args.map((a) => activator.payloadConverter.toPayload(a)),
      headers: input.headers,
      ...timeouts(input.options),
      retryPolicy: compileRetryPolicy(input.options.retry),
      cancellationType: input.options.cancellationType ?? 'WAIT_CANCELLATION_COMPLETED',
    }),
  );
  return schedule({ activityType, args, options, headers: {}, seq: activator.nextSeq('activity') }) as Promise<R>;
}

function timeouts(options: ActivityOptions) {
  return {
    scheduleToCloseTimeoutMs: optionalMs(options.scheduleToCloseTimeout),
    scheduleToStartTimeoutMs: optionalMs(options.scheduleToStartTimeout),
    startToCloseTimeoutMs: optionalMs(options.startToCloseTimeout),
    heartbeatTimeoutMs: optionalMs(options.heartbeatTimeout),
  };
}

/**
 * A proxy whose properties are functions that schedule the activity of that name:
 * `const { charge } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' })`.
 */
export function proxyActivities<A = Record<string, ActivityFunction>>(options: ActivityOptions): ActivityInterfaceFor<A> {
  if (options === undefined || options === null) throw new TypeError('proxyActivities needs options (at least a timeout)');
  if (options.scheduleToCloseTimeout === undefined && options.startToCloseTimeout === undefined) {
    throw new TypeError('proxyActivities: either scheduleToCloseTimeout or startToCloseTimeout is required');
  }
  return new Proxy({} as ActivityInterfaceFor<A>, {
    get(_, name) {
      if (typeof name !== 'string') throw new TypeError(`Activities are named by strings, got ${String(name)}`);
      return (...args: unknown[]) => scheduleActivity(name, args, options);
    },
  });
}

export interface LocalActivityOptions {
  scheduleToCloseTimeout?: Duration;
  startToCloseTimeout?: Duration;
  retry?: RetryPolicy;
  activityId?: string;
}

/**
 * Like proxyActivities, for short activities run by the worker inside the workflow task: no round trip through
 * the server's task queue, recorded as a marker in history.
 */
export function proxyLocalActivities<A = Record<string, ActivityFunction>>(options: LocalActivityOptions): ActivityInterfaceFor<A> {
  if (!options || (options.scheduleToCloseTimeout === undefined && options.startToCloseTimeout === undefined)) {
    throw new TypeError('proxyLocalActivities: either scheduleToCloseTimeout or startToCloseTimeout is required');
  }
  return new Proxy({} as ActivityInterfaceFor<A>, {
    get(_, name) {
      if (typeof name !== 'string') throw new TypeError(`Activities are named by strings, got ${String(name)}`);
      return (...args: unknown[]) => {
        const activator = currentActivator();
        const schedule = compose<LocalActivityInput, Promise<unknown>>(activator.interceptors.outbound, 'scheduleLocalActivity', (input) =>
          activator.scheduleLocalActivity({
            kind: 'scheduleLocalActivity',
            seq: input.seq,
            activityType: input.activityType,
            activityId: input.options.activityId,
            args: input.args.map((a) => activator.payloadConverter.toPayload(a)),
            headers: input.headers,
            scheduleToCloseTimeoutMs: optionalMs(input.options.scheduleToCloseTimeout),
            startToCloseTimeoutMs: optionalMs(input.options.startToCloseTimeout),
            retryPolicy: compileRetryPolicy(input.options.retry),
          }),
        );
        // Local activities share the activity sequence, as the official SDK numbers them.
        return schedule({ activityType: name, args, options, headers: {}, seq: activator.nextSeq('activity'), attempt: 1 });
      };
    },
  });
}
