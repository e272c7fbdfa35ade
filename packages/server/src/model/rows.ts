// What the server keeps per run, task and timer, in the shapes the store reads and writes. The run's mutable state
// travels as JSON in `state` (see run-state.ts).
import { temporal } from '@durable/proto';

/** What an execution row holds: a workflow run, or a standalone activity (StartActivityExecution). */
export const Entity = { workflow: 0, activity: 1 } as const;
export type Entity = (typeof Entity)[keyof typeof Entity];

export interface ExecutionRow {
  namespace: string;
  workflow_id: string;
  run_id: string;
  workflow_type: string;
  task_queue: string;
  status: number;
  start_time: number;
  execution_time: number;
  close_time: number | null;
  history_length: number;
  history_size: number;
  start_request_id: string;
  first_run_id: string;
  sticky_queue: string | null;
  memo: Uint8Array | null;
  search_attributes: Uint8Array | null;
  sa_values: string;
  state: string;
  entity: Entity;
}

/** What list and count read of a run: everything but its mutable state. */
export type VisibilityRow = Omit<ExecutionRow, 'state' | 'start_request_id' | 'sticky_queue'>;

export interface TaskRow {
  id: number;
  namespace: string;
  queue: string;
  kind: number;
  run_id: string;
  ref: number;
  attempt: number;
  /** 1 (first) .. 5 */
  priority: number;
  /** the fairness virtual time it dispatches at, within its priority */
  pass: number;
  fairness_key: string;
  created_at: number;
}

/** How many tasks a queue holds. */
export interface TaskBacklogRow {
  namespace: string;
  queue: string;
  kind: number;
  count: number;
}
/** A task as it is written; the id comes from the table. */
export type NewTask = Omit<TaskRow, 'id'>;

export interface TimerRow {
  id: number;
  fire_at: number;
  run_id: string;
  kind: string;
  ref: number;
  attempt: number;
}

/** Sort key of a run that has not closed: Temporal orders open runs as if they closed at the end of year 9999. */
export const OPEN_CLOSE_TIME = 253402300800000;

export const TaskKind = { workflow: 0, activity: 1, nexus: 2 } as const;
export type TaskKind = (typeof TaskKind)[keyof typeof TaskKind];

export const WorkflowStatus = temporal.api.enums.v1.WorkflowExecutionStatus;

/** What a durable timer row is for; `ref` and `attempt` name the state it was set for. */
export const TimerKind = {
  userTimer: 'timer',
  workflowTaskTimeout: 'wft-start-to-close',
  stickyScheduleToStart: 'wft-sticky-schedule-to-start',
  activityScheduleToStart: 'activity-schedule-to-start',
  activityScheduleToClose: 'activity-schedule-to-close',
  activityStartToClose: 'activity-start-to-close',
  activityHeartbeat: 'activity-heartbeat',
  activityRetry: 'activity-retry',
  startDelay: 'workflow-start-delay',
  runTimeout: 'workflow-run-timeout',
  schedule: 'schedule',
  batch: 'batch',
} as const;
export type TimerKind = (typeof TimerKind)[keyof typeof TimerKind];
