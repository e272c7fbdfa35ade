/**
 * @durable/client: start and manage workflows on a Temporal-compatible server — Durable's dev server, a Temporal
 * cluster or Temporal Cloud. Names and shapes follow @temporalio/client, so moving code is an import change.
 *
 * @example
 * ```ts
 * import { Client, Connection } from '@durable/client';
 * const connection = await Connection.connect({ address: 'localhost:7233' });
 * const client = new Client({ connection });
 * const handle = await client.workflow.start('orderWorkflow', { taskQueue: 'orders', workflowId: 'order-1', args: [order] });
 * console.log(await handle.result());
 * ```
 */
export { Connection } from './connection.js';
export type { CallObserver, ConnectionOptions, ConnectionPlugin, TLSConfig, RetryOptions } from './connection.js';
export { defaultGrpcRetryOptions, isRetryableError, makeGrpcRetryInterceptor } from './grpc-retry.js';
export type { GrpcRetryOptions, BackoffOptions } from './grpc-retry.js';
export { Client } from './client.js';
export type { ClientOptions, ClientPlugin } from './client.js';
export type { BaseClientOptions } from './base-client.js';
export { WorkflowClient, WithStartWorkflowOperation } from './workflow-client.js';
export type { Workflow, WorkflowClientOptions, WorkflowHandle, WorkflowListOptions } from './workflow-client.js';
export type { WorkflowClientContext } from './workflow-client-context.js';
export { AsyncCompletionClient } from './async-completion-client.js';
export { ActivityClient } from './activity-client.js';
export type { ActivityClientOptions } from './activity-client.js';
export type {
  ActivityOptions,
  ActivityHandle,
  GetActivityHandleOptions,
  ActivityDescribeOptions,
  ActivityPauseOptions,
  ActivityUnpauseOptions,
  ActivityOptionsUpdate,
  ActivityOptionsUpdateResult,
  ActivityExecutionInfo,
  ActivityExecutionDescription,
  CountActivityExecutions,
  RawActivityExecutionInfo,
  RawActivityExecutionListInfo,
  RawActivityExecutionCallbacks,
  TypedActivityClient,
  ActivityName,
  ActivityArgs,
  ActivityResult,
  ActivityOptionsWithArgs,
  ActivityOptionsFor,
} from './activity-types.js';
export type { AsyncCompletionClientOptions, FullActivityId } from './async-completion-client.js';
export {
  TaskQueueClient,
  UnversionedBuildId,
  ReachabilityType,
  encodeTaskReachability,
  decodeTaskReachability,
  reachabilityResponseFromProto,
} from './task-queue-client.js';
export type {
  TaskQueueClientOptions,
  BuildIdOperation,
  BuildIdVersionSet,
  WorkerBuildIdVersionSets,
  ReachabilityOptions,
  ReachabilityResponse,
  ReachabilityTypeResponse,
  BuildIdReachability,
} from './task-queue-client.js';
export {
  LOCAL_TARGET,
  InternalConnectionLikeSymbol,
  WorkflowService,
  OperatorService,
  TestService,
  HealthService,
  QueryRejectCondition,
  encodeQueryRejectCondition,
  decodeQueryRejectCondition,
  PendingActivityState,
  encodePendingActivityState,
  decodePendingActivityState,
  ActivityIdReusePolicy,
  encodeActivityIdReusePolicy,
  decodeActivityIdReusePolicy,
  ActivityIdConflictPolicy,
  encodeActivityIdConflictPolicy,
  decodeActivityIdConflictPolicy,
  ActivityExecutionStatus,
  encodeActivityExecutionStatus,
  decodeActivityExecutionStatus,
} from './client-types.js';
export type { Definition } from './workflow-handle.js';
export { ScheduleClient, ScheduleAlreadyRunning, ScheduleNotFoundError } from './schedule-client.js';
export type { ScheduleClientOptions } from './schedule-client.js';
export type { ScheduleHandle } from './schedule-client.js';
export { ScheduleOverlapPolicy, MONTHS, DAYS_OF_WEEK, encodeScheduleOverlapPolicy, decodeScheduleOverlapPolicy } from './schedule-types.js';
export type {
  ScheduleOptions,
  ScheduleUpdateOptions,
  ScheduleDescription,
  ScheduleSummary,
  ScheduleSpec,
  ScheduleSpecDescription,
  CalendarSpec,
  CalendarSpecDescription,
  IntervalSpec,
  Backfill,
  Range,
  LooseRange,
  Month,
  DayOfWeek,
  ScheduleOptionsStartWorkflowAction,
  ScheduleExecutionResult,
} from './schedule-types.js';
export { WorkflowUpdateStage } from './update.js';
export type { WorkflowUpdateHandle } from './update.js';
export { WorkflowIdReusePolicy, WorkflowIdConflictPolicy, compileWorkflowOptions } from './workflow-options.js';
export type { WorkflowOptions, WorkflowSignalWithStartOptions, RetryPolicy } from './workflow-options.js';
export { WorkflowExecutionStatusName } from './describe.js';
export type { WorkflowExecutionInfo, WorkflowExecutionDescription, CountWorkflowExecution } from './describe.js';
export type {
  WorkflowClientInterceptor,
  ClientInterceptors,
  Headers,
  WorkflowStartInput,
  CompiledWorkflowOptions,
  WorkflowSignalInput,
  WorkflowSignalWithStartInput,
  WorkflowQueryInput,
  WorkflowStartUpdateInput,
  WorkflowStartUpdateOutput,
  WorkflowTerminateInput,
  WorkflowCancelInput,
  WorkflowDescribeInput,
  ActivityClientInterceptor,
  ActivityStartInput,
  ActivityGetResultInput,
  ActivityDescribeInput,
  ActivityCancelInput,
  ActivityTerminateInput,
  ActivityListInput,
  ActivityCountInput,
  ActivityPauseInput,
  ActivityUnpauseInput,
  ActivityUpdateOptionsInput,
  ActivityRestoreOriginalOptionsInput,
} from './interceptors.js';
export {
  ServiceError,
  WorkflowFailedError,
  WorkflowContinuedAsNewError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  WorkflowNotFoundError,
  NamespaceNotFoundError,
  QueryNotRegisteredError,
  QueryRejectedError,
  ValueError,
  IllegalStateError,
  CompleteAsyncError,
  ExternalStorageNotConfiguredError,
  ActivityNotFoundError,
  ActivityCompletionError,
  ActivityCancelledError,
  ActivityPausedError,
  ActivityResetError,
  ActivityExecutionFailedError,
  ActivityExecutionAlreadyStartedError,
  BuildIdNotFoundError,
  isGrpcServiceError,
  isGrpcDeadlineError,
  isGrpcCancelledError,
  isServerErrorResponse,
} from './errors.js';
// Failures recorded in history, the data converter and search attributes, as @temporalio/client re-exports them.
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
  ApplicationFailureCategory,
  DefaultPayloadConverter,
  DefaultPayloadConverterWithProtobufs,
  CompositePayloadConverter,
  JsonPayloadConverter,
  BinaryPayloadConverter,
  UndefinedPayloadConverter,
  DefaultFailureConverter,
  defaultPayloadConverter,
  PayloadConverterError,
  SearchAttributeType,
  TypedSearchAttributes,
  defineSearchAttributeKey,
  HandlerUnfinishedPolicy,
  encodeWorkflowIdReusePolicy,
  decodeWorkflowIdReusePolicy,
  encodeWorkflowIdConflictPolicy,
  decodeWorkflowIdConflictPolicy,
  extractWorkflowType,
  extractWorkflowTypeAndConfig,
} from '@durable/common';
export type {
  Payload,
  PayloadCodec,
  PayloadConverter,
  FailureConverter,
  DataConverter,
  SearchAttributes,
  SearchAttributeKey,
  SearchAttributePair,
} from '@durable/common';
