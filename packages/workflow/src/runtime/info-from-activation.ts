// How a run's WorkflowInfo (info.ts) is made from the activations the worker sends (protocol.ts).
import {
  decodeSearchAttributes,
  decodeTypedSearchAttributes,
  decompileRetryPolicy,
  mapFromPayloads,
  type FailureConverter,
  type PayloadConverter,
} from '@durable/common';
import type { UnsafeRandomSource, WorkflowInfo } from './info.js';
import type { Activation, InitializeWorkflow } from './protocol.js';

interface Converters {
  payloadConverter: PayloadConverter;
  failureConverter: FailureConverter;
}

/** A run's info from its first activation. */
export function infoFromInit(init: InitializeWorkflow, activation: Activation, c: Converters, unsafeRandom: UnsafeRandomSource, now: () => number): WorkflowInfo {
  return {
    workflowId: init.workflowId,
    runId: init.runId,
    workflowType: init.workflowType,
    namespace: init.namespace,
    taskQueue: init.taskQueue,
    searchAttributes: decodeSearchAttributes(init.searchAttributes),
    typedSearchAttributes: decodeTypedSearchAttributes(init.searchAttributes),
    memo: init.memo ? mapFromPayloads(c.payloadConverter, init.memo) : {},
    parent: init.parent,
    root: init.root,
    lastResult: init.lastCompletionResult?.length ? c.payloadConverter.fromPayload(init.lastCompletionResult[0]!) : undefined,
    lastFailure: init.continuedFailure ? c.failureConverter.failureToError(init.continuedFailure, c.payloadConverter) : undefined,
    historyLength: activation.historyLength,
    historySize: activation.historySizeBytes,
    continueAsNewSuggested: activation.continueAsNewSuggested,
    targetWorkerDeploymentVersionChanged: false,
    firstExecutionRunId: init.firstExecutionRunId,
    originalExecutionRunId: init.originalExecutionRunId,
    continuedFromExecutionRunId: init.continuedFromExecutionRunId,
    startTime: new Date(init.startTimeMs),
    runStartTime: new Date(init.runStartTimeMs),
    executionTimeoutMs: init.executionTimeoutMs,
    executionExpirationTime: init.executionExpirationTimeMs ? new Date(init.executionExpirationTimeMs) : undefined,
    runTimeoutMs: init.runTimeoutMs,
    taskTimeoutMs: init.taskTimeoutMs,
    retryPolicy: decompileRetryPolicy(init.retryPolicy),
    attempt: init.attempt,
    cronSchedule: init.cronSchedule,
    cronScheduleToScheduleInterval: undefined,
    currentBuildId: undefined,
    currentDeploymentVersion: undefined,
    suggestedContinueAsNewReasons: undefined,
    priority: init.priority,
    unsafe: { isReplaying: activation.isReplaying, isReplayingHistoryEvents: activation.isReplaying, now, random: unsafeRandom },
  };
}

/** The info after a new activation: history counters and the replay flags move on. */
export function infoForActivation(info: WorkflowInfo, activation: Activation): WorkflowInfo {
  return {
    ...info,
    historyLength: activation.historyLength,
    historySize: activation.historySizeBytes,
    continueAsNewSuggested: activation.continueAsNewSuggested,
    unsafe: { ...info.unsafe, isReplaying: activation.isReplaying, isReplayingHistoryEvents: activation.isReplaying },
  };
}
