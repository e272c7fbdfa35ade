// What a worker says about itself in RecordWorkerHeartbeat (and in its last words, ShutdownWorker), filled as the
// official 1.24 worker (core) fills the WorkerHeartbeat message: who and where it is, its status and uptime, and per
// kind of task its slots, pollers and tasks processed, from the figures its metrics keep (LiveFigures).
import { existsSync } from 'node:fs';
import { arch, freemem, hostname, platform, release, totalmem } from 'node:os';
import { temporal, toLong } from '@durable/proto';
import { msToTimestampParts } from '@durable/common';
import type { LiveFigures, PollerType, TaskCounts, WorkerType } from './metrics/worker-metrics.js';
import { cpuTimes } from './tuner.js';
import { SDK_NAME, SDK_VERSION } from './workflow-worker.js';

type Heartbeat = temporal.api.worker.v1.IWorkerHeartbeat;
type SlotsInfo = temporal.api.worker.v1.IWorkerSlotsInfo;
type Environment = temporal.api.worker.v1.IEnvironmentInfo;
const Status = temporal.api.enums.v1.WorkerStatus;
const Env = temporal.api.worker.v1.EnvironmentInfo;

export type WorkerHeartbeatStatus = 'RUNNING' | 'SHUTTING_DOWN' | 'SHUTDOWN';

/** How a worker's slots of one kind are given out, as core names it ("Fixed", "ResourceBased", "Custom"). */
export type SlotSupplierKind = 'Fixed' | 'ResourceBased' | 'Custom';

/** What does not change over a worker's life. */
export interface HeartbeatSubject {
  /** Unique per worker (a UUID), unlike the identity, which several workers may share. */
  instanceKey: string;
  identity: string;
  taskQueue: string;
  /** Groups the workers of one connection in one process (core: one key per client). */
  groupingKey: string;
  deploymentVersion?: { deploymentName: string; buildId: string };
  startTimeMs: number;
  /** Present for each kind of task the worker runs. */
  workflowSlots?: SlotSupplierKind;
  activitySlots?: SlotSupplierKind;
  /** The names of the worker's plugins. */
  plugins?: string[];
}

/** What the previous heartbeat said, for the figures given "since the last heartbeat". */
export interface PreviousHeartbeat {
  sentMs: number;
  tasks: Record<WorkerType, TaskCounts>;
}

export interface HeartbeatNow {
  status: WorkerHeartbeatStatus;
  nowMs: number;
  live: LiveFigures;
  cachedWorkflows: number;
  host: { cpuUsage: number; memUsage: number };
  previous?: PreviousHeartbeat;
}

const STATUS: Record<WorkerHeartbeatStatus, number> = {
  RUNNING: Status.WORKER_STATUS_RUNNING,
  SHUTTING_DOWN: Status.WORKER_STATUS_SHUTTING_DOWN,
  SHUTDOWN: Status.WORKER_STATUS_SHUTDOWN,
};

/** Epoch ms (or a duration in ms) as a protobuf Timestamp (or Duration). */
function stamp(ms: number): { seconds: ReturnType<typeof toLong>; nanos: number } {
  const { seconds, nanos } = msToTimestampParts(ms);
  return { seconds: toLong(seconds), nanos };
}

/** The WorkerHeartbeat message for `subject` as things stand `now`. */
export function buildWorkerHeartbeat(subject: HeartbeatSubject, now: HeartbeatNow): Heartbeat {
  const { live } = now;
  const slots = (type: WorkerType, kind: SlotSupplierKind | undefined): SlotsInfo => {
    const s = live.slots[type];
    const tasks = live.tasks[type];
    const before = now.previous?.tasks[type];
    return {
      // -1: the number of slots is not fixed (resource-based or custom), as the message allows.
      currentAvailableSlots: s?.available ?? -1,
      currentUsedSlots: s?.used ?? 0,
      slotSupplierKind: kind,
      totalProcessedTasks: tasks.processed,
      totalFailedTasks: tasks.failed,
      lastIntervalProcessedTasks: tasks.processed - (before?.processed ?? 0),
      lastIntervalFailureTasks: tasks.failed - (before?.failed ?? 0),
    };
  };
  const poller = (type: PollerType) => ({
    currentPollers: live.pollers[type],
    lastSuccessfulPollTime: live.lastTaskPolledMs[type] === undefined ? undefined : stamp(live.lastTaskPolledMs[type]),
    isAutoscaling: false,
  });
  const hb: Heartbeat = {
    workerInstanceKey: subject.instanceKey,
    workerIdentity: subject.identity,
    hostInfo: {
      hostName: hostname(),
      workerGroupingKey: subject.groupingKey,
      processId: String(process.pid),
      currentHostCpuUsage: now.host.cpuUsage,
      currentHostMemUsage: now.host.memUsage,
    },
    taskQueue: subject.taskQueue,
    deploymentVersion: subject.deploymentVersion,
    sdkName: SDK_NAME,
    sdkVersion: SDK_VERSION,
    status: STATUS[now.status],
    startTime: stamp(subject.startTimeMs),
    heartbeatTime: stamp(now.nowMs),
    elapsedSinceLastHeartbeat: now.previous ? stamp(now.nowMs - now.previous.sentMs) : undefined,
    environment: environment(),
    plugins: (subject.plugins ?? []).map((name) => ({ name })),
  };
  if (subject.workflowSlots) {
    hb.workflowTaskSlotsInfo = slots('WorkflowWorker', subject.workflowSlots);
    hb.workflowPollerInfo = poller('workflow_task');
    hb.workflowStickyPollerInfo = poller('sticky_workflow_task');
    // Local activities run inside workflow tasks, without slots of their own: used is what runs now, the bound unknown.
    hb.localActivitySlotsInfo = { ...slots('LocalActivityWorker', undefined), currentUsedSlots: live.localActivitiesRunning };
    hb.totalStickyCacheHit = live.cacheHits;
    hb.totalStickyCacheMiss = live.cacheMisses;
    hb.currentStickyCacheSize = now.cachedWorkflows;
  }
  if (subject.activitySlots) {
    hb.activityTaskSlotsInfo = slots('ActivityWorker', subject.activitySlots);
    hb.activityPollerInfo = poller('activity_task');
  }
  return hb;
}

/** What this heartbeat's task counts become the baseline of the next one's "last interval" figures. */
export function snapshotTasks(live: LiveFigures): Record<WorkerType, TaskCounts> {
  return {
    WorkflowWorker: { ...live.tasks.WorkflowWorker },
    ActivityWorker: { ...live.tasks.ActivityWorker },
    LocalActivityWorker: { ...live.tasks.LocalActivityWorker },
  };
}

let lastCpu = cpuTimes();
let lastCpuUsage = 0;

/** The host's CPU use since the previous call (0–1) and its memory use now (0–1), as core samples them. */
export function hostUsage(): { cpuUsage: number; memUsage: number } {
  const cpu = cpuTimes();
  const total = cpu.total - lastCpu.total;
  if (total > 0) {
    lastCpuUsage = (cpu.busy - lastCpu.busy) / total;
    lastCpu = cpu;
  }
  return { cpuUsage: lastCpuUsage, memUsage: 1 - freemem() / totalmem() };
}

let cachedEnvironment: Environment | undefined;

/**
 * The runtime, platform and hosting environment, detected once. Core sends it until a heartbeat is accepted; it is
 * sent with every heartbeat here, since a server that keeps only the latest heartbeat would otherwise lose it.
 */
function environment(): Environment {
  if (cachedEnvironment) return cachedEnvironment;
  const Runtime = Env.Runtime.RuntimeType;
  const bun = (process.versions as Record<string, string | undefined>).bun;
  const architecture = { x64: Env.Architecture.ARCHITECTURE_AMD64, arm64: Env.Architecture.ARCHITECTURE_ARM64 }[arch() as 'x64' | 'arm64'];
  const version = release();
  const os = platform();
  const Hosting = Env.HostingEnvironment.HostingEnvironmentType;
  // The variables the message names for each hosting environment.
  const hosted: [number, boolean][] = [
    [Hosting.HOSTING_ENVIRONMENT_TYPE_DOCKER, existsSync('/.dockerenv')],
    [Hosting.HOSTING_ENVIRONMENT_TYPE_K8S, !!process.env.KUBERNETES_SERVICE_HOST],
    [Hosting.HOSTING_ENVIRONMENT_TYPE_AWS_LAMBDA, !!process.env.AWS_LAMBDA_FUNCTION_NAME],
    [Hosting.HOSTING_ENVIRONMENT_TYPE_AWS_ECS, !!(process.env.ECS_CONTAINER_METADATA_URI_V4 || process.env.ECS_CONTAINER_METADATA_URI)],
    [Hosting.HOSTING_ENVIRONMENT_TYPE_GOOGLE_CLOUD_RUN, !!process.env.K_SERVICE],
    [Hosting.HOSTING_ENVIRONMENT_TYPE_GOOGLE_APP_ENGINE, !!process.env.GAE_SERVICE],
    [Hosting.HOSTING_ENVIRONMENT_TYPE_AZURE_APP_SERVICE, !!process.env.WEBSITE_SITE_NAME],
    [Hosting.HOSTING_ENVIRONMENT_TYPE_AZURE_FUNCTIONS, !!process.env.FUNCTIONS_EXTENSION_VERSION],
    [Hosting.HOSTING_ENVIRONMENT_TYPE_AZURE_CONTAINER_APPS, !!process.env.CONTAINER_APP_NAME],
  ];
  cachedEnvironment = {
    runtimes: [bun ? { type: Runtime.RUNTIME_TYPE_BUN, version: bun } : { type: Runtime.RUNTIME_TYPE_NODE, version: process.versions.node }],
    hostingEnvironments: hosted.filter(([, yes]) => yes).map(([type]) => ({ type })),
    platform:
      os === 'linux'
        ? { linux: { version, architecture } }
        : os === 'darwin'
          ? { macos: { version, architecture } }
          : os === 'win32'
            ? { windows: { version, architecture } }
            : undefined,
  };
  return cachedEnvironment;
}
