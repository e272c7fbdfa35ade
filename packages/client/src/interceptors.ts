// Client interceptors, as @temporalio/client shapes them: each method gets its input and the next step, so an
// interceptor can add headers (tracing, auth context), log, or change options around every workflow call.
import type { temporal } from '@durable/proto';
import type { Payload } from '@durable/common';
import type { WorkflowOptions } from './workflow-options.js';
import type {
  ActivityDescribeOptions,
  ActivityExecutionDescription,
  ActivityExecutionInfo,
  ActivityHandle,
  ActivityOptions,
  ActivityOptionsUpdate,
  ActivityOptionsUpdateResult,
  ActivityPauseOptions,
  ActivityUnpauseOptions,
  CountActivityExecutions,
} from './activity-types.js';
import type { TypeInfo } from '@durable/common';

export type Headers = Record<string, Payload>;
export type WorkflowExecution = { workflowId: string; runId?: string };

/** The start options as interceptors see them: `args` always there (`[]` when none were given), as upstream. */
export type CompiledWorkflowOptions = WorkflowOptions & { args: unknown[] };

export interface WorkflowStartInput {
  readonly workflowType: string;
  readonly headers: Headers;
  readonly options: CompiledWorkflowOptions;
}
export interface WorkflowSignalInput {
  readonly signalName: string;
  readonly args: unknown[];
  readonly workflowExecution: WorkflowExecution;
  readonly headers: Headers;
}
export interface WorkflowSignalWithStartInput {
  readonly workflowType: string;
  readonly signalName: string;
  readonly signalArgs: unknown[];
  readonly headers: Headers;
  readonly options: CompiledWorkflowOptions;
}
export interface WorkflowQueryInput {
  readonly queryType: string;
  readonly args: unknown[];
  readonly workflowExecution: WorkflowExecution;
  readonly queryRejectCondition?: number;
  readonly headers: Headers;
}
export interface WorkflowStartUpdateInput {
  readonly updateName: string;
  readonly args: unknown[];
  readonly workflowExecution: WorkflowExecution;
  readonly firstExecutionRunId?: string;
  readonly headers: Headers;
  readonly options: { updateId?: string; waitForStage: 'ACCEPTED' | 'COMPLETED' };
}
export interface WorkflowStartUpdateOutput {
  readonly updateId: string;
  readonly workflowRunId: string;
  readonly outcome?: temporal.api.update.v1.IOutcome;
}
export interface WorkflowTerminateInput {
  readonly workflowExecution: WorkflowExecution;
  readonly reason?: string;
  readonly details?: unknown[];
  readonly firstExecutionRunId?: string;
}
export interface WorkflowCancelInput {
  readonly workflowExecution: WorkflowExecution;
  readonly firstExecutionRunId?: string;
}
export interface WorkflowDescribeInput {
  readonly workflowExecution: WorkflowExecution;
}

type Next<I, O> = (input: I) => Promise<O>;

/** Implement any subset; each method must call `next` (possibly with a changed input) to continue the chain. */
export interface WorkflowClientInterceptor {
  start?(input: WorkflowStartInput, next: Next<WorkflowStartInput, string>): Promise<string>;
  signal?(input: WorkflowSignalInput, next: Next<WorkflowSignalInput, void>): Promise<void>;
  signalWithStart?(input: WorkflowSignalWithStartInput, next: Next<WorkflowSignalWithStartInput, string>): Promise<string>;
  query?(input: WorkflowQueryInput, next: Next<WorkflowQueryInput, unknown>): Promise<unknown>;
  startUpdate?(
    input: WorkflowStartUpdateInput,
    next: Next<WorkflowStartUpdateInput, WorkflowStartUpdateOutput>,
  ): Promise<WorkflowStartUpdateOutput>;
  terminate?(
    input: WorkflowTerminateInput,
    next: Next<WorkflowTerminateInput, temporal.api.workflowservice.v1.ITerminateWorkflowExecutionResponse>,
  ): Promise<temporal.api.workflowservice.v1.ITerminateWorkflowExecutionResponse>;
  cancel?(
    input: WorkflowCancelInput,
    next: Next<WorkflowCancelInput, temporal.api.workflowservice.v1.IRequestCancelWorkflowExecutionResponse>,
  ): Promise<temporal.api.workflowservice.v1.IRequestCancelWorkflowExecutionResponse>;
  describe?(
    input: WorkflowDescribeInput,
    next: Next<WorkflowDescribeInput, temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse>,
  ): Promise<temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse>;
}

/** The standalone activity a call targets: its id, and its run ('' for the newest). */
interface ActivityTarget {
  readonly activityId: string;
  readonly activityRunId: string;
  readonly headers: Headers;
}
export interface ActivityStartInput {
  readonly activityType: string;
  readonly options: ActivityOptions;
  readonly headers: Headers;
}
export interface ActivityGetResultInput extends ActivityTarget {
  readonly outputType?: TypeInfo;
}
export interface ActivityDescribeInput extends ActivityTarget {
  readonly options: Required<ActivityDescribeOptions>;
}
export interface ActivityCancelInput extends ActivityTarget {
  readonly reason: string;
}
export interface ActivityTerminateInput extends ActivityTarget {
  readonly reason: string;
}
export interface ActivityListInput {
  readonly query: string;
  readonly headers: Headers;
}
export interface ActivityCountInput {
  readonly query: string;
  readonly headers: Headers;
}
export interface ActivityPauseInput extends ActivityTarget {
  readonly options: ActivityPauseOptions;
}
export interface ActivityUnpauseInput extends ActivityTarget {
  readonly options: ActivityUnpauseOptions;
}
export interface ActivityUpdateOptionsInput extends ActivityTarget {
  readonly options: ActivityOptionsUpdate;
}
export type ActivityRestoreOriginalOptionsInput = ActivityTarget;

/** Intercepts ActivityClient calls (standalone activities); implement any subset, each calling `next`. */
export interface ActivityClientInterceptor {
  start?(input: ActivityStartInput, next: Next<ActivityStartInput, ActivityHandle>): Promise<ActivityHandle>;
  getResult?(input: ActivityGetResultInput, next: Next<ActivityGetResultInput, unknown>): Promise<unknown>;
  describe?(input: ActivityDescribeInput, next: Next<ActivityDescribeInput, ActivityExecutionDescription>): Promise<ActivityExecutionDescription>;
  cancel?(input: ActivityCancelInput, next: Next<ActivityCancelInput, void>): Promise<void>;
  terminate?(input: ActivityTerminateInput, next: Next<ActivityTerminateInput, void>): Promise<void>;
  list?(input: ActivityListInput, next: (input: ActivityListInput) => AsyncIterable<ActivityExecutionInfo>): AsyncIterable<ActivityExecutionInfo>;
  count?(input: ActivityCountInput, next: Next<ActivityCountInput, CountActivityExecutions>): Promise<CountActivityExecutions>;
  pause?(input: ActivityPauseInput, next: Next<ActivityPauseInput, void>): Promise<void>;
  unpause?(input: ActivityUnpauseInput, next: Next<ActivityUnpauseInput, void>): Promise<void>;
  updateOptions?(input: ActivityUpdateOptionsInput, next: Next<ActivityUpdateOptionsInput, ActivityOptionsUpdateResult>): Promise<ActivityOptionsUpdateResult>;
  restoreOriginalOptions?(input: ActivityRestoreOriginalOptionsInput, next: Next<ActivityRestoreOriginalOptionsInput, ActivityOptionsUpdate>): Promise<ActivityOptionsUpdate>;
}

export interface ClientInterceptors {
  workflow?: WorkflowClientInterceptor[];
  activity?: ActivityClientInterceptor[];
}

export { composeInterceptors } from '@durable/common';
