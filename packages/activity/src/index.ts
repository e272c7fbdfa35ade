/**
 * @durable/activity: what an activity function can ask of the worker running it (info, heartbeat, cancellation).
 */
export { ApplicationFailure, CancelledFailure } from '@durable/common';
