// proxyActivities: call activities as if they were local functions; each call becomes a ScheduleActivityTask command.
import {
  compilePriority,
  compileRetryPolicy,
  composeInterceptors,
  msToNumber,
  type Duration,
  type PayloadTypeInfo,
  type RetryPolicy,
} from '@durable/common';
import { currentActivator } from '../runtime/state.js';
import type { ActivityOptions, LocalActivityOptions } from '../runtime/options.js';
import type { RetryPolicyProto } from '../runtime/protocol.js';
import { toUserMetadata } from '../runtime/user-metadata.js';

export { ActivityCancellationType } from '@durable/common';
export type { RetryPolicy };

/** Options of proxyActivities: ActivityOptions, plus type information per activity name. */
export type ActivityProxyOptions<A = UntypedActivities> = ActivityOptions & { activityTypeInfo?: Partial<Record<keyof A & string, PayloadTypeInfo>> };
export type LocalActivityProxyOptions<A = UntypedActivities> = LocalActivityOptions & { activityTypeInfo?: Partial<Record<keyof A & string, PayloadTypeInfo>> };

export type ActivityFunction<P extends unknown[] = unknown[], R = unknown> = (...args: P) => Promise<R>;
export type UntypedActivities = Record<string, ActivityFunction>;

/** Marks, in a proxy's type, a member of the activities module that is not an activity function. */
export const NotAnActivityMethod = Symbol.for('__TEMPORAL_NOT_AN_ACTIVITY_METHOD');

/** The activity module's functions, each returning a promise of its result. */
export type ActivityInterfaceFor<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : typeof NotAnActivityMethod;
};
export type LocalActivityInterfaceFor<T> = ActivityInterfaceFor<T>;

const optionalMs = (d: Duration | undefined) => (d === undefined ? undefined : msToNumber(d));

export function compileRetry(retry: RetryPolicy | undefined): RetryPolicyProto | undefined {
  return retry ? compileRetryPolicy(retry) : undefined;
}

function checkTimeouts(what: string, options: { scheduleToCloseTimeout?: Duration; startToCloseTimeout?: Duration } | undefined): void {
  if (options === undefined || options === null) throw new TypeError(`${what}: options must be defined (at least a timeout)`);
  if (options.scheduleToCloseTimeout === undefined && options.startToCloseTimeout === undefined) {
    throw new TypeError(`${what}: either scheduleToCloseTimeout or startToCloseTimeout is required`);
  }
}

/** Schedules one activity by type name, through the outbound interceptors. */
export function scheduleActivity<R>(activityType: string, args: unknown[], options: ActivityOptions, typeInfo?: PayloadTypeInfo): Promise<R> {
  checkTimeouts(`Activity ${activityType}`, options);
  const activator = currentActivator();
  const stack = activator.stackOf(scheduleActivity);
  const schedule = composeInterceptors(activator.interceptors.outbound, 'scheduleActivity', (input) =>
    activator.scheduleActivity({
      kind: 'scheduleActivity',
      seq: input.seq,
      activityType: input.activityType,
      activityId: input.options.activityId,
      taskQueue: input.options.taskQueue ?? activator.info.taskQueue,
      args: input.args.map((a) => activator.payloadConverter.toPayload(a)),
      headers: input.headers,
      scheduleToCloseTimeoutMs: optionalMs(input.options.scheduleToCloseTimeout),
      scheduleToStartTimeoutMs: optionalMs(input.options.scheduleToStartTimeout),
      startToCloseTimeoutMs: optionalMs(input.options.startToCloseTimeout),
      heartbeatTimeoutMs: optionalMs(input.options.heartbeatTimeout),
      retryPolicy: compileRetry(input.options.retry),
      cancellationType: input.options.cancellationType ?? 'WAIT_CANCELLATION_COMPLETED',
      priority: input.options.priority ? compilePriority(input.options.priority) : undefined,
      userMetadata: toUserMetadata(activator.payloadConverter, input.options.summary),
      doNotEagerlyExecute: input.options.allowEagerDispatch === false ? true : undefined,
    }, stack),
  );
  return schedule({ activityType, args, options, headers: {}, seq: activator.nextSeq('activity'), typeInfo }) as Promise<R>;
}

/**
 * Schedules one local activity by type name, through the outbound interceptors: run by the worker inside the
 * workflow task (no task queue round trip), recorded as a marker in history.
 */
export function scheduleLocalActivity<R>(activityType: string, args: unknown[], options: LocalActivityOptions, typeInfo?: PayloadTypeInfo): Promise<R> {
  checkTimeouts(`Local activity ${activityType}`, options);
  const activator = currentActivator();
  const stack = activator.stackOf(scheduleLocalActivity);
  const schedule = composeInterceptors(activator.interceptors.outbound, 'scheduleLocalActivity', (input) =>
    activator.scheduleLocalActivity({
      kind: 'scheduleLocalActivity',
      seq: input.seq,
      activityType: input.activityType,
      activityId: input.options.activityId,
      args: input.args.map((a) => activator.payloadConverter.toPayload(a)),
      headers: input.headers,
      scheduleToCloseTimeoutMs: optionalMs(input.options.scheduleToCloseTimeout),
      startToCloseTimeoutMs: optionalMs(input.options.startToCloseTimeout),
      retryPolicy: compileRetry(input.options.retry),
    }, stack),
  );
  // Local activities share the activity sequence, as the official SDK numbers them.
  return schedule({ activityType, args, options, headers: {}, seq: activator.nextSeq('activity'), attempt: 1, typeInfo }) as Promise<R>;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `base` with `overrides` applied; nested option objects (retry, priority) are merged, not replaced. */
function mergeOptions<T extends object>(base: T, overrides: Partial<T> | undefined): T {
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(overrides ?? {})) {
    const prev = out[k];
    out[k] = isPlainObject(prev) && isPlainObject(v) ? mergeOptions<Record<string, unknown>>(prev, v) : v;
  }
  return out as unknown as T;
}

function activityProxy<A, O extends { activityTypeInfo?: Partial<Record<string, PayloadTypeInfo>> }>(
  options: O,
  schedule: (type: string, args: unknown[], options: Omit<O, 'activityTypeInfo'>, typeInfo?: PayloadTypeInfo) => Promise<unknown>,
): ActivityInterfaceFor<A> {
  const { activityTypeInfo, ...rest } = options;
  return new Proxy({} as ActivityInterfaceFor<A>, {
    get(_, name) {
      if (typeof name !== 'string') throw new TypeError(`Only strings are supported for Activity types, got: ${String(name)}`);
      const call = (...args: unknown[]) => schedule(name, args, rest, activityTypeInfo?.[name]);
      /** The same activity with some options changed for this call. */
      call.executeWithOptions = (overrides: Partial<Omit<O, 'activityTypeInfo'>>, args: unknown[]) => schedule(name, args, mergeOptions(rest, overrides), activityTypeInfo?.[name]);
      return call;
    },
  });
}

/**
 * A proxy whose properties are functions that schedule the activity of that name:
 * `const { charge } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' })`.
 */
export function proxyActivities<A = UntypedActivities>(options: ActivityProxyOptions<A>): ActivityInterfaceFor<A> {
  checkTimeouts('proxyActivities', options);
  return activityProxy<A, ActivityProxyOptions<A>>(options, scheduleActivity);
}

/**
 * Like proxyActivities, for short activities run by the worker inside the workflow task: no round trip through
 * the server's task queue, recorded as a marker in history.
 */
export function proxyLocalActivities<A = UntypedActivities>(options: LocalActivityProxyOptions<A>): LocalActivityInterfaceFor<A> {
  checkTimeouts('proxyLocalActivities', options);
  return activityProxy<A, LocalActivityProxyOptions<A>>(options, scheduleLocalActivity);
}
