// Creating runs: a fresh start, or the next run of a chain (continue-as-new, workflow retry, cron). A chain shares
// its workflow id, first run id, execution deadline and parent; each run links to the one before.
import { randomUUID } from 'node:crypto';
import { temporal } from '@durable/proto';
import { computeBackoffMs, isRetryableFailure, retryPolicyWithDefaults, RetryStateCode, summarizeFailure, type RetryPolicy } from '@durable/common';
import { duration, EventType, timestamp } from '../model/events.js';
import type { Tx } from '../runtime/engine.js';
import { TimerKind, WorkflowStatus, type RunContext } from '../run/run-context.js';
import { newRunState, type ParentRef } from '../model/run-state.js';
import { decodeSearchAttributes } from '../infra/visibility/visibility.js';
import { scheduleWorkflowTask } from '../run/workflow-tasks.js';
import { nextCronTime } from '../model/cron.js';

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
      start_request_id: spec.requestId,
      first_run_id: spec.firstRunId ?? runId,
      sticky_queue: null,
      memo: spec.memo ? Buffer.from(MemoType.encode(spec.memo).finish()) : null,
      search_attributes: spec.searchAttributes ? Buffer.from(SearchAttributesType.encode(spec.searchAttributes).finish()) : null,
      sa_values: JSON.stringify(saValues),
      state: '',
    },
    newRunState({ workflowTaskTimeoutMs: spec.taskTimeoutMs, runTimeoutMs: spec.runTimeoutMs, executionTimeoutMs: spec.executionTimeoutMs }),
  );
  const s = ctx.state;
  s.parent = spec.parent;
  s.root = spec.root;
  s.attempt = spec.attempt ?? 1;
  s.retryPolicy = spec.retryPolicy;
  s.cronSchedule = spec.cronSchedule;
  s.expirationTime = expirationTime;
  s.lastCompletionResult = spec.lastCompletionResult?.payloads?.length ? encodePayloads(spec.lastCompletionResult) : undefined;
  const root = spec.root ?? { workflowId: spec.workflowId, runId: spec.firstRunId ?? runId };
  ctx.addEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, {
    workflowType: { name: spec.workflowType },
    taskQueue: { name: spec.taskQueue, kind: Enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    header: spec.header,
    input: spec.input,
    workflowExecutionTimeout: duration(spec.executionTimeoutMs),
    workflowRunTimeout: duration(spec.runTimeoutMs),
    workflowTaskTimeout: duration(spec.taskTimeoutMs),
    continuedExecutionRunId: spec.continuedExecutionRunId,
    initiator: spec.initiator,
    continuedFailure: spec.continuedFailure,
    lastCompletionResult: spec.lastCompletionResult,
    originalExecutionRunId: runId,
    firstExecutionRunId: spec.firstRunId ?? runId,
    identity: spec.identity,
    attempt: s.attempt,
    retryPolicy: spec.retryPolicy ? retryPolicyProto(spec.retryPolicy) : null,
    cronSchedule: spec.cronSchedule,
    workflowExecutionExpirationTime: expirationTime > 0 ? timestamp(expirationTime) : null,
    firstWorkflowTaskBackoff: spec.firstTaskDelayMs > 0 ? duration(spec.firstTaskDelayMs) : null,
    memo: spec.memo,
    searchAttributes: spec.searchAttributes,
    parentWorkflowNamespace: spec.parent?.namespace,
    parentWorkflowExecution: spec.parent ? { workflowId: spec.parent.workflowId, runId: spec.parent.runId } : null,
    parentInitiatedEventId: spec.parent?.initiatedEventId,
    rootWorkflowExecution: root,
    workflowId: spec.workflowId,
    priority: spec.priority,
  });
  if (spec.firstTaskDelayMs > 0) {
    s.startDelayed = true;
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

const b64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
const encodePayloads = (p: temporal.api.common.v1.IPayloads) => b64(temporal.api.common.v1.Payloads.encode(p).finish());
const decodePayloads = (s: string | undefined) => (s ? temporal.api.common.v1.Payloads.decode(Buffer.from(s, 'base64')) : undefined);

function retryPolicyProto(p: RetryPolicy): temporal.api.common.v1.IRetryPolicy {
  return {
    initialInterval: duration(p.initialIntervalMs),
    backoffCoefficient: p.backoffCoefficient,
    maximumInterval: duration(p.maximumIntervalMs),
    maximumAttempts: p.maximumAttempts,
    nonRetryableErrorTypes: p.nonRetryableErrorTypes,
  };
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
  durationMsOf: (d: unknown) => number,
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
      runTimeoutMs: durationMsOf(a.workflowRunTimeout) || ctx.state.runTimeoutMs,
      taskTimeoutMs: durationMsOf(a.workflowTaskTimeout) || ctx.state.workflowTaskTimeoutMs,
      firstTaskDelayMs: durationMsOf(a.backoffStartInterval),
      retryPolicy: a.retryPolicy ? retryPolicyWithDefaults(retryPolicyFromCommand(a.retryPolicy, durationMsOf)) : ctx.state.retryPolicy,
      initiator: Initiator.CONTINUE_AS_NEW_INITIATOR_WORKFLOW,
      lastCompletionResult: a.lastCompletionResult ?? decodePayloads(ctx.state.lastCompletionResult),
    }),
  );
}

export function retryPolicyFromCommand(p: temporal.api.common.v1.IRetryPolicy, durationMsOf: (d: unknown) => number): Partial<RetryPolicy> {
  return {
    initialIntervalMs: durationMsOf(p.initialInterval),
    backoffCoefficient: p.backoffCoefficient ?? undefined,
    maximumIntervalMs: durationMsOf(p.maximumInterval),
    maximumAttempts: p.maximumAttempts ?? 0,
    nonRetryableErrorTypes: p.nonRetryableErrorTypes ?? [],
  };
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
          lastCompletionResult: decodePayloads(s.lastCompletionResult),
        }),
      );
      return { next, retryState: RetryStateCode.IN_PROGRESS };
    }
    if (!s.cronSchedule) return { next: undefined, retryState: state };
  }
  if (s.cronSchedule) {
    return { next: nextCronRun(ctx, decodePayloads(s.lastCompletionResult), failure), retryState: RetryStateCode.RETRY_POLICY_NOT_SET };
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
