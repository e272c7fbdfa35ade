// workflowInfo(): what a run knows about itself, shaped as @temporalio/workflow's WorkflowInfo.
import type {
  Priority,
  RetryPolicy,
  SearchAttributes,
  SuggestContinueAsNewReason,
  TypedSearchAttributes,
  WorkerDeploymentVersion,
} from '@durable/common';

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
