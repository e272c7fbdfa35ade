// workflowInfo(): what a run knows about itself, shaped as @temporalio/workflow's WorkflowInfo.
import {
  decodeSearchAttributes,
  decodeTypedSearchAttributes,
  decompileRetryPolicy,
  mapFromPayloads,
  type FailureConverter,
  type PayloadConverter,
  type Priority,
  type RetryPolicy,
  type SearchAttributes,
  type SuggestContinueAsNewReason,
  type TypedSearchAttributes,
  type WorkerDeploymentVersion,
} from '@durable/common';
import type { Activation, InitializeWorkflow } from './protocol.js';

/** Randomness that does not take part in replay (e.g. for sampling logs): never use it for workflow logic. */
export interface UnsafeRandomSource {
  random(): number;
  uuid4(): string;
  fillRandom(bytes: Uint8Array): Uint8Array;
}

export interface UnsafeWorkflowInfo {
  /** Wall-clock time in ms; differs on replay, so never for workflow logic. */
  readonly now: () => number;
  /** True while history is replayed, and during queries. */
  readonly isReplaying: boolean;
  /** True only while history events are replayed (false during queries and update validators). */
  readonly isReplayingHistoryEvents: boolean;
  readonly random: UnsafeRandomSource;
}

export interface ParentWorkflowInfo {
  workflowId: string;
  runId: string;
  namespace: string;
}

export interface RootWorkflowInfo {
  workflowId: string;
  runId: string;
}

/** The update whose handler the calling code runs in (currentUpdateInfo()). */
export interface UpdateInfo {
  readonly id: string;
  readonly name: string;
}

export interface WorkflowInfo {
  readonly workflowId: string;
  readonly runId: string;
  readonly workflowType: string;
  readonly searchAttributes: SearchAttributes;
  readonly typedSearchAttributes: TypedSearchAttributes;
  readonly memo?: Record<string, unknown>;
  readonly parent?: ParentWorkflowInfo;
  readonly root?: RootWorkflowInfo;
  /** The previous run's result (cron) or undefined. */
  readonly lastResult?: unknown;
  /** The previous run's failure (workflow retry, cron) or undefined. */
  readonly lastFailure?: Error;
  readonly historyLength: number;
  readonly historySize: number;
  readonly continueAsNewSuggested: boolean;
  readonly suggestedContinueAsNewReasons?: SuggestContinueAsNewReason[];
  readonly targetWorkerDeploymentVersionChanged: boolean;
  readonly taskQueue: string;
  readonly namespace: string;
  readonly firstExecutionRunId: string;
  readonly originalExecutionRunId: string;
  readonly continuedFromExecutionRunId?: string;
  readonly startTime: Date;
  readonly runStartTime: Date;
  readonly executionTimeoutMs?: number;
  readonly executionExpirationTime?: Date;
  readonly runTimeoutMs?: number;
  readonly taskTimeoutMs: number;
  readonly retryPolicy?: RetryPolicy;
  readonly attempt: number;
  readonly cronSchedule?: string;
  readonly cronScheduleToScheduleInterval?: number;
  readonly currentBuildId?: string;
  readonly currentDeploymentVersion?: WorkerDeploymentVersion;
  readonly priority?: Priority;
  readonly unsafe: UnsafeWorkflowInfo;
}

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
