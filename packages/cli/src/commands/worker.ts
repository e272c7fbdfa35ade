// durable worker list | count | describe: the workers a namespace has heard from (their heartbeats), as the temporal
// CLI shows them.
import type { temporal } from '@durable/proto';
import type { CommandSpec, GroupSpec } from '../command.js';
import { formatProtoDuration, fromProtoTimestamp } from '../durations.js';
import { enumWord } from '../proto-enums.js';
import { protoJson, WS } from '../proto-json.js';
import { keyValues } from '../printer.js';
import { checkCounts, collectPages } from './shared.js';

type Heartbeat = temporal.api.worker.v1.IWorkerHeartbeat;

const WORKER_INFO = 'temporal.api.worker.v1.WorkerInfo';
const INCLUDE_SYSTEM = { name: 'include-system-workers', type: 'bool' as const, description: 'Include the server\'s own workers.' };

/** `deployment@build`, or whichever of the two is set. */
export function versionText(v: temporal.api.deployment.v1.IWorkerDeploymentVersion | null | undefined): string {
  return [v?.deploymentName, v?.buildId].filter(Boolean).join('@');
}

const status = (hb: Heartbeat) => enumWord('WorkerStatus', hb.status).toUpperCase() || 'UNSPECIFIED';

/** Slot and poller blocks that say something (all zero: left out, as the temporal CLI leaves them out). */
function slots(s: temporal.api.worker.v1.IWorkerSlotsInfo | null | undefined) {
  if (!s) return undefined;
  const out = {
    currentAvailableSlots: s.currentAvailableSlots ?? 0,
    currentUsedSlots: s.currentUsedSlots ?? 0,
    slotSupplierKind: s.slotSupplierKind ?? '',
    totalProcessedTasks: s.totalProcessedTasks ?? 0,
    totalFailedTasks: s.totalFailedTasks ?? 0,
  };
  return Object.values(out).some((v) => v && v !== 'Fixed') ? out : undefined;
}

function pollers(p: temporal.api.worker.v1.IWorkerPollerInfo | null | undefined) {
  if (!p || (!p.currentPollers && !p.lastSuccessfulPollTime && !p.isAutoscaling)) return undefined;
  return { currentPollers: p.currentPollers ?? 0, lastSuccessfulPollTime: fromProtoTimestamp(p.lastSuccessfulPollTime), isAutoscaling: p.isAutoscaling ?? false };
}

export const workerGroups: GroupSpec[] = [
  { path: 'worker', summary: 'List and show workers, and manage worker deployments', description: 'Workers report themselves with heartbeats; worker deployments route work to versions of your workers.\n\nExample:\n  durable worker list' },
];

export const workerCommands: CommandSpec[] = [
  {
    path: 'worker list',
    summary: 'List the workers that report heartbeats, optionally filtered',
    description: 'Example:\n  durable worker list \\\n      --query "TaskQueue = \'YourTaskQueue\'"',
    options: [
      { name: 'query', short: 'q', type: 'string', description: 'List filter over worker fields (TaskQueue, WorkerIdentity, HostName, Status, DeploymentName, BuildId …).' },
      { name: 'limit', type: 'int', description: 'Show at most this many.' },
      INCLUDE_SYSTEM,
    ],
    validate: (flags) => checkCounts(flags, ['limit']),
    async run(ctx) {
      const limit = ctx.flags.number('limit') ?? Infinity;
      const c = await ctx.client();
      const infos = await collectPages(async (nextPageToken) => {
        const page = await c.connection.workflowService.listWorkers({ namespace: c.namespace, query: ctx.flags.string('query') ?? '', includeSystemWorkers: ctx.flags.bool('include-system-workers'), nextPageToken });
        return { items: page.workersInfo, nextPageToken: page.nextPageToken };
      }, limit);
      const shown = infos.slice(0, limit).filter((i) => i.workerHeartbeat);
      ctx.print.table(
        shown,
        [
          { title: 'WorkerInstanceKey', value: (i) => i.workerHeartbeat!.workerInstanceKey },
          { title: 'Status', value: (i) => status(i.workerHeartbeat!) },
          { title: 'TaskQueue', value: (i) => i.workerHeartbeat!.taskQueue },
          { title: 'WorkerIdentity', value: (i) => i.workerHeartbeat!.workerIdentity },
          { title: 'HostName', value: (i) => i.workerHeartbeat!.hostInfo?.hostName },
          { title: 'Deployment', value: (i) => versionText(i.workerHeartbeat!.deploymentVersion) },
          { title: 'HeartbeatTime', value: (i) => fromProtoTimestamp(i.workerHeartbeat!.heartbeatTime) },
          { title: 'Elapsed', value: (i) => formatProtoDuration(i.workerHeartbeat!.elapsedSinceLastHeartbeat) },
        ],
        (i) => protoJson(WORKER_INFO, i, ctx.flags),
      );
    },
  },
  {
    path: 'worker count',
    summary: 'Count the workers that report heartbeats, optionally filtered',
    description: 'Example:\n  durable worker count \\\n      --query "TaskQueue = \'YourTaskQueue\'"',
    options: [{ name: 'query', short: 'q', type: 'string', description: 'List filter over worker fields.' }, INCLUDE_SYSTEM],
    async run(ctx) {
      const c = await ctx.client();
      const r = await c.connection.workflowService.countWorkers({ namespace: c.namespace, query: ctx.flags.string('query') ?? '', includeSystemWorkers: ctx.flags.bool('include-system-workers') });
      ctx.print.object(protoJson(WS('CountWorkersResponse'), r, ctx.flags), String(r.count ?? 0));
    },
  },
  {
    path: 'worker describe',
    summary: 'Show one worker: identity, SDK, host, slots, pollers and sticky cache',
    description: 'The key is the WorkerInstanceKey column of "durable worker list".\n\nExample:\n  durable worker describe \\\n      --worker-instance-key YourWorkerInstanceKey',
    options: [{ name: 'worker-instance-key', type: 'string', required: true, description: 'The worker\'s instance key.' }],
    async run(ctx) {
      const c = await ctx.client();
      const r = await c.connection.workflowService.describeWorker({ namespace: c.namespace, workerInstanceKey: ctx.flags.string('worker-instance-key') });
      const hb = r.workerInfo?.workerHeartbeat;
      if (!hb) throw new Error('the server answered without the worker\'s heartbeat');
      const host = hb.hostInfo;
      const detail = {
        workerInstanceKey: hb.workerInstanceKey,
        workerIdentity: hb.workerIdentity,
        status: status(hb),
        taskQueue: hb.taskQueue,
        deploymentVersion: hb.deploymentVersion?.deploymentName || hb.deploymentVersion?.buildId ? { deploymentName: hb.deploymentVersion.deploymentName, buildId: hb.deploymentVersion.buildId } : undefined,
        sdkName: hb.sdkName,
        sdkVersion: hb.sdkVersion,
        startTime: fromProtoTimestamp(hb.startTime),
        heartbeatTime: fromProtoTimestamp(hb.heartbeatTime),
        elapsedSinceLastHeartbeat: formatProtoDuration(hb.elapsedSinceLastHeartbeat),
        hostInfo: host && (host.hostName || host.processId || host.workerGroupingKey) ? { hostName: host.hostName, processId: host.processId, workerGroupingKey: host.workerGroupingKey, currentHostCpuUsage: host.currentHostCpuUsage, currentHostMemUsage: host.currentHostMemUsage } : undefined,
        workflowTaskSlotsInfo: slots(hb.workflowTaskSlotsInfo),
        activityTaskSlotsInfo: slots(hb.activityTaskSlotsInfo),
        nexusTaskSlotsInfo: slots(hb.nexusTaskSlotsInfo),
        localActivityTaskSlotsInfo: slots(hb.localActivitySlotsInfo),
        workflowPollerInfo: pollers(hb.workflowPollerInfo),
        workflowStickyPollerInfo: pollers(hb.workflowStickyPollerInfo),
        activityPollerInfo: pollers(hb.activityPollerInfo),
        nexusPollerInfo: pollers(hb.nexusPollerInfo),
        totalStickyCacheHit: hb.totalStickyCacheHit ?? 0,
        totalStickyCacheMiss: hb.totalStickyCacheMiss ?? 0,
        currentStickyCacheSize: hb.currentStickyCacheSize ?? 0,
        plugins: hb.plugins?.length ? hb.plugins.map((p) => `${p.name ?? ''} ${p.version ?? ''}`.trim()).join(', ') : undefined,
      };
      ctx.print.object(protoJson(WORKER_INFO, r.workerInfo!, ctx.flags), keyValues(detail, ctx.print.time));
    },
  },
];
