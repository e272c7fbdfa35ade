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
export { msToNumber, msOptionalToNumber, msToTimestampParts, timestampPartsToMs, msToProtoDuration, protoDurationToMs } from './duration.js';
export type { Duration, Int64Like, TimeParts } from './duration.js';
export {
  RetryStateCode,
  TimeoutTypeCode,
  RetryPolicyError,
  retryPolicyWithDefaults,
  computeBackoffMs,
  isRetryableFailure,
  decideActivityRetry,
  summarizeFailure,
} from './retry-policy.js';
export type { RetryPolicy, FailureSummary, RetryDecision } from './retry-policy.js';
export { ActivityTimeoutError, normalizeActivityTimeouts } from './activity-timeouts.js';
export type { ActivityTimeouts } from './activity-timeouts.js';
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
  markErrorClass,
  TemporalFailure,
  ServerFailure,
  ApplicationFailure,
  CancelledFailure,
  TerminatedFailure,
  TimeoutFailure,
  ActivityFailure,
  ChildWorkflowFailure,
  WorkflowExecutionAlreadyStartedError,
  ensureTemporalFailure,
  rootCause,
} from './failures.js';
export type { ProtoFailure, WorkflowExecution, ApplicationFailureOptions } from './failures.js';
export {
  encodingTypes,
  PayloadConverterError,
  encodeUtf8,
  decodeUtf8,
  payloadEncoding,
  UndefinedPayloadConverter,
  BinaryPayloadConverter,
  JsonPayloadConverter,
  ProtobufJsonPayloadConverter,
  CompositePayloadConverter,
  DefaultPayloadConverter,
  DefaultPayloadConverterWithProtobufs,
  defaultPayloadConverter,
  toPayloads,
  fromPayloadsAtIndex,
  arrayFromPayloads,
  mapToPayloads,
  mapFromPayloads,
} from './payload-converter.js';
export type { Payload, PayloadConverter, PayloadConverterWithEncoding } from './payload-converter.js';
export { DefaultFailureConverter, defaultFailureConverter } from './failure-converter.js';
export type { FailureConverter, DefaultFailureConverterOptions } from './failure-converter.js';
export {
  loadDataConverter,
  defaultDataConverter,
  encodePayloads,
  decodePayloads,
  encodeOptionalPayloads,
  decodeOptionalPayloads,
  encodePayloadMap,
  decodePayloadMap,
  encodeFailure,
  decodeFailure,
} from './payload-codec.js';
export type { PayloadCodec, DataConverter, LoadedDataConverter } from './payload-codec.js';
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
