/**
 * @durable/workflow: the API used inside workflow code, with the names and shapes of @temporalio/workflow.
 * Workflow code runs in a deterministic sandbox; every call here becomes a command recorded in history.
 *
 * @example
 * ```ts
 * import { proxyActivities, sleep } from '@durable/workflow';
 * import type * as activities from './activities';
 * const { charge, sendEmail } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });
 * export async function subscription(customer: string): Promise<void> {
 *   for (let month = 0; month < 12; month++) {
 *     await charge(customer);
 *     await sleep('30 days');
 *   }
 *   await sendEmail(customer, 'Thanks for a year with us');
 * }
 * ```
 */
export { proxyActivities, proxyLocalActivities, scheduleActivity, ActivityCancellationType } from './api/activities.js';
export type { ActivityOptions, LocalActivityOptions, ActivityInterfaceFor, RetryPolicy } from './api/activities.js';
export { sleep, condition } from './api/timers.js';
export { defineSignal, defineQuery, defineUpdate, setHandler, setDefaultSignalHandler, allHandlersFinished } from './api/handlers.js';
export type { SignalDefinition, QueryDefinition, UpdateDefinition, Handler, HandlerOptions } from './api/handlers.js';
export { startChild, executeChild, getExternalWorkflowHandle, ParentClosePolicy, ChildWorkflowCancellationType } from './api/children.js';
export type { ChildWorkflowOptions, ChildWorkflowHandle, ExternalWorkflowHandle } from './api/children.js';
export {
  workflowInfo,
  uuid4,
  patched,
  deprecatePatch,
  continueAsNew,
  makeContinueAsNewFunc,
  upsertSearchAttributes,
  upsertMemo,
  log,
} from './api/misc.js';
export type { ContinueAsNewOptions } from './api/misc.js';
export { CancellationScope, isCancellation, inWorkflowContext } from './runtime/scope.js';
export type { CancellationScopeOptions } from './runtime/scope.js';
export { ContinueAsNew } from './runtime/continue-as-new-error.js';
export type { WorkflowInfo, UnsafeWorkflowInfo, ParentWorkflowInfo } from './runtime/info.js';
export type {
  WorkflowInterceptors,
  WorkflowInterceptorsFactory,
  WorkflowInboundCallsInterceptor,
  WorkflowOutboundCallsInterceptor,
  WorkflowExecuteInput,
  SignalInput,
  QueryInput,
  UpdateInput,
  TimerInput,
  ActivityInput,
  LocalActivityInput,
  StartChildWorkflowExecutionInput,
  SignalWorkflowInput,
  ContinueAsNewInput,
  Headers,
} from './runtime/interceptors.js';
export {
  TemporalFailure,
  ApplicationFailure,
  ActivityFailure,
  ChildWorkflowFailure,
  CancelledFailure,
  TerminatedFailure,
  TimeoutFailure,
  ServerFailure,
  WorkflowExecutionAlreadyStartedError,
  RetryState,
  TimeoutType,
  SearchAttributeType,
  TypedSearchAttributes,
  defineSearchAttributeKey,
} from '@durable/common';
export type { SearchAttributes, SearchAttributePair, SearchAttributeUpdatePair, Duration } from '@durable/common';
