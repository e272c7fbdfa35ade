// Workflow start options as @temporalio/client names them, checked before anything is sent.
import type { google} from '@durable/proto';
import { temporal } from '@durable/proto';
import {
  msToNumber,
  msToProtoDuration,
  type Duration,
  type SearchAttributes,
  type SearchAttributePair,
  type TypedSearchAttributes,
} from '@durable/common';
import { ValueError } from './errors.js';

const Enums = temporal.api.enums.v1;

export const WorkflowIdReusePolicy = {
  ALLOW_DUPLICATE: 'ALLOW_DUPLICATE',
  ALLOW_DUPLICATE_FAILED_ONLY: 'ALLOW_DUPLICATE_FAILED_ONLY',
  REJECT_DUPLICATE: 'REJECT_DUPLICATE',
  TERMINATE_IF_RUNNING: 'TERMINATE_IF_RUNNING',
} as const;
export type WorkflowIdReusePolicy = (typeof WorkflowIdReusePolicy)[keyof typeof WorkflowIdReusePolicy];

export const WorkflowIdConflictPolicy = {
  FAIL: 'FAIL',
  USE_EXISTING: 'USE_EXISTING',
  TERMINATE_EXISTING: 'TERMINATE_EXISTING',
} as const;
export type WorkflowIdConflictPolicy = (typeof WorkflowIdConflictPolicy)[keyof typeof WorkflowIdConflictPolicy];

const reusePolicyCodes: Record<WorkflowIdReusePolicy, number> = {
  ALLOW_DUPLICATE: Enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
  ALLOW_DUPLICATE_FAILED_ONLY: Enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY,
  REJECT_DUPLICATE: Enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
  TERMINATE_IF_RUNNING: Enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING,
};
const conflictPolicyCodes: Record<WorkflowIdConflictPolicy, number> = {
  FAIL: Enums.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
  USE_EXISTING: Enums.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
  TERMINATE_EXISTING: Enums.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING,
};

/** A retry policy as the official SDK spells it: durations as ms numbers or strings. */
export interface RetryPolicy {
  initialInterval?: Duration;
  backoffCoefficient?: number;
  maximumInterval?: Duration;
  /** 0 or unset: unlimited. */
  maximumAttempts?: number;
  nonRetryableErrorTypes?: string[];
}

export interface WorkflowOptions {
  workflowId: string;
  taskQueue: string;
  args?: unknown[];
  workflowIdReusePolicy?: WorkflowIdReusePolicy;
  workflowIdConflictPolicy?: WorkflowIdConflictPolicy;
  workflowExecutionTimeout?: Duration;
  workflowRunTimeout?: Duration;
  workflowTaskTimeout?: Duration;
  retry?: RetryPolicy;
  cronSchedule?: string;
  memo?: Record<string, unknown>;
  /** @deprecated upstream in favour of `typedSearchAttributes`; still accepted. */
  searchAttributes?: SearchAttributes;
  typedSearchAttributes?: TypedSearchAttributes | SearchAttributePair[];
  startDelay?: Duration;
  /** `result()` follows continue-as-new, retries and cron runs. Default true. */
  followRuns?: boolean;
  requestEagerStart?: boolean;
}

export type WorkflowSignalWithStartOptions<SignalArgs extends unknown[] = unknown[]> = WorkflowOptions & {
  signal: string | { name: string };
  signalArgs?: SignalArgs;
};

function duration(name: string, value: Duration | undefined) {
  if (value === undefined) return undefined;
  try {
    return msToProtoDuration(msToNumber(value)) as unknown as google.protobuf.IDuration;
  } catch (err) {
    throw new ValueError(`WorkflowOptions.${name}: ${(err as Error).message}`);
  }
}

export function compileRetryPolicy(retry: RetryPolicy | undefined, where = 'WorkflowOptions.retry'): temporal.api.common.v1.IRetryPolicy | undefined {
  if (!retry) return undefined;
  const { backoffCoefficient, maximumAttempts, nonRetryableErrorTypes } = retry;
  if (backoffCoefficient !== undefined && !(backoffCoefficient >= 1)) {
    throw new ValueError(`${where}.backoffCoefficient must be >= 1, got ${backoffCoefficient}`);
  }
  if (maximumAttempts !== undefined && !(Number.isInteger(maximumAttempts) && maximumAttempts >= 0)) {
    throw new ValueError(`${where}.maximumAttempts must be a non-negative integer, got ${maximumAttempts}`);
  }
  const initial = retry.initialInterval !== undefined ? msToNumber(retry.initialInterval) : undefined;
  const max = retry.maximumInterval !== undefined ? msToNumber(retry.maximumInterval) : undefined;
  if (initial !== undefined && max !== undefined && max < initial) {
    throw new ValueError(`${where}.maximumInterval (${max} ms) is shorter than initialInterval (${initial} ms)`);
  }
  return {
    initialInterval: duration('retry.initialInterval', initial),
    backoffCoefficient,
    maximumInterval: duration('retry.maximumInterval', max),
    maximumAttempts,
    nonRetryableErrorTypes,
  };
}

/** Everything in StartWorkflowExecutionRequest that does not need the data converter. */
export function compileWorkflowOptions(workflowType: string, options: WorkflowOptions) {
  if (!workflowType) throw new ValueError('Workflow type must be a non-empty string or a named function');
  if (!options || typeof options !== 'object') throw new ValueError('WorkflowOptions are required');
  if (typeof options.taskQueue !== 'string' || !options.taskQueue) {
    throw new ValueError(`WorkflowOptions.taskQueue is required to start ${workflowType}`);
  }
  if (typeof options.workflowId !== 'string' || !options.workflowId) {
    throw new ValueError(`WorkflowOptions.workflowId is required to start ${workflowType}`);
  }
  if (options.args !== undefined && !Array.isArray(options.args)) {
    throw new ValueError(`WorkflowOptions.args must be an array of arguments for ${workflowType}`);
  }
  const reuse = options.workflowIdReusePolicy;
  if (reuse !== undefined && !(reuse in reusePolicyCodes)) throw new ValueError(`Unknown workflowIdReusePolicy ${String(reuse)}`);
  const conflict = options.workflowIdConflictPolicy;
  if (conflict !== undefined && !(conflict in conflictPolicyCodes)) {
    throw new ValueError(`Unknown workflowIdConflictPolicy ${String(conflict)}`);
  }
  return {
    workflowId: options.workflowId,
    workflowType: { name: workflowType },
    taskQueue: { name: options.taskQueue, kind: Enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    workflowExecutionTimeout: duration('workflowExecutionTimeout', options.workflowExecutionTimeout),
    workflowRunTimeout: duration('workflowRunTimeout', options.workflowRunTimeout),
    workflowTaskTimeout: duration('workflowTaskTimeout', options.workflowTaskTimeout),
    workflowStartDelay: duration('startDelay', options.startDelay),
    workflowIdReusePolicy: reuse ? reusePolicyCodes[reuse] : undefined,
    workflowIdConflictPolicy: conflict ? conflictPolicyCodes[conflict] : undefined,
    retryPolicy: compileRetryPolicy(options.retry),
    cronSchedule: options.cronSchedule,
    requestEagerExecution: options.requestEagerStart,
  };
}
