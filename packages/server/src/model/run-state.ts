import type { temporal } from '@durable/proto';
import type { ResolvedRetryPolicy as RetryPolicy } from '@durable/common';
import type { Priority } from './priority.js';

type Payloads = temporal.api.common.v1.IPayloads | null | undefined;

/** A workflow task's place in its life: scheduled (startedEventId 0) or started. */
export interface WorkflowTaskState {
  scheduledEventId: number;
  startedEventId: number;
  attempt: number;
  /** Attempts after the first failure are transient: their Scheduled/Started events are not written until success. */
  transient: boolean;
  queue: string;
  sticky: boolean;
  scheduledTime: number;
  originalScheduledTime: number;
  startedTime: number;
  requestId: string;
  identity: string;
  /** a transient attempt's Started event is written on success: the reasons it suggested continue-as-new with */
  suggestContinueAsNew?: number[];
}

export interface ActivityState {
  scheduledEventId: number;
  activityId: string;
  activityType: string;
  taskQueue: string;
  scheduleToCloseMs: number;
  scheduleToStartMs: number;
  startToCloseMs: number;
  heartbeatMs: number;
  retryPolicy: RetryPolicy;
  attempt: number;
  firstScheduledTime: number;
  currentScheduledTime: number;
  /** 0 while the current attempt waits for a worker or for its retry backoff. */
  startedTime: number;
  startedIdentity: string;
  startedRequestId: string;
  lastHeartbeatTime: number;
  /** base64 of temporal.api.common.v1.Payloads */
  heartbeatDetails?: string;
  /** base64 of temporal.api.failure.v1.Failure: the failure of the previous attempt */
  lastFailure?: string;
  lastAttemptCompleteTime: number;
  /** when a retry is waiting for its backoff: the time the next attempt is scheduled */
  nextAttemptTime: number;
  cancelRequested: boolean;
  cancelRequestedEventId: number;
  /** as the workflow asked (unset fields come from the workflow's priority at dispatch) */
  priority?: Priority;
  /** held by an operator (PauseActivity): not dispatched, retried or timed out until unpaused */
  paused?: boolean;
  /** who paused it: an operator, or a workflow rule (`ruleId`, with its creator and description) */
  pauseInfo?: { time: number; identity: string; reason: string; requestId: string; ruleId?: string };
  /** ResetActivity while an attempt ran: its heartbeats answer activityReset */
  resetRequested?: boolean;
  /** ResetActivity asked to drop heartbeat details: the next attempt starts without them */
  resetHeartbeatOnRetry?: boolean;
}

export interface TimerState {
  timerId: string;
  startedEventId: number;
  fireAt: number;
}

/** An event waiting for the in-flight workflow task to finish; ids are assigned when it is flushed. */
export interface BufferedEvent {
  /** base64 of the encoded HistoryEvent (without id) */
  event: string;
  /** activity closes carry their Started event and are moved last, as Temporal orders them */
  started?: string;
  timerId?: string;
}

export interface RunState {
  nextEventId: number;
  workflowTaskTimeoutMs: number;
  runTimeoutMs: number;
  executionTimeoutMs: number;
  wft: WorkflowTaskState | null;
  /** attempt number the next workflow task gets: above 1 after failures */
  wftAttempt: number;
  /** Started id of the last completed workflow task (previous_started_event_id) */
  lastCompletedStartedEventId: number;
  sticky: { queue: string; scheduleToStartMs: number } | null;
  buffered: BufferedEvent[];
  activities: Record<string, ActivityState>;
  timers: Record<string, TimerState>;
  cancelRequested: boolean;
  signalRequestIds: string[];
  /** waiting for workflow_start_delay before the first workflow task */
  startDelayed: boolean;
  /** timers whose TimerFired is buffered behind the in-flight task: timer id -> started event id */
  firedTimers: Record<string, number>;
  /** updates accepted by the workflow, by update id (absent in runs stored before updates existed) */
  updates?: Record<string, UpdateRecord>;
  /** the parent of a child workflow: told when the chain closes */
  parent?: ParentRef;
  root?: { workflowId: string; runId: string };
  /** children started by this run and not yet closed, by their Initiated event id */
  children?: Record<string, ChildState>;
  /** workflow retry attempt (1-based) */
  attempt?: number;
  retryPolicy?: RetryPolicy;
  cronSchedule?: string;
  /** epoch ms by which the chain must finish (workflow execution timeout), 0 for none */
  expirationTime?: number;
  /** base64 Payloads: the previous run's result, handed on by cron */
  lastCompletionResult?: string;
  /** the run's priority and fairness key, which its tasks dispatch with */
  priority?: Priority;
  /** PauseWorkflowExecution (state only, see transitions/workflow-controls.ts): nothing is dispatched until unpaused */
  pause?: { time: number; identity: string; reason: string; requestId: string };
  /** signals taken, for `history.maximumSignalsPerExecution` */
  signalCount?: number;
  /** base64 of temporal.api.workflow.v1.VersioningOverride (UpdateWorkflowExecutionOptions) */
  versioningOverride?: string;
  /** the versioning behavior and version of the last workflow task a versioned worker completed */
  versioning?: { behavior: number; deploymentName?: string; buildId?: string };
  /** a standalone activity's own record (see run/standalone-activity.ts) */
  standalone?: StandaloneState;
}

/** What a standalone activity keeps besides its one ActivityState: how it ended, and the requests it took. */
export interface StandaloneState {
  /** base64 of temporal.api.activity.v1.ActivityExecutionOutcome, once closed */
  outcome?: string;
  /** the activity as it was when it closed (the run's activities are cleared then) */
  last?: ActivityState;
  cancelRequestId?: string;
  cancelReason?: string;
  cancelIdentity?: string;
  terminateRequestId?: string;
  heartbeatCount: number;
  startDelayMs: number;
  /** the delay it was started with, once an update changed it (what restoring its original options gives back) */
  originalStartDelayMs?: number;
}

/** What the run's durable state remembers of an update, for deduplication and polling after a restart. */
export interface UpdateRecord {
  acceptedEventId: number;
  completedEventId?: number;
  /** base64 of temporal.api.update.v1.Outcome */
  outcome?: string;
}

/** How a run ended, for its parent's ChildWorkflowExecution* event. */
export interface CloseOutcome {
  result?: Payloads;
  failure?: temporal.api.failure.v1.IFailure | null;
  details?: Payloads;
  retryState?: number;
  /** false when the chain goes on in a new run (continue-as-new, retry, cron): the parent waits for that one. */
  final: boolean;
}

export interface ParentRef {
  namespace: string;
  workflowId: string;
  runId: string;
  initiatedEventId: number;
}

export interface ChildState {
  namespace: string;
  workflowId: string;
  workflowType: string;
  /** '' until ChildWorkflowExecutionStarted */
  runId: string;
  startedEventId: number;
  /** temporal.api.enums.v1.ParentClosePolicy */
  parentClosePolicy: number;
}

export function newRunState(init: Pick<RunState, 'workflowTaskTimeoutMs' | 'runTimeoutMs' | 'executionTimeoutMs'>): RunState {
  return {
    nextEventId: 1,
    ...init,
    wft: null,
    wftAttempt: 1,
    lastCompletedStartedEventId: 0,
    sticky: null,
    buffered: [],
    activities: {},
    timers: {},
    cancelRequested: false,
    signalRequestIds: [],
    startDelayed: false,
    firedTimers: {},
  };
}
