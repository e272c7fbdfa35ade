// The options of the workflow API's outbound calls: activities, local activities, child workflows and
// continue-as-new. The calls carry them through the outbound interceptors (interceptors.ts) to the run; they are
// declared here, apart from the api/ functions that take them, so the interceptors' types need nothing of the api.
import type {
  ActivityCancellationType,
  Duration,
  Priority,
  RetryPolicy,
  SearchAttributePair,
  SearchAttributes,
  TypedSearchAttributes,
  WorkflowIdReusePolicy,
} from '@durable/common';

export interface ActivityOptions {
  /** Default: the workflow's task queue. */
  taskQueue?: string;
  /** Default: the call's sequence number, as the official SDK does. */
  activityId?: string;
  scheduleToCloseTimeout?: Duration;
  startToCloseTimeout?: Duration;
  scheduleToStartTimeout?: Duration;
  heartbeatTimeout?: Duration;
  retry?: RetryPolicy;
  /** Default WAIT_CANCELLATION_COMPLETED. */
  cancellationType?: ActivityCancellationType;
  /** Shown for the activity in the UI and CLI. */
  summary?: string;
  priority?: Priority;
  /**
   * Whether the worker may ask the server to hand this activity straight back with the workflow task's completion,
   * saving a poll, when it runs on the workflow's own task queue and the worker has a free activity slot. Default true.
   */
  allowEagerDispatch?: boolean;
  /**
   * For the deprecated build-id versioning (version sets), which Durable's server refuses as a current Temporal
   * server does; worker versioning is now worker deployments (WorkerOptions.workerDeploymentOptions). Accepted for
   * compatibility, not sent.
   */
  versioningIntent?: 'COMPATIBLE' | 'DEFAULT';
}

export interface LocalActivityOptions {
  scheduleToCloseTimeout?: Duration;
  startToCloseTimeout?: Duration;
  scheduleToStartTimeout?: Duration;
  retry?: RetryPolicy;
  /** Accepted for compatibility: Durable retries a local activity inside its workflow task for up to a minute. */
  localRetryThreshold?: Duration;
  cancellationType?: ActivityCancellationType;
  summary?: string;
  activityId?: string;
}

export const ParentClosePolicy = {
  TERMINATE: 'TERMINATE',
  ABANDON: 'ABANDON',
  REQUEST_CANCEL: 'REQUEST_CANCEL',
  /** The protobuf spellings, accepted as the official SDK accepts them. */
  PARENT_CLOSE_POLICY_UNSPECIFIED: undefined,
  PARENT_CLOSE_POLICY_TERMINATE: 'TERMINATE',
  PARENT_CLOSE_POLICY_ABANDON: 'ABANDON',
  PARENT_CLOSE_POLICY_REQUEST_CANCEL: 'REQUEST_CANCEL',
} as const;
export type ParentClosePolicy = (typeof ParentClosePolicy)[keyof typeof ParentClosePolicy];

export const ChildWorkflowCancellationType = {
  ABANDON: 'ABANDON',
  TRY_CANCEL: 'TRY_CANCEL',
  WAIT_CANCELLATION_REQUESTED: 'WAIT_CANCELLATION_REQUESTED',
  WAIT_CANCELLATION_COMPLETED: 'WAIT_CANCELLATION_COMPLETED',
} as const;
export type ChildWorkflowCancellationType = (typeof ChildWorkflowCancellationType)[keyof typeof ChildWorkflowCancellationType];

export interface ChildWorkflowOptions {
  workflowId?: string;
  taskQueue?: string;
  args?: unknown[];
  cancellationType?: ChildWorkflowCancellationType;
  parentClosePolicy?: ParentClosePolicy;
  workflowExecutionTimeout?: Duration;
  workflowRunTimeout?: Duration;
  workflowTaskTimeout?: Duration;
  workflowIdReusePolicy?: WorkflowIdReusePolicy;
  retry?: RetryPolicy;
  cronSchedule?: string;
  memo?: Record<string, unknown>;
  searchAttributes?: SearchAttributes;
  typedSearchAttributes?: SearchAttributePair[] | TypedSearchAttributes;
  /** A single-line summary of the child, shown by the UI and the CLI. */
  staticSummary?: string;
  /** Details of the child (markdown, may span lines), shown by the UI and the CLI. */
  staticDetails?: string;
  /** Where the child's tasks stand in their queue: lower priorityKey first (1 … 5, default 3). */
  priority?: Priority;
}

export interface ContinueAsNewOptions {
  workflowType?: string;
  taskQueue?: string;
  workflowRunTimeout?: Duration;
  workflowTaskTimeout?: Duration;
  backoffStartInterval?: Duration;
  memo?: Record<string, unknown>;
  searchAttributes?: SearchAttributes;
  typedSearchAttributes?: SearchAttributePair[] | TypedSearchAttributes;
  retry?: RetryPolicy;
}
