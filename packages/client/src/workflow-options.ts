// Workflow start options as @temporalio/client names them, checked before anything is sent.
import type { google} from '@durable/proto';
import { temporal } from '@durable/proto';
import {
  msToNumber,
  msToProtoDuration,
  msOptionalToTs,
  encodeWorkflowIdReusePolicy,
  encodeWorkflowIdConflictPolicy,
  type Duration,
  type SearchAttributes,
  type SearchAttributePair,
  type TypedSearchAttributes,
  type Priority,
  type VersioningOverride,
  compilePriority,
} from '@durable/common';
import { ValueError } from './errors.js';

const Enums = temporal.api.enums.v1;

import type { WorkflowIdReusePolicy, WorkflowIdConflictPolicy } from '@durable/common';
export { WorkflowIdReusePolicy, WorkflowIdConflictPolicy } from '@durable/common';

/** An option's protobuf enum number; an unknown value is refused naming the option. */
function enumCode(option: string, encode: () => number | undefined): number | undefined {
  try {
    return encode();
  } catch (err) {
    throw new ValueError(`Unknown ${option}: ${(err as Error).message}`);
  }
}

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
  /** A single-line summary of the execution, shown by the UI and the CLI. */
  staticSummary?: string;
  /** Details of the execution (markdown, may span lines), shown by the UI and the CLI. */
  staticDetails?: string;
  /** Where the workflow's tasks stand in their queue: lower priorityKey first (1 … 5, default 3). */
  priority?: Priority;
  /** Runs the workflow on a given worker deployment version (pinned) or lets it follow the current one. */
  versioningOverride?: VersioningOverride;
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
export function workflowStartRequest(workflowType: string, options: WorkflowOptions) {
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
  const reuse = enumCode('workflowIdReusePolicy', () => encodeWorkflowIdReusePolicy(options.workflowIdReusePolicy));
  const conflict = enumCode('workflowIdConflictPolicy', () => encodeWorkflowIdConflictPolicy(options.workflowIdConflictPolicy));
  return {
    workflowId: options.workflowId,
    workflowType: { name: workflowType },
    taskQueue: { name: options.taskQueue, kind: Enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    workflowExecutionTimeout: duration('workflowExecutionTimeout', options.workflowExecutionTimeout),
    workflowRunTimeout: duration('workflowRunTimeout', options.workflowRunTimeout),
    workflowTaskTimeout: duration('workflowTaskTimeout', options.workflowTaskTimeout),
    workflowStartDelay: duration('startDelay', options.startDelay),
    workflowIdReusePolicy: reuse,
    workflowIdConflictPolicy: conflict,
    retryPolicy: compileRetryPolicy(options.retry),
    cronSchedule: options.cronSchedule,
    requestEagerExecution: options.requestEagerStart,
    priority: options.priority ? compilePriorityOption(options.priority) : undefined,
    versioningOverride: options.versioningOverride ? compileVersioningOverride(options.versioningOverride) : undefined,
  };
}

function compilePriorityOption(priority: Priority): temporal.api.common.v1.IPriority {
  try {
    return compilePriority(priority);
  } catch (err) {
    throw new ValueError(`WorkflowOptions.priority: ${(err as Error).message}`);
  }
}

/** The override as StartWorkflowExecution carries it: the behavior and, when pinned, the version. */
export function compileVersioningOverride(override: VersioningOverride): temporal.api.workflow.v1.IVersioningOverride {
  if (override === 'AUTO_UPGRADE') return { autoUpgrade: true, behavior: Enums.VersioningBehavior.VERSIONING_BEHAVIOR_AUTO_UPGRADE };
  const { deploymentName, buildId } = override.pinnedTo;
  return {
    pinned: { behavior: temporal.api.workflow.v1.VersioningOverride.PinnedOverrideBehavior.PINNED_OVERRIDE_BEHAVIOR_PINNED, version: { deploymentName, buildId } },
    behavior: Enums.VersioningBehavior.VERSIONING_BEHAVIOR_PINNED,
    pinnedVersion: `${deploymentName}.${buildId}`,
  };
}

/** Options with their durations as protobuf Durations, as the official client compiles them. */
export function compileWorkflowOptions<T extends WorkflowOptions>(
  options: T,
): Omit<T, 'workflowExecutionTimeout' | 'workflowRunTimeout' | 'workflowTaskTimeout' | 'startDelay'> & {
  workflowExecutionTimeout?: google.protobuf.IDuration;
  workflowRunTimeout?: google.protobuf.IDuration;
  workflowTaskTimeout?: google.protobuf.IDuration;
  startDelay?: google.protobuf.IDuration;
} {
  const { workflowExecutionTimeout, workflowRunTimeout, workflowTaskTimeout, startDelay, ...rest } = options;
  const ts = (d: Duration | undefined) => msOptionalToTs(d) as google.protobuf.IDuration | undefined;
  return { ...rest, workflowExecutionTimeout: ts(workflowExecutionTimeout), workflowRunTimeout: ts(workflowRunTimeout), workflowTaskTimeout: ts(workflowTaskTimeout), startDelay: ts(startDelay) };
}
