// Activity interceptors, in @temporalio/worker's shapes: inbound wraps the activity function's execution, outbound
// contributes log attributes and metric tags. The worker and MockActivityEnvironment run activities through here.
import { asyncLocalStorage, type Context, type Info } from '@durable/activity';
import { LoggerWithComposedMetadata, SdkComponent, composeInterceptors, type Headers, type Logger, type MetricTags, type Next } from '@durable/common';
import { activityLogAttributes } from './logger.js';

export interface ActivityExecuteInput {
  readonly args: unknown[];
  readonly headers: Headers;
}
export type GetLogAttributesInput = Record<string, unknown>;
export type GetMetricTagsInput = MetricTags;

/** Wraps each activity execution (tracing, logging, context propagation through headers). */
export interface ActivityInboundCallsInterceptor {
  execute?: (input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>) => Promise<unknown>;
}
/** Contributes what the activity's log lines and metrics carry. */
export interface ActivityOutboundCallsInterceptor {
  getLogAttributes?: (input: GetLogAttributesInput, next: Next<ActivityOutboundCallsInterceptor, 'getLogAttributes'>) => Record<string, unknown>;
  getMetricTags?: (input: GetMetricTagsInput, next: Next<ActivityOutboundCallsInterceptor, 'getMetricTags'>) => MetricTags;
}
export interface ActivityInterceptors {
  inbound?: ActivityInboundCallsInterceptor;
  outbound?: ActivityOutboundCallsInterceptor;
}
/** Called once per activity execution with its Context. */
export type ActivityInterceptorsFactory = (ctx: Context) => ActivityInterceptors;
/** @deprecated upstream: a factory of inbound interceptors only. */
export type ActivityInboundCallsInterceptorFactory = (ctx: Context) => ActivityInboundCallsInterceptor;

/**
 * The context's logger: `base` with the activity's attributes, as the outbound interceptors shape them (computed
 * per line, so an interceptor may read changing state).
 */
export function activityContextLogger(base: Logger, info: Info, outbound: readonly ActivityOutboundCallsInterceptor[]): Logger {
  const attributes = activityLogAttributes(info);
  return LoggerWithComposedMetadata.compose(base, () => ({
    sdkComponent: SdkComponent.activity,
    ...composeInterceptors(outbound, 'getLogAttributes', (a: Record<string, unknown>) => a)(attributes),
  }));
}

/** Runs `fn` as the activity of `ctx`, through the interceptors the factories make for it. */
export function runActivity(
  fn: (...args: unknown[]) => unknown,
  ctx: Context,
  input: ActivityExecuteInput,
  factories: readonly ActivityInterceptorsFactory[],
  baseLogger: Logger,
): Promise<unknown> {
  // The context's logger is set before the interceptors are made, so one of them may replace it; the outbound
  // interceptors it consults are read per line, once they exist.
  const outbound: ActivityOutboundCallsInterceptor[] = [];
  ctx.log = activityContextLogger(baseLogger, ctx.info, outbound);
  const made = factories.map((f) => f(ctx));
  const inbound = made.flatMap((m) => (m.inbound ? [m.inbound] : []));
  for (const m of made) if (m.outbound) outbound.push(m.outbound);
  const execute = composeInterceptors(inbound, 'execute', async (i: ActivityExecuteInput) => fn(...i.args));
  return asyncLocalStorage.run(ctx, () => execute(input));
}
