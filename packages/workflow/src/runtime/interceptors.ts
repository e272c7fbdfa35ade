// Workflow interceptors, in @temporalio/workflow's shapes: inbound calls (the workflow function, signal, query and
// update handlers) and outbound calls (activities, timers, children, signals, continue-as-new) pass through them,
// so they can add headers, log or change inputs. Factories come from the worker's `interceptors.workflowModules`.
import type { MetricTags, Next, PayloadTypeInfo } from '@durable/common';
import type { ActivityOptions, ChildWorkflowOptions, ContinueAsNewOptions, LocalActivityOptions } from './options.js';
import type { Headers } from './protocol.js';

export type { Headers, Next };

export interface WorkflowExecuteInput {
  readonly args: unknown[];
  readonly headers: Headers;
}
export interface SignalInput {
  readonly signalName: string;
  readonly args: unknown[];
  readonly headers: Headers;
}
export interface QueryInput {
  readonly queryId: string;
  readonly queryName: string;
  readonly args: unknown[];
  readonly headers: Headers;
}
export interface UpdateInput {
  readonly updateId: string;
  readonly name: string;
  readonly args: unknown[];
  readonly headers: Headers;
}
export interface TimerOptions {
  /** Shown for the timer in the UI and CLI. */
  readonly summary?: string;
}
export interface TimerInput {
  readonly durationMs: number;
  readonly seq: number;
  readonly options?: TimerOptions;
}
export interface ActivityInput {
  readonly activityType: string;
  readonly args: unknown[];
  readonly options: ActivityOptions;
  readonly headers: Headers;
  readonly seq: number;
  readonly typeInfo?: PayloadTypeInfo;
}
export interface LocalActivityInput {
  readonly activityType: string;
  readonly args: unknown[];
  readonly options: LocalActivityOptions;
  readonly headers: Headers;
  readonly seq: number;
  readonly attempt: number;
  readonly typeInfo?: PayloadTypeInfo;
}
export interface StartChildWorkflowExecutionInput {
  readonly workflowType: string;
  readonly options: ChildWorkflowOptions & { workflowId: string };
  readonly headers: Headers;
  readonly seq: number;
}
export interface SignalWorkflowInput {
  readonly seq: number;
  readonly signalName: string;
  readonly args: unknown[];
  readonly headers: Headers;
  readonly target: { type: 'external' | 'child'; workflowExecution: { workflowId: string; runId?: string } };
}
export interface ContinueAsNewInput {
  readonly args: unknown[];
  readonly headers: Headers;
  readonly options: ContinueAsNewOptions;
}

export type GetLogAttributesInput = Record<string, unknown>;
export type GetMetricTagsInput = MetricTags;

type In<M extends keyof WorkflowInboundCallsInterceptor> = Next<WorkflowInboundCallsInterceptor, M>;
type Out<M extends keyof WorkflowOutboundCallsInterceptor> = Next<WorkflowOutboundCallsInterceptor, M>;

export interface WorkflowInboundCallsInterceptor {
  execute?: (input: WorkflowExecuteInput, next: In<'execute'>) => Promise<unknown>;
  handleSignal?: (input: SignalInput, next: In<'handleSignal'>) => Promise<void>;
  handleQuery?: (input: QueryInput, next: In<'handleQuery'>) => Promise<unknown>;
  handleUpdate?: (input: UpdateInput, next: In<'handleUpdate'>) => Promise<unknown>;
  validateUpdate?: (input: UpdateInput, next: In<'validateUpdate'>) => void;
}

export interface WorkflowOutboundCallsInterceptor {
  startTimer?: (input: TimerInput, next: Out<'startTimer'>) => Promise<void>;
  scheduleActivity?: (input: ActivityInput, next: Out<'scheduleActivity'>) => Promise<unknown>;
  scheduleLocalActivity?: (input: LocalActivityInput, next: Out<'scheduleLocalActivity'>) => Promise<unknown>;
  startChildWorkflowExecution?: (input: StartChildWorkflowExecutionInput, next: Out<'startChildWorkflowExecution'>) => Promise<[Promise<string>, Promise<unknown>]>;
  signalWorkflow?: (input: SignalWorkflowInput, next: Out<'signalWorkflow'>) => Promise<void>;
  continueAsNew?: (input: ContinueAsNewInput, next: Out<'continueAsNew'>) => Promise<never>;
  /** What the workflow's log lines carry: gets the run's attributes, returns those to log. */
  getLogAttributes?: (input: GetLogAttributesInput, next: Out<'getLogAttributes'>) => Record<string, unknown>;
  /** What the workflow's metrics are tagged with. */
  getMetricTags?: (input: GetMetricTagsInput, next: Out<'getMetricTags'>) => MetricTags;
}

export interface WorkflowInterceptors {
  inbound?: WorkflowInboundCallsInterceptor[];
  outbound?: WorkflowOutboundCallsInterceptor[];
}

export type WorkflowInterceptorsFactory = () => WorkflowInterceptors;
