// Handing tasks to pollers: a long poll that takes the first task of its queue in dispatch order (priority,
// fairness, age) or sleeps until one is committed, and the pollers each queue has seen, for DescribeTaskQueue.
import { temporal } from '@durable/proto';
import { HistoryLimitError, invalidArgument } from '../model/errors.js';
import { priorityLevel } from '../model/priority.js';
import { TaskKind, type TaskRow } from '../model/rows.js';
import { versionKey, type VersionRef } from '../infra/deployments.js';
import { pinnedVersion, workerVersion } from '../run/versioning.js';
import { queueKey, type PollerRecord } from '../infra/matching.js';
import type { RunContext } from '../run/run-context.js';
import type { Engine } from '../runtime/engine.js';
import type { CallContext } from './bind.js';

const LONG_POLL_MS = 60_000;

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

/** The task queue a request names; Temporal refuses a request without one in these words. */
export function requireQueue(name: string | null | undefined): string {
  if (!name) throw invalidArgument('TaskQueue is not set on request.');
  return name;
}

/** What Temporal reports as a poller's rate when the worker sets no limit. */
export const DEFAULT_DISPATCH_RATE = 100_000;

type PollRequest = {
  identity?: string | null;
  deploymentOptions?: temporal.api.deployment.v1.IWorkerDeploymentOptions | null;
  workerVersionCapabilities?: temporal.api.common.v1.IWorkerVersionCapabilities | null;
};

export function pollerOf(req: PollRequest, ratePerSecond: number): Omit<PollerRecord, 'lastAccessTime'> {
  return {
    identity: req.identity ?? '',
    ratePerSecond,
    deploymentOptions: req.deploymentOptions,
    workerVersionCapabilities: req.workerVersionCapabilities,
  };
}

export function pollDeadline(engine: Engine, ctx: CallContext): number {
  // Answer empty a little before the caller's own deadline, so it sees "no task" rather than an error.
  return Math.min(engine.now() + LONG_POLL_MS, ctx.deadline - 1000);
}

export interface QueuePlace {
  namespace: string;
  kind: TaskKind;
  queue: string;
}

const RateSource = temporal.api.enums.v1.RateLimitSource;

/**
 * The dispatch rate a queue is held to: the one set with UpdateTaskQueueConfig, else the lowest a worker asked for
 * when polling (activity workers' maxTaskQueueActivitiesPerSecond), else none.
 */
export function effectiveRateLimit(engine: Engine, q: QueuePlace): { requestsPerSecond: number; rateLimitSource: number } | undefined {
  const set = engine.taskQueueConfigs.get(q.namespace, q.kind, q.queue)?.queueRateLimit?.rateLimit;
  if (set) return { requestsPerSecond: set.requestsPerSecond ?? 0, rateLimitSource: RateSource.RATE_LIMIT_SOURCE_API };
  const rates = engine.matching
    .pollers(queueKey(q.namespace, q.kind, q.queue), engine.now())
    .map((p) => p.ratePerSecond)
    .filter((r) => r < DEFAULT_DISPATCH_RATE);
  if (rates.length) return { requestsPerSecond: Math.min(...rates), rateLimitSource: RateSource.RATE_LIMIT_SOURCE_WORKER };
  return undefined;
}

export function taskDispatch(engine: Engine) {
  async function longPoll<T extends object>(
    place: QueuePlace,
    poller: Omit<PollerRecord, 'lastAccessTime'>,
    ctx: CallContext,
    take: () => T | undefined,
  ): Promise<T | object> {
    const key = queueKey(place.namespace, place.kind, place.queue);
    const deadline = pollDeadline(engine, ctx);
    for (;;) {
      engine.matching.recordPoll(key, poller, engine.now());
      if (ctx.signal.aborted) return {};
      const limit = effectiveRateLimit(engine, place);
      const wait = engine.taskQueueConfigs.dispatchWait(key, limit?.requestsPerSecond, engine.now());
      if (wait > 0) {
        // Over the queue's rate: hold the poll until a dispatch token is there (or the poll ends).
        const pause = Math.min(wait, deadline - engine.now());
        if (pause <= 0) return {};
        await delay(pause, ctx.signal);
        continue;
      }
      const task = take();
      if (task) {
        engine.matching.recordDispatch(key, engine.now());
        engine.taskQueueConfigs.dispatched(key, engine.now());
        return task;
      }
      const remaining = deadline - engine.now();
      if (remaining <= 0) return {};
      // Not woken means the deadline passed, the caller left or the server is stopping: answer empty.
      if (!(await engine.matching.wait(key, remaining, ctx.signal))) return {};
      // A caller that just cancelled may have its cancellation in the next read of the connection: let it land
      // before handing this poll a task the caller would never see.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * Takes the first task of a queue in dispatch order that still names pending work; stale rows are dropped on the
   * way, rows `mayTake` refuses (another worker version's) are left for their pollers.
   */
  function takeTask<T>(
    ns: string,
    queue: string,
    kind: TaskKind,
    isCurrent: (run: RunContext, row: TaskRow) => boolean,
    start: (run: RunContext, row: TaskRow) => T,
    mayTake: (run: RunContext, row: TaskRow) => boolean = () => true,
  ): T | undefined {
    // Most wake-ups of an idle poller find nothing: look before opening a write transaction.
    const first = engine.store.nextTask(ns, queue, kind);
    if (!first) return undefined;
    try {
      return take(ns, queue, kind, first, isCurrent, start, mayTake);
    } catch (err) {
      // The task would have taken its run past a history limit: the run was terminated instead; look again.
      if (err instanceof HistoryLimitError) return takeTask(ns, queue, kind, isCurrent, start, mayTake);
      throw err;
    }
  }

  /** Takes `first` (the queue's first task, read with nothing written since) or the first after it it may take. */
  function take<T>(
    ns: string,
    queue: string,
    kind: TaskKind,
    first: TaskRow,
    isCurrent: (run: RunContext, row: TaskRow) => boolean,
    start: (run: RunContext, row: TaskRow) => T,
    mayTake: (run: RunContext, row: TaskRow) => boolean,
  ): T | undefined {
    return engine.transact((tx) => {
      let row: TaskRow | undefined = first;
      for (; row; row = engine.store.nextTask(ns, queue, kind, row)) {
        const run = tx.run(row.run_id);
        if (!run || !isCurrent(run, row)) {
          engine.store.deleteTask(row.id);
          continue;
        }
        if (!mayTake(run, row)) continue;
        engine.store.deleteTask(row.id);
        engine.dispatchOrder.dispatched(ns, kind, queue, priorityLevel({ priorityKey: row.priority }), row.pass);
        return start(run, row);
      }
      return undefined;
    });
  }

  /**
   * Worker versioning: a versioned poller makes its version known (deployment, build id, this queue); a task goes
   * only to the pollers of the version it targets (unversioned pollers: tasks that target no version).
   */
  function versionGate(ns: string, queue: string, type: number, poller: VersionRef | undefined) {
    if (poller && !engine.deployments.get(ns, poller.deploymentName)?.versions[poller.buildId]?.taskQueues.some((q) => q.name === queue && q.type === type)) {
      engine.transact(() => engine.deployments.register(ns, poller, queue, type, engine.now()));
    }
    if (poller) engine.matching.markVersioned(queueKey(ns, type === QueueType.TASK_QUEUE_TYPE_WORKFLOW ? TaskKind.workflow : TaskKind.activity, queue));
    return (target: VersionRef | null) => (target === null ? poller === undefined : poller !== undefined && versionKey(target) === versionKey(poller));
  }

  /** May this poller of a normal queue take the run's workflow task? */
  function workflowTaskGate(ns: string, queue: string, opts: PollerOptions) {
    const accepts = versionGate(ns, queue, QueueType.TASK_QUEUE_TYPE_WORKFLOW, workerVersion(opts));
    return (run: RunContext) => accepts(engine.deployments.target(ns, queue, QueueType.TASK_QUEUE_TYPE_WORKFLOW, run.workflowId, pinnedVersion(run)));
  }

  function activityTaskGate(ns: string, queue: string, opts: PollerOptions) {
    const accepts = versionGate(ns, queue, QueueType.TASK_QUEUE_TYPE_ACTIVITY, workerVersion(opts));
    return (run: RunContext) => {
      const pinned = pinnedVersion(run);
      // A pinned run's activity goes to its version when that version polls this queue, else where the queue routes.
      const version = pinned && engine.deployments.get(ns, pinned.deploymentName)?.versions[pinned.buildId];
      const held = version?.taskQueues.some((q) => q.name === queue && q.type === QueueType.TASK_QUEUE_TYPE_ACTIVITY) ? pinned : undefined;
      return accepts(engine.deployments.target(ns, queue, QueueType.TASK_QUEUE_TYPE_ACTIVITY, run.workflowId, held));
    };
  }

  return { longPoll, takeTask, workflowTaskGate, activityTaskGate };
}

type PollerOptions = temporal.api.deployment.v1.IWorkerDeploymentOptions | null | undefined;
const QueueType = temporal.api.enums.v1.TaskQueueType;
