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
export {
  proxyActivities,
  proxyLocalActivities,
  scheduleActivity,
  scheduleLocalActivity,
  ActivityCancellationType,
  NotAnActivityMethod,
} from './api/activities.js';
export type {
  ActivityProxyOptions,
  LocalActivityProxyOptions,
  ActivityInterfaceFor,
  LocalActivityInterfaceFor,
  ActivityFunction,
  UntypedActivities,
  RetryPolicy,
} from './api/activities.js';
export { sleep, condition } from './api/timers.js';
export {
  defineSignal,
  defineQuery,
  defineUpdate,
  setHandler,
  setDefaultSignalHandler,
  setDefaultQueryHandler,
  setDefaultUpdateHandler,
  allHandlersFinished,
  currentUpdateInfo,
  getCurrentDetails,
  setCurrentDetails,
  stackTraceQuery,
  enhancedStackTraceQuery,
  workflowMetadataQuery,
} from './api/handlers.js';
export type {
  SignalDefinition,
  QueryDefinition,
  UpdateDefinition,
  SignalDefinitionOptions,
  QueryDefinitionOptions,
  UpdateDefinitionOptions,
  SignalTypeInfo,
  Handler,
  HandlerOptions,
  QueryHandlerOptions,
  SignalHandlerOptions,
  UpdateHandlerOptions,
  UpdateValidator,
  DefaultSignalHandler,
  DefaultQueryHandler,
  DefaultUpdateHandler,
} from './api/handlers.js';
export { startChild, executeChild, getExternalWorkflowHandle, addDefaultWorkflowOptions } from './api/children.js';
export type { ChildWorkflowHandle, ExternalWorkflowHandle } from './api/children.js';
export { ParentClosePolicy, ChildWorkflowCancellationType } from './runtime/options.js';
export type { ActivityOptions, LocalActivityOptions, ChildWorkflowOptions, ContinueAsNewOptions } from './runtime/options.js';
export {
  workflowInfo,
  uuid4,
  patched,
  deprecatePatch,
  continueAsNew,
  makeContinueAsNewFunc,
  upsertSearchAttributes,
  upsertMemo,
  defineWorkflowOptions,
  setWorkflowOptions,
} from './api/misc.js';
export { proxySinks } from './api/sinks.js';
export type { Sink, Sinks, SinkFunction, SinkCall } from './api/sinks.js';
export { log, workflowLogAttributes } from './api/logs.js';
export type { WorkflowLogger, LoggerSinks, LoggerSinksInternal } from './api/logs.js';
export { metricMeter } from './api/metrics.js';
export type { MetricSinks, WorkflowMetricMeter } from './api/metrics.js';
export { Trigger } from './api/trigger.js';
export { getRandomStream, workflowRandom } from './api/random-streams.js';
export type { WorkflowRandomStream } from './api/random-streams.js';
export { createEventGroup } from './api/event-groups.js';
export type { EventGroupMarker } from './api/event-groups.js';
export { WorkflowError, DeterminismViolationError, LocalActivityDoBackoff } from './api/errors.js';
export { AsyncLocalStorage } from './runtime/async-local-storage.js';
export { CancellationScope, isCancellation } from './runtime/scope.js';
export { inWorkflowContext } from './runtime/state.js';
export type { CancellationScopeOptions } from './runtime/scope.js';
export { ContinueAsNew } from './runtime/continue-as-new-error.js';
export { SdkFlags, getActivator } from './runtime/flags.js';
export type { SdkFlag, WorkflowActivator } from './runtime/flags.js';
export type { WorkflowInfo, UnsafeWorkflowInfo, UnsafeRandomSource, ParentWorkflowInfo, RootWorkflowInfo, UpdateInfo } from './runtime/info.js';
export type { EnhancedStackTrace, StackTrace, StackTraceFileLocation, StackTraceFileSlice, StackTraceSDKInfo } from './runtime/stack-traces.js';
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
  TimerOptions,
  ActivityInput,
  LocalActivityInput,
  StartChildWorkflowExecutionInput,
  SignalWorkflowInput,
  ContinueAsNewInput,
  GetLogAttributesInput,
  GetMetricTagsInput,
  Headers,
  Next,
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
  ValueError,
  PayloadConverterError,
  IllegalStateError,
  WorkflowNotFoundError,
  NamespaceNotFoundError,
  CompleteAsyncError,
  ExternalStorageNotConfiguredError,
  RetryState,
  TimeoutType,
  SearchAttributeType,
  TypedSearchAttributes,
  defineSearchAttributeKey,
  defaultPayloadConverter,
  rootCause,
  WorkflowIdReusePolicy,
  WorkflowIdConflictPolicy,
  encodeWorkflowIdReusePolicy,
  decodeWorkflowIdReusePolicy,
  encodeWorkflowIdConflictPolicy,
  decodeWorkflowIdConflictPolicy,
  extractWorkflowType,
  extractWorkflowTypeAndConfig,
} from '@durable/common';
export type {
  SearchAttributes,
  SearchAttributeValue,
  SearchAttributePair,
  SearchAttributeUpdatePair,
  Duration,
  Payload,
  PayloadConverter,
  WorkflowDefinitionOptions,
  WorkflowDefinitionOptionsOrGetter,
  WorkflowDefinitionConfig,
  VersioningBehavior,
  HandlerUnfinishedPolicy,
} from '@durable/common';
