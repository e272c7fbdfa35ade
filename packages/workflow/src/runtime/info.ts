// workflowInfo(): what a run knows about itself, shaped as @temporalio/workflow's WorkflowInfo.
import type { SearchAttributes, TypedSearchAttributes } from '@durable/common';
import type { RetryPolicyProto } from './protocol.js';

export interface UnsafeWorkflowInfo {
  readonly now: () => number;
  readonly isReplaying: boolean;
}

export interface ParentWorkflowInfo {
  workflowId: string;
  runId: string;
  namespace: string;
}

export interface WorkflowInfo {
  readonly workflowId: string;
  readonly runId: string;
  readonly workflowType: string;
  readonly searchAttributes: SearchAttributes;
  readonly typedSearchAttributes: TypedSearchAttributes;
  readonly memo?: Record<string, unknown>;
  readonly parent?: ParentWorkflowInfo;
  readonly root?: { workflowId: string; runId: string };
  /** The previous run's result (cron) or undefined. */
  readonly lastResult?: unknown;
  /** The previous run's failure (workflow retry, cron) or undefined. */
  readonly lastFailure?: Error;
  readonly historyLength: number;
  readonly historySize: number;
  readonly continueAsNewSuggested: boolean;
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
  readonly retryPolicy?: RetryPolicyProto;
  readonly attempt: number;
  readonly cronSchedule?: string;
  readonly unsafe: UnsafeWorkflowInfo;
}
