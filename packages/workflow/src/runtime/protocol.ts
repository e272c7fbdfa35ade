// What the worker (Node side) and a workflow run (sandbox side) exchange: activations of jobs in, commands out.
// Plain data only, so it crosses the vm boundary without sharing prototypes.
import type { Payload, Priority, ProtoFailure, VersioningBehavior } from '@durable/common';
import type { temporal } from '@durable/proto';
import type { WorkflowInfo } from './info.js';
import type { EventGroup } from './event-groups.js';

export type { EventGroup };

export type Headers = Record<string, Payload>;
/** A command's summary and details (temporal.api.sdk.v1.UserMetadata), as payloads. */
export interface UserMetadata {
  summary?: Payload;
  details?: Payload;
}
export type RetryPolicyProto = temporal.api.common.v1.IRetryPolicy;

export interface InitializeWorkflow {
  kind: 'initializeWorkflow';
  workflowType: string;
  workflowId: string;
  runId: string;
  namespace: string;
  taskQueue: string;
  args: Payload[];
  headers: Headers;
  /** 8 bytes that seed the run's deterministic Math.random. */
  randomnessSeed: number[];
  attempt: number;
  firstExecutionRunId: string;
  originalExecutionRunId: string;
  continuedFromExecutionRunId?: string;
  cronSchedule?: string;
  executionTimeoutMs?: number;
  runTimeoutMs?: number;
  taskTimeoutMs: number;
  startTimeMs: number;
  runStartTimeMs: number;
  executionExpirationTimeMs?: number;
  memo?: Record<string, Payload>;
  searchAttributes?: Record<string, Payload>;
  parent?: { workflowId: string; runId: string; namespace: string };
  root?: { workflowId: string; runId: string };
  lastCompletionResult?: Payload[];
  continuedFailure?: ProtoFailure;
  retryPolicy?: RetryPolicyProto;
  priority?: Priority;
}

export type Resolution = { completed: Payload | undefined } | { failed: ProtoFailure } | { cancelled: ProtoFailure };

export type Job =
  | InitializeWorkflow
  | { kind: 'fireTimer'; seq: number }
  | { kind: 'resolveActivity'; seq: number; result: Resolution }
  | { kind: 'signalWorkflow'; signalName: string; args: Payload[]; headers: Headers }
  | { kind: 'queryWorkflow'; queryId: string; queryType: string; args: Payload[]; headers: Headers }
  | { kind: 'cancelWorkflow'; reason?: string }
  | { kind: 'notifyHasPatch'; patchId: string }
  | { kind: 'updateRandomSeed'; randomnessSeed: number[] }
  | { kind: 'resolveChildStart'; seq: number; runId: string }
  | { kind: 'resolveChildStartFailed'; seq: number; workflowId: string; workflowType: string; alreadyStarted: boolean }
  | { kind: 'resolveChild'; seq: number; result: Resolution }
  | { kind: 'resolveSignalExternal'; seq: number; failure?: ProtoFailure }
  | { kind: 'resolveRequestCancelExternal'; seq: number; failure?: ProtoFailure }
  | { kind: 'doUpdate'; id: string; protocolInstanceId: string; name: string; args: Payload[]; headers: Headers; runValidator: boolean };

export interface Activation {
  runId: string;
  /** Workflow time for this activation (the task's start), ms since epoch. */
  timestampMs: number;
  isReplaying: boolean;
  historyLength: number;
  historySizeBytes: number;
  continueAsNewSuggested: boolean;
  jobs: Job[];
}

export { ActivityCancellationType } from '@durable/common';
import type { ActivityCancellationType } from '@durable/common';

export interface ScheduleActivity {
  kind: 'scheduleActivity';
  seq: number;
  activityId: string;
  activityType: string;
  taskQueue: string;
  args: Payload[];
  headers: Headers;
  scheduleToCloseTimeoutMs?: number;
  scheduleToStartTimeoutMs?: number;
  startToCloseTimeoutMs?: number;
  heartbeatTimeoutMs?: number;
  retryPolicy?: RetryPolicyProto;
  cancellationType: ActivityCancellationType;
  priority?: temporal.api.common.v1.IPriority;
  userMetadata?: UserMetadata;
  /** The workflow said `allowEagerDispatch: false`: the worker must not ask to run this activity eagerly. */
  doNotEagerlyExecute?: boolean;
}

/** Runs in the worker process inside the workflow task; recorded as a marker instead of activity events. */
export interface ScheduleLocalActivity {
  kind: 'scheduleLocalActivity';
  seq: number;
  activityId: string;
  activityType: string;
  args: Payload[];
  headers: Headers;
  scheduleToCloseTimeoutMs?: number;
  startToCloseTimeoutMs?: number;
  retryPolicy?: RetryPolicyProto;
  /** Workflow time when the workflow asked for it. */
  originalScheduleTimeMs: number;
}

/** What the worker records for a finished local activity (replaces its ScheduleLocalActivity in the task's commands). */
export interface LocalActivityMarker {
  kind: 'localActivityMarker';
  seq: number;
  activityId: string;
  activityType: string;
  attempt: number;
  completeTimeMs: number;
  originalScheduleTimeMs: number;
  result?: Payload;
  failure?: ProtoFailure;
}

export interface StartChild {
  kind: 'startChild';
  seq: number;
  namespace: string;
  workflowId: string;
  workflowType: string;
  taskQueue: string;
  args: Payload[];
  headers: Headers;
  executionTimeoutMs?: number;
  runTimeoutMs?: number;
  taskTimeoutMs?: number;
  /** temporal.api.enums.v1.ParentClosePolicy */
  parentClosePolicy: number;
  /** temporal.api.enums.v1.WorkflowIdReusePolicy */
  workflowIdReusePolicy?: number;
  retryPolicy?: RetryPolicyProto;
  cronSchedule?: string;
  memo?: Record<string, Payload>;
  searchAttributes?: Record<string, Payload>;
  priority?: temporal.api.common.v1.IPriority;
  userMetadata?: UserMetadata;
}

export interface ContinueAsNew {
  kind: 'continueAsNew';
  workflowType: string;
  taskQueue: string;
  args: Payload[];
  headers: Headers;
  runTimeoutMs?: number;
  taskTimeoutMs?: number;
  backoffStartIntervalMs?: number;
  memo?: Record<string, Payload>;
  searchAttributes?: Record<string, Payload>;
  retryPolicy?: RetryPolicyProto;
}

/** The event groups (createEventGroup) a command belongs to. */
export type WithEventGroups = { eventGroups?: EventGroup[] };

export type Command = WithEventGroups & (
  | ScheduleActivity
  | ScheduleLocalActivity
  | LocalActivityMarker
  | { kind: 'requestCancelActivity'; seq: number }
  | { kind: 'startTimer'; seq: number; durationMs: number; userMetadata?: UserMetadata }
  | { kind: 'cancelTimer'; seq: number }
  | { kind: 'completeWorkflow'; result?: Payload }
  | { kind: 'failWorkflow'; failure: ProtoFailure }
  | { kind: 'cancelWorkflow' }
  | ContinueAsNew
  | { kind: 'setPatchMarker'; patchId: string; deprecated: boolean }
  | StartChild
  | { kind: 'cancelChild'; seq: number; workflowId: string }
  | { kind: 'signalExternal'; seq: number; workflowId: string; runId?: string; signalName: string; args: Payload[]; headers: Headers; childWorkflowOnly: boolean }
  | { kind: 'cancelExternal'; seq: number; workflowId: string; runId?: string; childWorkflowOnly: boolean }
  | { kind: 'upsertSearchAttributes'; searchAttributes: Record<string, Payload> }
  | { kind: 'modifyProperties'; memo: Record<string, Payload> }
  | { kind: 'respondToQuery'; queryId: string; result?: Payload; failure?: ProtoFailure }
  | { kind: 'updateResponse'; protocolInstanceId: string; accepted?: true; rejected?: ProtoFailure; completed?: Payload; failed?: ProtoFailure }
);

/** A call of a worker sink made by workflow code (proxySinks, log, metricMeter); the worker makes it after the activation. */
export interface SinkCall {
  ifaceName: string;
  fnName: string;
  args: unknown[];
  workflowInfo: WorkflowInfo;
}

/** What a run answers to one activation. */
export interface ActivationCompletion {
  commands: Command[];
  sinkCalls: SinkCall[];
  /** Set when the activation could not be processed: the workflow task fails (the workflow does not). */
  taskFailure?: ProtoFailure;
  /** The versioning behavior the workflow declared (defineWorkflowOptions / setWorkflowOptions), if any. */
  versioningBehavior?: VersioningBehavior;
}
