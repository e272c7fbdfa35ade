// Creating runs: a fresh start, or the next run of a chain (continue-as-new, workflow retry, cron). A chain shares
// its workflow id, first run id, execution deadline and parent; each run links to the one before.
import { randomUUID } from 'node:crypto';
import { temporal, toLong } from '@durable/proto';
import { computeBackoffMs, isRetryableFailure, RetryStateCode, summarizeFailure, type ResolvedRetryPolicy as RetryPolicy } from '@durable/common';
import { decodeSearchAttributes, withRegisteredTypes } from '../infra/visibility/visibility.js';
import { retryPolicyFromProto, retryPolicyToProto, storedPayloads } from '../model/codecs.js';
import { nextCronTime } from '../model/cron.js';
import { duration, durationMs, EventType, timestamp } from '../model/events.js';
import { Entity, TimerKind, WorkflowStatus } from '../model/rows.js';
import type { ParentRef } from '../model/run-state.js';
import type { RunContext, Tx } from '../run/run-context.js';
import { runStateFromStarted } from '../run/state-events.js';
import { scheduleWorkflowTask } from '../run/workflow-tasks.js';

const Enums = temporal.api.enums.v1;
const Initiator = Enums.ContinueAsNewInitiator;
const SearchAttributesType = temporal.api.common.v1.SearchAttributes;
const MemoType = temporal.api.common.v1.Memo;
type Payloads = temporal.api.common.v1.IPayloads | null | undefined;
type Failure = temporal.api.failure.v1.IFailure;

export interface RunSpec {
  namespace: string;
  workflowId: string;
  workflowType: string;
  taskQueue: string;
  input?: Payloads;
  header?: temporal.api.common.v1.IHeader | null;
  memo?: temporal.api.common.v1.IMemo | null;
  searchAttributes?: temporal.api.common.v1.ISearchAttributes | null;
  retryPolicy?: RetryPolicy;
  cronSchedule?: string;
  executionTimeoutMs: number;
  runTimeoutMs: number;
  taskTimeoutMs: number;
  /** Delay before the first workflow task: start delay, retry backoff or time to the next cron tick. */
  firstTaskDelayMs: number;
  identity?: string | null;
  requestId: string;
  priority?: temporal.api.common.v1.IPriority | null;
  /** The start's summary and details; only a fresh start has them, the next runs of a chain do not. */
  userMetadata?: temporal.api.sdk.v1.IUserMetadata | null;
  // Chain links:
  firstRunId?: string;
  continuedExecutionRunId?: string;
  initiator?: number;
  attempt?: number;
  /** Epoch ms by which the whole chain must finish (0: none). */
  expirationTime?: number;
  parent?: ParentRef;
  root?: { workflowId: string; runId: string };
  lastCompletionResult?: Payloads;
  continuedFailure?: Failure | null;
}

/** Creates a run, writes its WorkflowExecutionStarted and arms its first task and timeouts. */
export function createRun(tx: Tx, spec: RunSpec): RunContext {
  const now = tx.now;
  const runId = randomUUID();
  const expirationTime = spec.expirationTime ?? (spec.executionTimeoutMs > 0 ? now + spec.executionTimeoutMs : 0);
  const saValues = decodeSearchAttributes(tx.namespaces, spec.namespace, spec.searchAttributes);
  const searchAttributes = withRegisteredTypes(tx.namespaces, spec.namespace, spec.searchAttributes);
  const root = spec.root ?? { workflowId: spec.workflowId, runId: spec.firstRunId ?? runId };
  const started: temporal.api.history.v1.IWorkflowExecutionStartedEventAttributes = {
    workflowType: { name: spec.workflowType },
    taskQueue: { name: spec.taskQueue, kind: Enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    header: spec.header,
    input: spec.input,
    // Unset when there is none, as Temporal sends them: workers tell "no timeout" from "0".
    workflowExecutionTimeout: spec.executionTimeoutMs > 0 ? duration(spec.executionTimeoutMs) : null,
    workflowRunTimeout: spec.runTimeoutMs > 0 ? duration(spec.runTimeoutMs) : null,
    workflowTaskTimeout: duration(spec.taskTimeoutMs),
    continuedExecutionRunId: spec.continuedExecutionRunId,
    initiator: spec.initiator,
    continuedFailure: spec.continuedFailure,
    lastCompletionResult: spec.lastCompletionResult,
    originalExecutionRunId: runId,
    firstExecutionRunId: spec.firstRunId ?? runId,
    identity: spec.identity,
    attempt: spec.attempt ?? 1,
    retryPolicy: spec.retryPolicy ? retryPolicyToProto(spec.retryPolicy) : null,
    cronSchedule: spec.cronSchedule,
    workflowExecutionExpirationTime: expirationTime > 0 ? timestamp(expirationTime) : null,
    firstWorkflowTaskBackoff: spec.firstTaskDelayMs > 0 ? duration(spec.firstTaskDelayMs) : null,
    memo: spec.memo,
    searchAttributes,
    parentWorkflowNamespace: spec.parent?.namespace,
    parentWorkflowExecution: spec.parent ? { workflowId: spec.parent.workflowId, runId: spec.parent.runId } : null,
    parentInitiatedEventId: spec.parent ? toLong(spec.parent.initiatedEventId) : undefined,
    // Only a child has a root other than itself, and only a child's started event names it (as in Temporal).
    rootWorkflowExecution: spec.parent ? root : null,
    workflowId: spec.workflowId,
    priority: spec.priority,
  };
  const ctx = tx.create(
    {
      namespace: spec.namespace,
      workflow_id: spec.workflowId,
      run_id: runId,
      workflow_type: spec.workflowType,
      task_queue: spec.taskQueue,
      status: WorkflowStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
      start_time: now,
      execution_time: now + spec.firstTaskDelayMs,
      close_time: null,
      history_length: 0,
      history_size: 0,
      entity: Entity.workflow,
      start_request_id: spec.requestId,
      first_run_id: spec.firstRunId ?? runId,
      sticky_queue: null,
      memo: spec.memo ? Buffer.from(MemoType.encode(spec.memo).finish()) : null,
      search_attributes: searchAttributes ? Buffer.from(SearchAttributesType.encode(searchAttributes).finish()) : null,
      sa_values: JSON.stringify(saValues),
      state: '',
    },
    runStateFromStarted(started),
  );
  ctx.addEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, started, now, spec.userMetadata);
  if (spec.firstTaskDelayMs > 0) {
    ctx.state.startDelayed = true;
    ctx.addTimer(now + spec.firstTaskDelayMs, TimerKind.startDelay, 0, 0);
  } else {
    scheduleWorkflowTask(ctx);
  }
  // A run ends at its run timeout or at the chain's deadline, whichever comes first.
  const runDeadline = spec.runTimeoutMs > 0 ? now + spec.firstTaskDelayMs + spec.runTimeoutMs : 0;
  const deadline = [runDeadline, expirationTime].filter((t) => t > 0).reduce((a, b) => Math.min(a, b), Infinity);
  if (deadline !== Infinity) ctx.addTimer(deadline, TimerKind.runTimeout, 0, 0);
  tx.store.setCurrentRunId(spec.namespace, spec.workflowId, runId);
  return ctx;
}

/** The parts of a run that carry over to the next run of its chain. */
function chainSpec(ctx: RunContext, overrides: Partial<RunSpec>): RunSpec {
  const s = ctx.state;
  const started = ctx.startedAttributes();
  return {
    namespace: ctx.namespace,
    workflowId: ctx.workflowId,
    workflowType: ctx.row.workflow_type,
    taskQueue: ctx.row.task_queue,
    input: started?.input,
    header: started?.header,
    memo: started?.memo,
    searchAttributes: started?.searchAttributes,
    retryPolicy: s.retryPolicy,
    cronSchedule: s.cronSchedule,
    executionTimeoutMs: s.executionTimeoutMs,
    runTimeoutMs: s.runTimeoutMs,
    taskTimeoutMs: s.workflowTaskTimeoutMs,
    firstTaskDelayMs: 0,
    requestId: randomUUID(),
    firstRunId: ctx.row.first_run_id,
    continuedExecutionRunId: ctx.runId,
    attempt: 1,
    expirationTime: s.expirationTime,
    parent: s.parent,
    root: s.root,
    ...overrides,
  };
}

export function continueAsNew(
  ctx: RunContext,
  a: temporal.api.command.v1.IContinueAsNewWorkflowExecutionCommandAttributes,
): RunContext {
  return createRun(
    ctx.tx,
    chainSpec(ctx, {
      workflowType: a.workflowType?.name || ctx.row.workflow_type,
      taskQueue: a.taskQueue?.name || ctx.row.task_queue,
      input: a.input,
      header: a.header,
      memo: a.memo ?? ctx.startedAttributes()?.memo,
      searchAttributes: a.searchAttributes ?? ctx.startedAttributes()?.searchAttributes,
      runTimeoutMs: durationMs(a.workflowRunTimeout) || ctx.state.runTimeoutMs,
      taskTimeoutMs: durationMs(a.workflowTaskTimeout) || ctx.state.workflowTaskTimeoutMs,
      firstTaskDelayMs: durationMs(a.backoffStartInterval),
      retryPolicy: a.retryPolicy ? retryPolicyFromProto(a.retryPolicy) : ctx.state.retryPolicy,
      initiator: Initiator.CONTINUE_AS_NEW_INITIATOR_WORKFLOW,
      lastCompletionResult: a.lastCompletionResult ?? storedPayloads.decode(ctx.state.lastCompletionResult),
    }),
  );
}

/** What happens after a run fails or times out: a retry, the next cron run, or nothing. */
export function nextRunAfterFailure(
  ctx: RunContext,
  failure: Failure,
  isTimeout: boolean,
): { next: RunContext | undefined; retryState: number } {
  const s = ctx.state;
  const policy = s.retryPolicy;
  const attempt = s.attempt ?? 1;
  if (policy) {
    const summary = isTimeout ? { kind: 'timeout' as const, timeoutType: 1 as const } : summarizeFailure(failure);
    let state: number = RetryStateCode.IN_PROGRESS;
    if (!isRetryableFailure(summary, policy.nonRetryableErrorTypes)) state = RetryStateCode.NON_RETRYABLE_FAILURE;
    else if (policy.maximumAttempts > 0 && attempt >= policy.maximumAttempts) state = RetryStateCode.MAXIMUM_ATTEMPTS_REACHED;
    const backoff =
      summary.kind === 'application' && summary.nextRetryDelayMs !== undefined ? summary.nextRetryDelayMs : computeBackoffMs(policy, attempt);
    if (state === RetryStateCode.IN_PROGRESS && s.expirationTime && ctx.now + backoff >= s.expirationTime) state = RetryStateCode.TIMEOUT;
    if (state === RetryStateCode.IN_PROGRESS) {
      const next = createRun(
        ctx.tx,
        chainSpec(ctx, {
          attempt: attempt + 1,
          firstTaskDelayMs: backoff,
          initiator: Initiator.CONTINUE_AS_NEW_INITIATOR_RETRY,
          continuedFailure: failure,
          lastCompletionResult: storedPayloads.decode(s.lastCompletionResult),
        }),
      );
      return { next, retryState: RetryStateCode.IN_PROGRESS };
    }
    if (!s.cronSchedule) return { next: undefined, retryState: state };
  }
  if (s.cronSchedule) {
    return { next: nextCronRun(ctx, storedPayloads.decode(s.lastCompletionResult), failure), retryState: RetryStateCode.RETRY_POLICY_NOT_SET };
  }
  return { next: undefined, retryState: RetryStateCode.RETRY_POLICY_NOT_SET };
}

/** The next run of a cron workflow, at its next tick (nothing once the chain's deadline would pass). */
export function nextCronRun(ctx: RunContext, lastCompletionResult: Payloads, continuedFailure?: Failure | null): RunContext | undefined {
  const s = ctx.state;
  if (!s.cronSchedule) return undefined;
  const at = nextCronTime(s.cronSchedule, ctx.now);
  if (at === undefined || (s.expirationTime && at >= s.expirationTime)) return undefined;
  return createRun(
    ctx.tx,
    chainSpec(ctx, {
      firstTaskDelayMs: at - ctx.now,
      initiator: Initiator.CONTINUE_AS_NEW_INITIATOR_CRON_SCHEDULE,
      lastCompletionResult,
      continuedFailure,
    }),
  );
}
