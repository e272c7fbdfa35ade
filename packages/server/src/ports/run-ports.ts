// The small interfaces a run's transitions need: the transaction they run in, the host that stores their events and
// knows the in-memory registries, and (effects.ts) what they set in motion. The runtime implements them; the run
// state machine and the transitions depend on these, never on the runtime.
import type { temporal } from '@durable/proto';
import type { Namespaces } from '../infra/namespaces.js';
import type { DispatchOrder } from '../infra/dispatch-order.js';
import type { WorkerDeployments } from '../infra/deployments.js';
import type { WorkflowRules } from '../infra/workflow-rules.js';
import type { DynamicConfig } from '../model/dynamic-config.js';
import type { Store } from '../persistence/store.js';
import type { ExecutionRow } from '../model/rows.js';
import type { CloseOutcome, RunState } from '../model/run-state.js';
import type { Effects } from './effects.js';

/** The reads and writes a run makes while it changes. */
export type RunStore = Pick<Store, 'insertEvent' | 'readEvent' | 'readEvents' | 'insertTask' | 'insertTimer' | 'deleteTimerAt' | 'deleteRunTimers'>;

type UpdateRequest = temporal.api.update.v1.IRequest;
type UpdateOutcome = temporal.api.update.v1.IOutcome;
type Message = temporal.api.protocol.v1.IMessage;
type Query = temporal.api.query.v1.IWorkflowQuery;
type QueryResult = temporal.api.query.v1.IWorkflowQueryResult;

/** An update known only in memory: admitted, and perhaps on a workflow task, until the worker accepts it. */
export interface InflightUpdate {
  request: UpdateRequest;
  /** admitted: waiting for a workflow task; sent: on a task the worker is processing */
  phase: 'admitted' | 'sent';
  rejection?: UpdateOutcome;
}

/**
 * Updates waiting in memory. Transitions read it at any time; they change it only from their transaction's
 * effects (`effects.after`), so a failed commit leaves it as it was.
 */
export interface UpdateRegistryPort {
  get(runId: string, updateId: string): InflightUpdate | undefined;
  hasAdmitted(runId: string): boolean;
  /** Request messages of the admitted updates, sequenced before the task being started (nothing changes yet). */
  requestMessages(runId: string, startedEventId: number): { updateIds: string[]; messages: Message[] };
  admit(runId: string, updateId: string, request: UpdateRequest): void;
  markSent(runId: string, updateIds: string[]): void;
  /** The task that carried requests did not complete: they go out again with the next one. */
  requeue(runId: string): void;
  /** Accepted updates live in the run's history from now on. */
  accepted(runId: string, updateId: string): void;
  completed(runId: string): void;
  rejected(runId: string, updateId: string, failure: temporal.api.failure.v1.IFailure): void;
  runClosed(runId: string): void;
}

/** Queries waiting in memory; like updates, changed only from effects. */
export interface QueryRegistryPort {
  /** The run's queries not yet on a workflow task, by query id. */
  waiting(runId: string): Record<string, Query>;
  attached(runId: string, queryIds: string[]): void;
  answer(runId: string, results: Record<string, QueryResult>): void;
  /** A workflow task ended: unanswered queries wait again, or go out as query tasks on `legacyQueue`. */
  taskEnded(runId: string, legacyQueue: string | undefined): void;
  runClosed(runId: string, taskQueue: string): void;
}

export interface RunHost<Run> {
  readonly store: RunStore;
  readonly namespaces: Namespaces;
  readonly config: DynamicConfig;
  /** where a new task goes in its queue's dispatch order */
  readonly dispatchOrder: Pick<DispatchOrder, 'passFor'>;
  /** which worker version a task goes to (worker versioning) */
  readonly deployments: Pick<WorkerDeployments, 'target'>;
  /** the namespace's workflow rules, applied as activities start */
  readonly rules: Pick<WorkflowRules, 'active'>;
  readonly updates: UpdateRegistryPort;
  readonly queries: QueryRegistryPort;
  /** Temporal's task id: increasing across the server, stamped on every event. */
  nextTaskId(): number;
  /** Every run that closes comes here (parent notification, close policies, schedules), in its transaction. */
  runClosed(run: Run, status: number, outcome: CloseOutcome): void;
}

/** One transaction: the runs it has loaded (saved together when it commits) and what it sets in motion. */
export interface RunTx<Run> {
  readonly now: number;
  readonly effects: Effects;
  readonly store: Store;
  readonly namespaces: Namespaces;
  run(runId: string): Run | undefined;
  /** The run, or NOT_FOUND naming the workflow. */
  mustRun(workflowId: string, runId: string): Run;
  /** The current run of a workflow id (or the given run), or NOT_FOUND. */
  resolve(namespace: string, workflowId: string, runId?: string | null): Run;
  resolveOptional(namespace: string, workflowId: string, runId?: string | null): Run | undefined;
  create(row: ExecutionRow, state: RunState): Run;
  /** Deletes the run and all it stored; it is not saved when the transaction ends. */
  remove(run: Run): void;
}
