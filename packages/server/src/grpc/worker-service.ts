import { randomUUID } from 'node:crypto';
import { temporal } from '@durable/proto';
import { TaskKind, type TaskRow } from '../model/rows.js';
import { invalidArgument, notFound } from '../model/errors.js';
import {
  cancelActivityReported,
  completeActivity,
  currentActivity,
  failActivity,
  findActivityById,
  isActivityTaskToStart,
  recordHeartbeat,
  startActivityTask,
} from '../run/activities.js';
import { completeWorkflowTask } from '../transitions/complete-task.js';
import { resolveActivityExecution } from '../transitions/activity-executions.js';
import type { Engine, Tx } from '../runtime/engine.js';
import { queueKey } from '../infra/matching.js';
import type { RunContext } from '../run/run-context.js';
import { decodeTaskToken, encodeTaskToken, type ActivityTaskToken } from '../model/task-token.js';
import {
  clearStickiness,
  currentWorkflowTask,
  failWorkflowTask,
  isCurrentWorkflowTask,
  readHistory,
  startWorkflowTask,
} from '../run/workflow-tasks.js';
import { timestamp } from '../model/events.js';
import { encodedHistory } from '../model/encoded-history.js';
import type { Handler } from './bind.js';
import { DEFAULT_DISPATCH_RATE, pollDeadline, pollerOf, requireQueue, taskDispatch } from './task-dispatch.js';

type V1 = typeof temporal.api.workflowservice.v1;
type Req<K extends keyof V1> = V1[K] extends { prototype: infer I } ? I : never;

const QueueKind = temporal.api.enums.v1.TaskQueueKind;


function runFor(tx: Tx, token: { rid: string; wid: string }, what: string): RunContext {
  const ctx = tx.run(token.rid);
  if (!ctx) throw notFound(`${what} not found: workflow ${token.wid} (run ${token.rid}) does not exist.`);
  return ctx;
}

/** The running activity a by-id request names: in a workflow, or a standalone one when no workflow id is given. */
function byId(tx: Tx, namespace: string, req: { workflowId?: string | null; runId?: string | null; activityId?: string | null }) {
  const run = req.workflowId
    ? tx.resolve(namespace, req.workflowId, req.runId)
    : resolveActivityExecution(tx, namespace, req.activityId, req.runId);
  return { run, activity: findActivityById(run, req.activityId ?? '') };
}

export function workerHandlers(engine: Engine): Record<string, Handler> {
  const namespaces = engine.namespaces;
  /** An activity token's namespace: Temporal's own tokens name it by id, and an unknown id is its NOT_FOUND. */
  const activityNamespace = (token: ActivityTaskToken, requested: string | null | undefined) => {
    if (!token.nsId) return namespaces.get(requested || token.ns);
    const rec = namespaces.getById(token.nsId);
    if (!rec) {
      throw notFound(`Namespace ${token.nsId} is not found.`, {
        type: 'temporal.api.errordetails.v1.NamespaceNotFoundFailure',
        value: { namespace: token.nsId },
      });
    }
    return rec;
  };
  const { longPoll, takeTask, workflowTaskGate, activityTaskGate } = taskDispatch(engine);

  /** Counts a task handed to a poller with the time it waited, under its normal queue's name (sticky ones too). */
  function dispatched(run: RunContext, queue: string, kind: TaskKind, scheduledAt: number): void {
    const seconds = Math.max(0, run.now - scheduledAt) / 1000;
    const ns = run.namespace;
    run.afterCommit(() => engine.metrics.dispatched(ns, queue, kind, seconds));
  }

  function legacyQueryTask(key: string): object | undefined {
    const q = engine.queries.takeLegacy(key);
    if (!q) return undefined;
    return engine.read((tx) => {
      const run = tx.run(q.runId);
      if (!run) return undefined;
      return {
        taskToken: encodeTaskToken({ k: 'q', ns: run.namespace, wid: run.workflowId, rid: run.runId, q: q.id }),
        workflowExecution: run.execution,
        workflowType: { name: run.row.workflow_type },
        previousStartedEventId: run.state.lastCompletedStartedEventId,
        startedEventId: 0,
        attempt: 1,
        history: encodedHistory(readHistory(run, 1, run.state.nextEventId)),
        query: q.query,
        workflowExecutionTaskQueue: { name: run.row.task_queue, kind: QueueKind.TASK_QUEUE_KIND_NORMAL },
        scheduledTime: timestamp(engine.now()),
        startedTime: timestamp(engine.now()),
      };
    });
  }

  return {
    async PollWorkflowTaskQueue(req: Req<'PollWorkflowTaskQueueRequest'>, ctx) {
      const ns = namespaces.get(req.namespace).name;
      const queue = requireQueue(req.taskQueue?.name);
      const key = queueKey(ns, TaskKind.workflow, queue);
      const identity = req.identity ?? '';
      // A sticky queue is one worker's own: it is not one of its version's task queues, and it takes all it gets.
      const sticky = req.taskQueue?.kind === temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_STICKY;
      const mayTake = sticky ? undefined : workflowTaskGate(ns, queue, req.deploymentOptions);
      const normalQueue = req.taskQueue?.normalName || queue;
      return longPoll({ namespace: ns, kind: TaskKind.workflow, queue }, pollerOf(req, DEFAULT_DISPATCH_RATE), ctx, () => {
        const legacy = legacyQueryTask(key);
        if (legacy) return legacy;
        const start = (run: RunContext) => {
          dispatched(run, normalQueue, TaskKind.workflow, run.state.wft!.scheduledTime);
          return startWorkflowTask(run, identity, randomUUID());
        };
        return takeTask(ns, queue, TaskKind.workflow, isCurrentWorkflowTask, start, mayTake);
      });
    },

    async PollActivityTaskQueue(req: Req<'PollActivityTaskQueueRequest'>, ctx) {
      const ns = namespaces.get(req.namespace).name;
      const queue = requireQueue(req.taskQueue?.name);
      const identity = req.identity ?? '';
      const rate = req.taskQueueMetadata?.maxTasksPerSecond?.value ?? DEFAULT_DISPATCH_RATE;
      const mayTake = activityTaskGate(ns, queue, req.deploymentOptions);
      const start = (run: RunContext, row: TaskRow) => {
        const activity = run.state.activities[row.ref]!;
        dispatched(run, queue, TaskKind.activity, activity.currentScheduledTime);
        return startActivityTask(run, activity, identity, randomUUID());
      };
      return longPoll({ namespace: ns, kind: TaskKind.activity, queue }, pollerOf(req, rate), ctx, () =>
        takeTask(ns, queue, TaskKind.activity, isActivityTaskToStart, start, mayTake),
      );
    },

    async PollNexusTaskQueue(req: Req<'PollNexusTaskQueueRequest'>, ctx) {
      const ns = namespaces.get(req.namespace).name;
      const key = queueKey(ns, TaskKind.nexus, requireQueue(req.taskQueue?.name));
      // Nexus is not served: its pollers are seen (DescribeTaskQueue) and wait out their long poll.
      engine.matching.recordPoll(key, pollerOf(req, DEFAULT_DISPATCH_RATE), engine.now());
      await engine.matching.wait(key, pollDeadline(engine, ctx) - engine.now(), ctx.signal);
      return {};
    },

    RespondWorkflowTaskCompleted(req: Req<'RespondWorkflowTaskCompletedRequest'>) {
      const token = decodeTaskToken(req.taskToken, 'w');
      namespaces.get(req.namespace || token.ns);
      const { refused, activityTasks } = engine.transact((tx) => completeWorkflowTask(runFor(tx, token, 'Workflow task'), token, req));
      if (refused) throw invalidArgument(refused.statusMessage);
      return { activityTasks };
    },

    RespondWorkflowTaskFailed(req: Req<'RespondWorkflowTaskFailedRequest'>) {
      const token = decodeTaskToken(req.taskToken, 'w');
      namespaces.get(req.namespace || token.ns);
      engine.transact((tx) => {
        const run = runFor(tx, token, 'Workflow task');
        currentWorkflowTask(run, token);
        failWorkflowTask(run, { cause: req.cause ?? 0, failure: req.failure, identity: req.identity ?? '' });
      });
      return {};
    },

    RespondQueryTaskCompleted(req: Req<'RespondQueryTaskCompletedRequest'>) {
      const token = decodeTaskToken(req.taskToken, 'q');
      namespaces.get(req.namespace || token.ns);
      const failed = req.completedType === temporal.api.enums.v1.QueryResultType.QUERY_RESULT_TYPE_FAILED;
      const ok = engine.queries.respond(
        token.q,
        failed ? { errorMessage: req.errorMessage ?? '', failure: req.failure } : { answer: req.queryResult },
      );
      if (!ok) throw notFound(`Query task not found: query ${token.q} of workflow ${token.wid} timed out or was answered.`);
      return {};
    },

    ResetStickyTaskQueue(req: Req<'ResetStickyTaskQueueRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      engine.transact((tx) => clearStickiness(tx.resolve(ns, req.execution?.workflowId ?? '', req.execution?.runId)));
      return {};
    },

    ShutdownWorker(req: Req<'ShutdownWorkerRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      // The worker's last heartbeat says it is shutting down; ListWorkers shows it so until it is forgotten.
      if (req.workerHeartbeat?.workerInstanceKey) engine.workers.record(ns, [req.workerHeartbeat], engine.now());
      if (req.stickyTaskQueue) {
        const queue = req.stickyTaskQueue;
        engine.transact((tx) => {
          for (const runId of engine.store.runsOnStickyQueue(queue)) {
            const run = tx.run(runId);
            if (run) clearStickiness(run);
          }
        });
      }
      return {};
    },

    RecordActivityTaskHeartbeat(req: Req<'RecordActivityTaskHeartbeatRequest'>) {
      const token = decodeTaskToken(req.taskToken, 'a');
      activityNamespace(token, req.namespace);
      return engine.transact((tx) => {
        const run = runFor(tx, token, 'Activity task');
        return recordHeartbeat(run, currentActivity(run, token), req.details);
      });
    },

    RecordActivityTaskHeartbeatById(req: Req<'RecordActivityTaskHeartbeatByIdRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      return engine.transact((tx) => {
        const { run, activity } = byId(tx, ns, req);
        return recordHeartbeat(run, activity, req.details);
      });
    },

    RespondActivityTaskCompleted(req: Req<'RespondActivityTaskCompletedRequest'>) {
      const token = decodeTaskToken(req.taskToken, 'a');
      activityNamespace(token, req.namespace);
      engine.transact((tx) => {
        const run = runFor(tx, token, 'Activity task');
        completeActivity(run, currentActivity(run, token), req.result, req.identity ?? '');
      });
      return {};
    },

    RespondActivityTaskCompletedById(req: Req<'RespondActivityTaskCompletedByIdRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      engine.transact((tx) => {
        const { run, activity } = byId(tx, ns, req);
        completeActivity(run, activity, req.result, req.identity ?? '');
      });
      return {};
    },

    RespondActivityTaskFailed(req: Req<'RespondActivityTaskFailedRequest'>) {
      const token = decodeTaskToken(req.taskToken, 'a');
      activityNamespace(token, req.namespace);
      if (!req.failure) throw invalidArgument('Failure is not set on request.');
      engine.transact((tx) => {
        const run = runFor(tx, token, 'Activity task');
        failActivity(run, currentActivity(run, token), req.failure!, req.lastHeartbeatDetails, req.identity ?? '');
      });
      return { failures: [] };
    },

    RespondActivityTaskFailedById(req: Req<'RespondActivityTaskFailedByIdRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      if (!req.failure) throw invalidArgument('Failure is not set on request.');
      engine.transact((tx) => {
        const { run, activity } = byId(tx, ns, req);
        failActivity(run, activity, req.failure!, req.lastHeartbeatDetails, req.identity ?? '');
      });
      return { failures: [] };
    },

    RespondActivityTaskCanceled(req: Req<'RespondActivityTaskCanceledRequest'>) {
      const token = decodeTaskToken(req.taskToken, 'a');
      activityNamespace(token, req.namespace);
      engine.transact((tx) => {
        const run = runFor(tx, token, 'Activity task');
        cancelActivityReported(run, currentActivity(run, token), req.details, req.identity ?? '');
      });
      return {};
    },

    RespondActivityTaskCanceledById(req: Req<'RespondActivityTaskCanceledByIdRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      engine.transact((tx) => {
        const { run, activity } = byId(tx, ns, req);
        cancelActivityReported(run, activity, req.details, req.identity ?? '');
      });
      return {};
    },
  };
}
