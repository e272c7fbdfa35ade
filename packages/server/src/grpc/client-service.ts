import { randomUUID } from 'node:crypto';
import { temporal } from '@durable/proto';
import { Code, invalidArgument, ServiceError, workflowNotFound } from '../model/errors.js';
import { pendingActivityInfo } from '../run/activities.js';
import { pendingChildren, relatives } from '../transitions/relations.js';
import { resetWorkflow } from '../transitions/reset.js';
import type { Engine, Tx } from '../runtime/engine.js';
import { deleteRun, requestCancel, signal, startWorkflow, terminate, validateStart } from '../transitions/lifecycle.js';
import { WorkflowStatus } from '../model/rows.js';
import { countRows, executionInfo, listExecutions } from '../infra/visibility/visibility.js';
import { decodeEvent, duration, timestamp } from '../model/events.js';
import { encodedEvents, encodedHistory } from '../model/encoded-history.js';
import { checkBlobSize } from '../run/limits.js';
import type { RunContext } from '../run/run-context.js';
import { startWorkflowTask } from '../run/workflow-tasks.js';
import { versioningInfo } from '../run/versioning.js';
import type { CallContext, Handler } from './bind.js';

type V1 = typeof temporal.api.workflowservice.v1;
type Req<K extends keyof V1> = V1[K] extends { prototype: infer I } ? I : never;

const Enums = temporal.api.enums.v1;
const HISTORY_WAIT_MS = 20_000;
const QUERY_TIMEOUT_MS = 60_000;
const DEFAULT_HISTORY_PAGE = 1000;

interface HistoryToken {
  runId: string;
  next: number;
}

function parseHistoryToken(bytes: Uint8Array | null | undefined): HistoryToken | undefined {
  if (!bytes || bytes.length === 0) return undefined;
  try {
    const t = JSON.parse(Buffer.from(bytes).toString('utf8')) as HistoryToken;
    if (typeof t.runId === 'string' && Number.isInteger(t.next)) return t;
  } catch {
    // fall through to the error below
  }
  throw invalidArgument('Invalid NextPageToken: not a token issued by this server.');
}

const historyToken = (t: HistoryToken) => Buffer.from(JSON.stringify(t));

/**
 * Eager workflow start: the first workflow task of a run this request started goes back to the caller (whose worker
 * shares its connection) instead of through the queue, when it is still the first attempt and waits for no start
 * delay. Its queued task is then stale and dropped by the next poll. The history is nested in the response, where
 * the serializer only writes decoded events, so it is decoded here.
 */
function eagerFirstTask(run: RunContext, req: Req<'StartWorkflowExecutionRequest'>) {
  const wft = run.state.wft;
  if (!wft || wft.startedEventId !== 0 || wft.scheduledEventId !== 2 || wft.attempt !== 1 || wft.sticky) return null;
  const task = startWorkflowTask(run, req.identity ?? '', req.requestId || randomUUID());
  return { ...task, history: { events: (encodedEvents(task.history) ?? []).map(decodeEvent) } };
}

export function clientHandlers(engine: Engine): Record<string, Handler> {
  const namespaces = engine.namespaces;

  function requireWorkflowId(id: string | null | undefined): string {
    if (!id) throw invalidArgument('WorkflowId is not set on request.');
    return id;
  }

  /** The run a cancel or terminate names; with first_execution_run_id, only if it belongs to that chain. */
  function targetRun(
    tx: Tx,
    req: { namespace?: string | null; workflowExecution?: { workflowId?: string | null; runId?: string | null } | null; firstExecutionRunId?: string | null },
  ) {
    const ns = namespaces.get(req.namespace).name;
    const workflowId = requireWorkflowId(req.workflowExecution?.workflowId);
    const run = tx.resolve(ns, workflowId, req.workflowExecution?.runId);
    if (req.firstExecutionRunId && req.firstExecutionRunId !== run.row.first_run_id) {
      throw workflowNotFound(workflowId, req.firstExecutionRunId);
    }
    return run;
  }

  async function getHistory(req: Req<'GetWorkflowExecutionHistoryRequest'>, ctx: CallContext) {
    const ns = namespaces.get(req.namespace).name;
    const workflowId = requireWorkflowId(req.execution?.workflowId);
    const token = parseHistoryToken(req.nextPageToken);
    const runId = token?.runId || req.execution?.runId || engine.store.getCurrentRunId(ns, workflowId);
    if (!runId) throw workflowNotFound(workflowId, req.execution?.runId);
    const closeOnly = req.historyEventFilterType === Enums.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT;
    const pageSize = req.maximumPageSize > 0 ? req.maximumPageSize : DEFAULT_HISTORY_PAGE;
    const waitUntil = Math.min(engine.now() + HISTORY_WAIT_MS, ctx.deadline - 500);
    for (;;) {
      const snapshot = engine.read((tx) => {
        const run = tx.run(runId);
        if (!run || run.namespace !== ns || run.workflowId !== workflowId) throw workflowNotFound(workflowId, runId);
        return { open: run.isOpen, next: run.state.nextEventId, length: run.row.history_length };
      });
      if (closeOnly) {
        if (!snapshot.open) {
          const data = engine.store.readEvent(runId, snapshot.length);
          return { history: encodedHistory(data ? [data] : []) };
        }
      } else {
        const from = token?.next ?? 1;
        if (from < snapshot.next) {
          const rows = engine.store.readEvents(runId, from, snapshot.next, pageSize);
          const last = rows.length ? rows[rows.length - 1].event_id : from - 1;
          // An open run keeps its token only for callers that long-poll; others stop at what exists now.
          const more = last + 1 < snapshot.next || (snapshot.open && req.waitNewEvent);
          return {
            history: encodedHistory(rows.map((r) => r.data)),
            nextPageToken: more ? historyToken({ runId, next: last + 1 }) : null,
          };
        }
        if (!snapshot.open) return { history: { events: [] } };
      }
      if (!req.waitNewEvent) return { history: { events: [] } };
      const unchanged = { history: { events: [] }, nextPageToken: historyToken({ runId, next: token?.next ?? snapshot.next }) };
      if (engine.now() >= waitUntil || ctx.signal.aborted) return unchanged;
      // Not woken: the wait ran out, the caller left or the server is stopping.
      if (!(await engine.waitForHistory(runId, waitUntil - engine.now(), ctx.signal, closeOnly))) return unchanged;
    }
  }

  return {
    StartWorkflowExecution(req: Req<'StartWorkflowExecutionRequest'>) {
      namespaces.get(req.namespace);
      validateStart(req, engine.config);
      return engine.transact((tx) => {
        const r = startWorkflow(tx, req, { defaultConflict: Enums.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL });
        const eager = r.started && req.requestEagerExecution && engine.config.bool('system.enableEagerWorkflowStart') ? eagerFirstTask(tx.run(r.runId)!, req) : null;
        return { runId: r.runId, started: r.started, status: Enums.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING, eagerWorkflowTask: eager };
      });
    },

    SignalWithStartWorkflowExecution(req: Req<'SignalWithStartWorkflowExecutionRequest'>) {
      namespaces.get(req.namespace);
      validateStart(req, engine.config);
      if (!req.signalName) throw invalidArgument('SignalName is not set on request.');
      checkBlobSize(engine.config, req.signalInput);
      const sig = { signalName: req.signalName, input: req.signalInput, header: req.header };
      const r = engine.transact((tx) => {
        const started = startWorkflow(tx, req, {
          signal: sig,
          defaultConflict: Enums.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
        });
        if (started.signaled) signal(started.signaled, { ...sig, identity: req.identity, requestId: req.requestId });
        return started;
      });
      return { runId: r.runId, started: r.started };
    },

    SignalWorkflowExecution(req: Req<'SignalWorkflowExecutionRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      const workflowId = requireWorkflowId(req.workflowExecution?.workflowId);
      if (!req.signalName) throw invalidArgument('SignalName is not set on request.');
      checkBlobSize(engine.config, req.input);
      engine.transact((tx) => signal(tx.resolve(ns, workflowId, req.workflowExecution?.runId), req));
      return {};
    },

    RequestCancelWorkflowExecution(req: Req<'RequestCancelWorkflowExecutionRequest'>) {
      engine.transact((tx) => requestCancel(targetRun(tx, req), req.reason ?? '', req.identity ?? ''));
      return {};
    },

    TerminateWorkflowExecution(req: Req<'TerminateWorkflowExecutionRequest'>) {
      engine.transact((tx) => terminate(targetRun(tx, req), req.reason ?? '', req.details, req.identity ?? ''));
      return {};
    },

    DeleteWorkflowExecution(req: Req<'DeleteWorkflowExecutionRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      const workflowId = requireWorkflowId(req.workflowExecution?.workflowId);
      engine.transact((tx) => deleteRun(tx.resolve(ns, workflowId, req.workflowExecution?.runId)));
      return {};
    },

    async QueryWorkflow(req: Req<'QueryWorkflowRequest'>, ctx) {
      const ns = namespaces.get(req.namespace).name;
      const workflowId = requireWorkflowId(req.execution?.workflowId);
      if (!req.query?.queryType) throw invalidArgument('QueryType is not set on request.');
      const plan = engine.read((tx) => {
        const run = tx.resolve(ns, workflowId, req.execution?.runId);
        const status = run.row.status;
        const Reject = Enums.QueryRejectCondition;
        const rejected =
          (req.queryRejectCondition === Reject.QUERY_REJECT_CONDITION_NOT_OPEN && !run.isOpen) ||
          (req.queryRejectCondition === Reject.QUERY_REJECT_CONDITION_NOT_COMPLETED_CLEANLY &&
            !run.isOpen &&
            status !== WorkflowStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
        // A query rides on the next workflow task when one is coming; otherwise it is a task of its own. So is a
        // query to a run whose workflow task keeps failing: that task answers no query, while the worker, asked
        // directly, replays and answers at once (with the replay's failure).
        const legacyQueue = !run.isOpen || !run.state.wft || run.state.wft.attempt > 1 ? run.row.task_queue : undefined;
        return { rejected: rejected || run.isPaused, status, legacyQueue, run: { namespace: ns, workflowId, runId: run.runId } };
      });
      if (plan.rejected) return { queryRejected: { status: plan.status } };
      const timeout = Math.min(QUERY_TIMEOUT_MS, ctx.deadline - engine.now() - 200);
      const outcome = await engine.queries.submit(plan.run, req.query, plan.legacyQueue, timeout, ctx.signal);
      if (outcome.answer !== undefined && outcome.errorMessage === undefined) return { queryResult: outcome.answer };
      throw new ServiceError(Code.INVALID_ARGUMENT, outcome.errorMessage || outcome.failure?.message || 'query failed', {
        type: 'temporal.api.errordetails.v1.QueryFailedFailure',
        value: { failure: outcome.failure ?? undefined },
      });
    },

    ResetWorkflowExecution(req: Req<'ResetWorkflowExecutionRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      const workflowId = requireWorkflowId(req.workflowExecution?.workflowId);
      const runId = engine.transact((tx) => resetWorkflow(tx, tx.resolve(ns, workflowId, req.workflowExecution?.runId), req));
      return { runId };
    },

    DescribeWorkflowExecution(req: Req<'DescribeWorkflowExecutionRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      const workflowId = requireWorkflowId(req.execution?.workflowId);
      return engine.read((tx) => {
        const run = tx.resolve(ns, workflowId, req.execution?.runId);
        const s = run.state;
        const wft = s.wft;
        const WftState = Enums.PendingWorkflowTaskState;
        return {
          executionConfig: {
            taskQueue: { name: run.row.task_queue, kind: Enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
            workflowExecutionTimeout: duration(s.executionTimeoutMs),
            workflowRunTimeout: duration(s.runTimeoutMs),
            defaultWorkflowTaskTimeout: duration(s.workflowTaskTimeoutMs),
            // As Temporal does: the start's summary and details, read back from its started event.
            userMetadata: run.startedEvent()?.userMetadata ?? null,
          },
          workflowExecutionInfo: {
            ...executionInfo(run.row),
            ...relatives(run),
            priority: s.priority ?? null,
            ...versioningInfo(run),
          },
          workflowExtendedInfo: {
            cancelRequested: s.cancelRequested,
            pauseInfo: s.pause ? { identity: s.pause.identity, reason: s.pause.reason, pausedTime: timestamp(s.pause.time) } : null,
          },
          pendingActivities: Object.values(s.activities).map(pendingActivityInfo),
          pendingChildren: pendingChildren(run),
          pendingWorkflowTask: wft
            ? {
                state: wft.startedEventId > 0 ? WftState.PENDING_WORKFLOW_TASK_STATE_STARTED : WftState.PENDING_WORKFLOW_TASK_STATE_SCHEDULED,
                scheduledTime: timestamp(wft.scheduledTime),
                originalScheduledTime: timestamp(wft.originalScheduledTime),
                startedTime: wft.startedTime ? timestamp(wft.startedTime) : null,
                attempt: wft.attempt,
              }
            : null,
        };
      });
    },

    GetWorkflowExecutionHistory: getHistory,

    GetWorkflowExecutionHistoryReverse(req: Req<'GetWorkflowExecutionHistoryReverseRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      const workflowId = requireWorkflowId(req.execution?.workflowId);
      const token = parseHistoryToken(req.nextPageToken);
      const runId = token?.runId || req.execution?.runId || engine.store.getCurrentRunId(ns, workflowId);
      if (!runId) throw workflowNotFound(workflowId, req.execution?.runId);
      const last = engine.read((tx) => {
        const run = tx.run(runId);
        if (!run || run.namespace !== ns || run.workflowId !== workflowId) throw workflowNotFound(workflowId, runId);
        return run.state.nextEventId - 1;
      });
      const from = token?.next ?? last;
      const pageSize = req.maximumPageSize > 0 ? req.maximumPageSize : DEFAULT_HISTORY_PAGE;
      const rows = engine.store.readEventsReverse(runId, from, pageSize);
      const lowest = rows.length ? rows[rows.length - 1].event_id : 1;
      return {
        history: encodedHistory(rows.map((r) => r.data)),
        nextPageToken: lowest > 1 ? historyToken({ runId, next: lowest - 1 }) : null,
      };
    },

    ListWorkflowExecutions(req: Req<'ListWorkflowExecutionsRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      return listExecutions(engine.store, namespaces, ns, req.query ?? '', req.pageSize, req.nextPageToken);
    },

    ScanWorkflowExecutions(req: Req<'ScanWorkflowExecutionsRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      return listExecutions(engine.store, namespaces, ns, req.query ?? '', req.pageSize, req.nextPageToken);
    },

    CountWorkflowExecutions(req: Req<'CountWorkflowExecutionsRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      return countRows(engine.store, namespaces, ns, req.query ?? '');
    },
  };
}
