/**
 * @durable/activity: what an activity function can ask of the worker running it — its info, heartbeats,
 * cancellation, a client — with the names and shapes of @temporalio/activity.
 *
 * @example
 * ```ts
 * import { Context, heartbeat, cancellationSignal } from '@durable/activity';
 * export async function upload(files: string[]): Promise<void> {
 *   const start = Context.current().info.heartbeatDetails ?? 0; // resume where the last attempt stopped
 *   for (let i = start; i < files.length; i++) {
 *     await putObject(files[i], { signal: cancellationSignal() });
 *     heartbeat(i + 1);
 *   }
 * }
 * ```
 */
export {
  Context,
  asyncLocalStorage,
  activityInfo,
  heartbeat,
  sleep,
  cancelled,
  cancellationSignal,
  cancellationDetails,
  getClient,
  setActivityOptions,
  log,
  metricMeter,
} from './context.js';
export type { Info, ActivityLogger, ActivityCancellationDetailsHolder } from './context.js';
export { ApplicationFailure, CancelledFailure, CompleteAsyncError } from '@durable/common';
export type { ActivityDefinitionOptions } from '@durable/common';
