// Workflow interceptors, in @temporalio/workflow's shapes: inbound calls (the workflow function, signal, query and
// update handlers) and outbound calls (activities, timers, children, signals, continue-as-new) pass through them,
// so they can add headers, log or change inputs. Factories come from the worker's `interceptors.workflowModules`.
import type { ActivityOptions, LocalActivityOptions } from '../api/activities.js';
import type { ChildWorkflowOptions } from '../api/children.js';
import type { ContinueAsNewOptions } from '../api/misc.js';

import type { Headers } from './protocol.js';

export type { Headers };

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
export interface TimerInput {
  readonly durationMs: number;
  readonly seq: number;
}
export interface ActivityInput {
  readonly activityType: string;
  readonly args: unknown[];
  readonly options: ActivityOptions;
  readonly headers: Headers;
  readonly seq: number;
}
export interface LocalActivityInput {
  readonly activityType: string;
  readonly args: unknown[];
  readonly options: LocalActivityOptions;
  readonly headers: Headers;
  readonly seq: number;
  readonly attempt: number;
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

type Next<I, O> = (input: I) => O;

export interface WorkflowInboundCallsInterceptor {
  execute?(input: WorkflowExecuteInput, next: Next<WorkflowExecuteInput, Promise<unknown>>): Promise<unknown>;
  handleSignal?(input: SignalInput, next: Next<SignalInput, Promise<void>>): Promise<void>;
  handleQuery?(input: QueryInput, next: Next<QueryInput, Promise<unknown>>): Promise<unknown>;
  handleUpdate?(input: UpdateInput, next: Next<UpdateInput, Promise<unknown>>): Promise<unknown>;
  validateUpdate?(input: UpdateInput, next: Next<UpdateInput, void>): void;
}

export interface WorkflowOutboundCallsInterceptor {
  startTimer?(input: TimerInput, next: Next<TimerInput, Promise<void>>): Promise<void>;
  scheduleActivity?(input: ActivityInput, next: Next<ActivityInput, Promise<unknown>>): Promise<unknown>;
  scheduleLocalActivity?(input: LocalActivityInput, next: Next<LocalActivityInput, Promise<unknown>>): Promise<unknown>;
  startChildWorkflowExecution?(
    input: StartChildWorkflowExecutionInput,
    next: Next<StartChildWorkflowExecutionInput, Promise<[Promise<string>, Promise<unknown>]>>,
  ): Promise<[Promise<string>, Promise<unknown>]>;
  signalWorkflow?(input: SignalWorkflowInput, next: Next<SignalWorkflowInput, Promise<void>>): Promise<void>;
  continueAsNew?(input: ContinueAsNewInput, next: Next<ContinueAsNewInput, Promise<never>>): Promise<never>;
}

export interface WorkflowInterceptors {
  inbound?: WorkflowInboundCallsInterceptor[];
  outbound?: WorkflowOutboundCallsInterceptor[];
}

export type WorkflowInterceptorsFactory = () => WorkflowInterceptors;

type Fn = (input: never, next: (input: never) => unknown) => unknown;

/** Chains interceptors around `last`; the first in the list sees the call first. */
export function compose<I, O>(interceptors: readonly object[], method: string, last: (input: I) => O): (input: I) => O {
  let next = last;
  for (let i = interceptors.length - 1; i >= 0; i--) {
    const self = interceptors[i] as Record<string, Fn | undefined>;
    const fn = self[method];
    if (!fn) continue;
    const inner = next;
    next = (input: I) => fn.call(self, input as never, inner as (input: never) => unknown) as O;
  }
  return next;
}
