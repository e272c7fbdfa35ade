// DescribeTaskQueue in both of its modes (the one `temporal task-queue describe --legacy-mode` and the Go SDK's
// DescribeTaskQueue use, and the enhanced one of DescribeTaskQueueEnhanced), UpdateTaskQueueConfig and
// ListTaskQueuePartitions. A queue has one partition here.
import { temporal, toLong } from '@durable/proto';
import { invalidArgument } from '../model/errors.js';
import { duration, timestamp } from '../model/events.js';
import { TaskKind } from '../model/rows.js';
import { queueKey, type PollerRecord } from '../infra/matching.js';
import { isCurrentActivityTask } from '../run/activities.js';
import { isCurrentWorkflowTask } from '../run/workflow-tasks.js';
import type { Engine } from '../runtime/engine.js';
import type { Handler } from './bind.js';
import { effectiveRateLimit, requireQueue } from './task-dispatch.js';
import { routingConfig } from '../infra/deployment-changes.js';

type V1 = typeof temporal.api.workflowservice.v1;
type Req<K extends keyof V1> = V1[K] extends { prototype: infer I } ? I : never;
type Stats = temporal.api.taskqueue.v1.ITaskQueueStats;
type Config = temporal.api.taskqueue.v1.ITaskQueueConfig;

const Enums = temporal.api.enums.v1;
const QueueType = Enums.TaskQueueType;
const MAX_WEIGHT_OVERRIDES = 1000;

/** TaskQueueType (the API's) to the kind of task a queue holds here. */
export function taskKindOf(type: number | null | undefined): TaskKind {
  switch (type || QueueType.TASK_QUEUE_TYPE_WORKFLOW) {
    case QueueType.TASK_QUEUE_TYPE_WORKFLOW:
      return TaskKind.workflow;
    case QueueType.TASK_QUEUE_TYPE_ACTIVITY:
      return TaskKind.activity;
    case QueueType.TASK_QUEUE_TYPE_NEXUS:
      return TaskKind.nexus;
    default:
      throw invalidArgument(`Unknown task queue type ${type}: expected WORKFLOW, ACTIVITY or NEXUS.`);
  }
}

function pollerInfo(p: PollerRecord): temporal.api.taskqueue.v1.IPollerInfo {
  return {
    identity: p.identity,
    lastAccessTime: timestamp(p.lastAccessTime),
    ratePerSecond: p.ratePerSecond,
    workerVersionCapabilities: p.workerVersionCapabilities,
    deploymentOptions: p.deploymentOptions,
  };
}

interface Backlog {
  count: number;
  oldest: number;
  byLevel: Map<number, { count: number; oldest: number }>;
  firstId: number;
  lastId: number;
}

export function taskQueueHandlers(engine: Engine): Record<string, Handler> {
  const namespaces = engine.namespaces;

  /** The tasks of a queue that still name pending work (stale rows are not backlog). */
  function backlog(ns: string, kind: TaskKind, queue: string): Backlog {
    const out: Backlog = { count: 0, oldest: Infinity, byLevel: new Map(), firstId: 0, lastId: 0 };
    if (kind === TaskKind.nexus) return out;
    return engine.read((tx) => {
      for (const row of engine.store.queueTasks(ns, queue, kind)) {
        const run = tx.run(row.run_id);
        const live = run && (kind === TaskKind.workflow ? isCurrentWorkflowTask(run, row) : isCurrentActivityTask(run, row));
        if (!live) continue;
        out.count++;
        out.oldest = Math.min(out.oldest, row.created_at);
        out.firstId = out.firstId ? Math.min(out.firstId, row.id) : row.id;
        out.lastId = Math.max(out.lastId, row.id);
        const level = out.byLevel.get(row.priority) ?? { count: 0, oldest: Infinity };
        level.count++;
        level.oldest = Math.min(level.oldest, row.created_at);
        out.byLevel.set(row.priority, level);
      }
      return out;
    });
  }

  function stats(ns: string, kind: TaskKind, queue: string, count: number, oldest: number): Stats {
    const now = engine.now();
    const { addRate, dispatchRate } = engine.matching.rates(queueKey(ns, kind, queue), now);
    return {
      approximateBacklogCount: toLong(count),
      approximateBacklogAge: duration(count > 0 ? Math.max(0, now - oldest) : 0),
      tasksAddRate: addRate,
      tasksDispatchRate: dispatchRate,
    };
  }

  function pollersOf(ns: string, kind: TaskKind, queue: string): temporal.api.taskqueue.v1.IPollerInfo[] {
    return engine.matching.pollers(queueKey(ns, kind, queue), engine.now()).map(pollerInfo);
  }

  /** The routing of the worker deployment whose versions poll this queue. */
  function versioningOf(ns: string, queue: string, type: number): temporal.api.taskqueue.v1.ITaskQueueVersioningInfo | null {
    const d = engine.deployments.deploymentOfQueue(ns, queue, type);
    if (!d) return null;
    const r = routingConfig(d);
    return {
      currentDeploymentVersion: r.currentDeploymentVersion,
      currentVersion: r.currentVersion,
      rampingDeploymentVersion: r.rampingDeploymentVersion,
      rampingVersion: r.rampingVersion,
      rampingVersionPercentage: r.rampingVersionPercentage,
      updateTime: r.currentVersionChangedTime ?? r.rampingVersionChangedTime,
    };
  }

  function legacy(ns: string, queue: string, req: Req<'DescribeTaskQueueRequest'>) {
    const kind = taskKindOf(req.taskQueueType);
    const b = req.reportStats || req.includeTaskQueueStatus ? backlog(ns, kind, queue) : undefined;
    const limit = effectiveRateLimit(engine, { namespace: ns, kind, queue });
    const statsByPriorityKey: Record<number, Stats> = {};
    for (const [level, l] of b?.byLevel ?? []) statsByPriorityKey[level] = stats(ns, kind, queue, l.count, l.oldest);
    return {
      pollers: pollersOf(ns, kind, queue),
      stats: req.reportStats && b ? stats(ns, kind, queue, b.count, b.oldest) : null,
      statsByPriorityKey: req.reportStats ? statsByPriorityKey : {},
      taskQueueStatus:
        req.includeTaskQueueStatus && b
          ? {
              backlogCountHint: toLong(b.count),
              readLevel: toLong(b.lastId),
              ackLevel: toLong(b.firstId ? b.firstId - 1 : b.lastId),
              ratePerSecond: limit?.requestsPerSecond ?? 100_000,
              taskIdBlock: { startId: toLong(b.firstId || 1), endId: toLong(b.lastId) },
            }
          : null,
      config: req.reportConfig ? (engine.taskQueueConfigs.get(ns, kind, queue) ?? {}) : null,
      versioningInfo: versioningOf(ns, queue, req.taskQueueType || QueueType.TASK_QUEUE_TYPE_WORKFLOW),
      effectiveRateLimit: req.reportConfig && limit ? limit : null,
    };
  }

  /** DescribeTaskQueueEnhanced: per build id ('' = unversioned pollers), per task queue type. */
  function enhanced(ns: string, queue: string, req: Req<'DescribeTaskQueueRequest'>) {
    const types = req.taskQueueTypes?.length ? req.taskQueueTypes : [QueueType.TASK_QUEUE_TYPE_WORKFLOW, QueueType.TASK_QUEUE_TYPE_ACTIVITY];
    const sel = req.versions;
    const buildIdOf = (p: PollerRecord) =>
      p.workerVersionCapabilities?.useVersioning ? (p.workerVersionCapabilities.buildId ?? '') : '';
    const selected = new Set<string>(sel?.buildIds ?? []);
    if (!sel || sel.unversioned || sel.allActive) selected.add('');
    if (sel?.allActive) {
      for (const type of types) for (const p of engine.matching.pollers(queueKey(ns, taskKindOf(type), queue), engine.now())) selected.add(buildIdOf(p));
    }
    const versionsInfo: Record<string, temporal.api.taskqueue.v1.ITaskQueueVersionInfo> = {};
    for (const buildId of selected) {
      const typesInfo: Record<number, temporal.api.taskqueue.v1.ITaskQueueTypeInfo> = {};
      let reachable = false;
      for (const type of types) {
        const kind = taskKindOf(type);
        const pollers = engine.matching.pollers(queueKey(ns, kind, queue), engine.now()).filter((p) => buildIdOf(p) === buildId);
        // Tasks are not assigned to build ids here: the backlog belongs to the unversioned queue.
        const b = buildId === '' ? backlog(ns, kind, queue) : { count: 0, oldest: Infinity };
        reachable ||= pollers.length > 0 || b.count > 0;
        typesInfo[type] = {
          pollers: req.reportPollers ? pollers.map(pollerInfo) : [],
          stats: req.reportStats ? stats(ns, kind, queue, b.count, b.oldest) : null,
        };
      }
      const Reach = Enums.BuildIdTaskReachability;
      versionsInfo[buildId] = {
        typesInfo,
        taskReachability: req.reportTaskReachability
          ? reachable || buildId === ''
            ? Reach.BUILD_ID_TASK_REACHABILITY_REACHABLE
            : Reach.BUILD_ID_TASK_REACHABILITY_UNREACHABLE
          : Reach.BUILD_ID_TASK_REACHABILITY_UNSPECIFIED,
      };
    }
    return { versionsInfo };
  }

  function applyRateLimit(
    current: temporal.api.taskqueue.v1.IRateLimitConfig | null | undefined,
    update: temporal.api.workflowservice.v1.UpdateTaskQueueConfigRequest.IRateLimitUpdate | null | undefined,
    identity: string,
  ): temporal.api.taskqueue.v1.IRateLimitConfig | null | undefined {
    if (!update) return current;
    const metadata = { reason: update.reason ?? '', updateIdentity: identity, updateTime: timestamp(engine.now()) };
    if (!update.rateLimit) return null;
    const rps = update.rateLimit.requestsPerSecond ?? 0;
    if (!(rps >= 0) || !Number.isFinite(rps)) throw invalidArgument(`Invalid rate limit ${rps}: requests per second must be a non-negative number.`);
    return { rateLimit: { requestsPerSecond: rps }, metadata };
  }

  return {
    DescribeTaskQueue(req: Req<'DescribeTaskQueueRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      const queue = requireQueue(req.taskQueue?.name);
      if (req.apiMode === Enums.DescribeTaskQueueMode.DESCRIBE_TASK_QUEUE_MODE_ENHANCED) return enhanced(ns, queue, req);
      return legacy(ns, queue, req);
    },

    UpdateTaskQueueConfig(req: Req<'UpdateTaskQueueConfigRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      const queue = requireQueue(req.taskQueue);
      const kind = taskKindOf(req.taskQueueType);
      if (kind === TaskKind.nexus) throw invalidArgument('Task queue config can be set for workflow and activity task queues only.');
      const identity = req.identity ?? '';
      const set = req.setFairnessWeightOverrides ?? {};
      const unset = req.unsetFairnessWeightOverrides ?? [];
      for (const [key, w] of Object.entries(set)) {
        if (!(w > 0)) throw invalidArgument(`Fairness weight override for key ${JSON.stringify(key)} must be greater than zero.`);
        if (unset.includes(key)) throw invalidArgument(`Fairness key ${JSON.stringify(key)} is both set and unset.`);
      }
      const config = engine.store.transaction(() => {
        const current: Config = engine.taskQueueConfigs.get(ns, kind, queue) ?? {};
        const overrides = { ...(current.fairnessWeightOverrides ?? {}), ...set };
        for (const key of unset) delete overrides[key];
        if (Object.keys(overrides).length > MAX_WEIGHT_OVERRIDES) {
          throw invalidArgument(`A task queue takes at most ${MAX_WEIGHT_OVERRIDES} fairness weight overrides.`);
        }
        const next: Config = {
          queueRateLimit: applyRateLimit(current.queueRateLimit, req.updateQueueRateLimit, identity),
          fairnessKeysRateLimitDefault: applyRateLimit(current.fairnessKeysRateLimitDefault, req.updateFairnessKeyRateLimitDefault, identity),
          fairnessWeightOverrides: overrides,
        };
        engine.taskQueueConfigs.put(ns, kind, queue, next);
        return next;
      });
      return { config };
    },

    ListTaskQueuePartitions(req: Req<'ListTaskQueuePartitionsRequest'>) {
      namespaces.get(req.namespace);
      const queue = requireQueue(req.taskQueue?.name);
      const partition = [{ key: queue, ownerHostName: 'durable-dev' }];
      return { activityTaskQueuePartitions: partition, workflowTaskQueuePartitions: partition };
    },
  };
}
