/**
 * @durable/common: workflow-safe code shared by the server and the SDK (no Node built-ins: it runs in the sandbox).
 *
 * @example
 * ```ts
 * import { msToNumber, retryPolicyWithDefaults, computeBackoffMs } from '@durable/common';
 * const policy = retryPolicyWithDefaults({ initialIntervalMs: msToNumber('1s') });
 * computeBackoffMs(policy, 3); // 4000
 * ```
 */
export {
  msToNumber,
  msOptionalToNumber,
  msToTimestampParts,
  timestampPartsToMs,
  msToProtoDuration,
  protoDurationToMs,
  tsToMs,
  optionalTsToMs,
  msNumberToTs,
  msToTs,
  msOptionalToTs,
  tsToDate,
  optionalTsToDate,
} from './duration.js';
export type { Duration, Int64Like, TimeParts, Timestamp } from './duration.js';
export {
  markErrorClass,
  ValueError,
  PayloadConverterError,
  IllegalStateError,
  WorkflowNotFoundError,
  NamespaceNotFoundError,
  CompleteAsyncError,
  ExternalStorageNotConfiguredError,
  errorMessage,
  errorCode,
} from './errors.js';
export { makeEnumConverters } from './enum-converters.js';
export type { EnumEncoder, EnumDecoder } from './enum-converters.js';
export { RetryStateCode, TimeoutTypeCode } from './enum-codes.js';
export {
  RetryPolicyError,
  retryPolicyWithDefaults,
  computeBackoffMs,
  isRetryableFailure,
  decideActivityRetry,
  summarizeFailure,
} from './retry-policy.js';
export type { ResolvedRetryPolicy, FailureSummary, RetryDecision } from './retry-policy.js';
export { compileRetryPolicy, decompileRetryPolicy, compilePriority, decodePriority } from './retry-options.js';
export type { RetryPolicy, Priority } from './retry-options.js';
export { ActivityTimeoutError, normalizeActivityTimeouts } from './activity-timeouts.js';
export type { ActivityTimeouts } from './activity-timeouts.js';
export { ActivityCancellationType, ActivityCancellationDetails } from './activity-options.js';
export type { ActivityCancellationDetailsOptions } from './activity-options.js';
export {
  FAILURE_SOURCE,
  TimeoutType,
  RetryState,
  ApplicationFailureCategory,
  encodeRetryState,
  decodeRetryState,
  encodeTimeoutType,
  decodeTimeoutType,
  encodeApplicationFailureCategory,
  decodeApplicationFailureCategory,
  TemporalFailure,
  ServerFailure,
  ApplicationFailure,
  CancelledFailure,
  TerminatedFailure,
  TimeoutFailure,
  ActivityFailure,
  ChildWorkflowFailure,
  WorkflowExecutionAlreadyStartedError,
  createPayloadValidationError,
  ensureApplicationFailure,
  ensureTemporalFailure,
  rootCause,
} from './failures.js';
export type { ProtoFailure, WorkflowExecution, ApplicationFailureOptions } from './failures.js';
export {
  METADATA_ENCODING_KEY,
  METADATA_MESSAGE_TYPE_KEY,
  encodingTypes,
  encodingKeys,
  encodeUtf8,
  decodeUtf8,
  u8,
  str,
  payloadEncoding,
  UndefinedPayloadConverter,
  BinaryPayloadConverter,
  JsonPayloadConverter,
  ProtobufJsonPayloadConverter,
  CompositePayloadConverter,
  DefaultPayloadConverter,
  DefaultPayloadConverterWithProtobufs,
  defaultPayloadConverter,
  RawValue,
  rawValueTypeInfo,
  toPayloadWithTypeInfo,
  fromPayloadWithTypeInfo,
  toPayloads,
  toPayloadsWithContext,
  convertOptionalToPayload,
  fromPayloadsAtIndex,
  arrayFromPayloads,
  mapToPayloads,
  mapFromPayloads,
} from './payload-converter.js';
export type {
  Payload,
  PayloadConverter,
  PayloadConverterWithEncoding,
  EncodingType,
  SerializationContext,
  WorkflowSerializationContext,
  ActivitySerializationContext,
  ConverterHint,
  TransferTypeConverter,
  TypeInfo,
  PayloadTypeInfo,
} from './payload-converter.js';
export { DefaultFailureConverter, defaultFailureConverter, cutoffStackTrace } from './failure-converter.js';
export type { FailureConverter, DefaultFailureConverterOptions } from './failure-converter.js';
export { loadDataConverter, defaultDataConverter } from './data-converter.js';
export type { DataConverter, LoadedDataConverter } from './data-converter.js';
export {
  encodePayloads,
  decodePayloads,
  encodeOptionalPayloads,
  decodeOptionalPayloads,
  encodePayloadMap,
  decodePayloadMap,
  encodeFailure,
  decodeFailure,
} from './payload-codec.js';
export type { PayloadCodec } from './payload-codec.js';
export { ExternalStorage, StorageDriverClaim, isReferencePayload } from './external-storage.js';
export type {
  StorageDriver,
  StorageDriverSelector,
  StorageDriverTargetInfo,
  StorageDriverStoreContext,
  StorageDriverSelectContext,
  StorageDriverRetrieveContext,
} from './external-storage.js';
export {
  WorkflowIdReusePolicy,
  WorkflowIdConflictPolicy,
  encodeWorkflowIdReusePolicy,
  decodeWorkflowIdReusePolicy,
  encodeWorkflowIdConflictPolicy,
  decodeWorkflowIdConflictPolicy,
  HandlerUnfinishedPolicy,
  VersioningBehavior,
  encodeVersioningBehavior,
  decodeVersioningBehavior,
  InitialVersioningBehavior,
  encodeInitialVersioningBehavior,
  decodeInitialVersioningBehavior,
  toCanonicalString,
  convertDeploymentVersion,
  SuggestContinueAsNewReason,
  isWorkflowFunctionWithOptions,
  isWorkflowFunctionWithStaticOptions,
  isActivityFunctionWithOptions,
  extractWorkflowType,
  extractWorkflowTypeAndConfig,
} from './workflow-options.js';
export type {
  WorkerDeploymentVersion,
  VersioningOverride,
  PinnedVersioningOverride,
  AutoUpgradeVersioningOverride,
  WorkflowDefinitionOptions,
  WorkflowDefinitionOptionsOrGetter,
  WorkflowStaticOptions,
  WorkflowDefinitionConfig,
  WorkflowFunctionWithOptions,
  WorkflowFunctionWithStaticOptions,
  ActivityDefinitionOptions,
  WorkflowTypeOptions,
} from './workflow-options.js';
export { SdkComponent, LoggerWithComposedMetadata } from './logger.js';
export type { Logger, LogLevel, LogMetadata, LogMetaOrFunc } from './logger.js';
export { noopMetricMeter, MetricMeterWithComposedTags } from './metrics.js';
export type {
  MetricMeter,
  Metric,
  MetricCounter,
  MetricHistogram,
  MetricGauge,
  MetricUpDownCounter,
  MetricTags,
  MetricTagsOrFunc,
  MetricKind,
  NumericMetricValueType,
} from './metrics.js';
export {
  SearchAttributeType,
  defineSearchAttributeKey,
  isValidValueForType,
  TypedSearchAttributes,
  encodeSearchAttributes,
  encodeSearchAttributeUpdates,
  decodeSearchAttributes,
  decodeTypedSearchAttributes,
} from './search-attributes.js';
export type {
  SearchAttributes,
  SearchAttributeValue,
  SearchAttributeKey,
  SearchAttributePair,
  SearchAttributeUpdatePair,
} from './search-attributes.js';
export { composeInterceptors } from './interceptors.js';
export type { Headers, Next } from './interceptors.js';
export { utf8Encode, utf8Decode, Utf8TextEncoder, Utf8TextDecoder } from './utf8.js';
