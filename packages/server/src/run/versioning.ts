// A run's worker versioning: the behavior its workflow declared (pinned to the version that ran it, or moving to the
// current version), the version that completed its last task, and an operator's override. Its tasks go to the
// version this decides (see infra/deployments.ts for where unpinned work goes).
import { temporal } from '@durable/proto';
import { storedVersioningOverride } from '../model/codecs.js';
import type { VersionRef } from '../infra/deployments.js';
import type { RunContext } from './run-context.js';
import type { SearchValue } from '../infra/visibility/visibility.js';

const Behavior = temporal.api.enums.v1.VersioningBehavior;
const Mode = temporal.api.enums.v1.WorkerVersioningMode;

/** A poller's or a completing worker's version, when it runs with worker versioning. */
export function workerVersion(opts: temporal.api.deployment.v1.IWorkerDeploymentOptions | null | undefined): VersionRef | undefined {
  if (opts?.workerVersioningMode !== Mode.WORKER_VERSIONING_MODE_VERSIONED || !opts.deploymentName || !opts.buildId) return undefined;
  return { deploymentName: opts.deploymentName, buildId: opts.buildId };
}

/** `name.build` (the deprecated string form) or `name:build`. */
function parseVersion(text: string | null | undefined): VersionRef | undefined {
  const m = /^(.+?)[.:](.+)$/.exec(text ?? '');
  return m ? { deploymentName: m[1]!, buildId: m[2]! } : undefined;
}

/** The version a run's tasks are held to: an override's, else the one a pinned workflow ran on; undefined: none. */
export function pinnedVersion(ctx: RunContext): VersionRef | undefined {
  const o = storedVersioningOverride.decode(ctx.state.versioningOverride);
  if (o) {
    if (o.autoUpgrade || o.behavior === Behavior.VERSIONING_BEHAVIOR_AUTO_UPGRADE) return undefined;
    const v = o.pinned?.version;
    if (v?.deploymentName && v.buildId) return { deploymentName: v.deploymentName, buildId: v.buildId };
    const legacy = parseVersion(o.pinnedVersion);
    if (legacy) return legacy;
    if (o.deployment?.seriesName && o.deployment.buildId) return { deploymentName: o.deployment.seriesName, buildId: o.deployment.buildId };
  }
  const v = ctx.state.versioning;
  if (v?.behavior === Behavior.VERSIONING_BEHAVIOR_PINNED && v.deploymentName && v.buildId) {
    return { deploymentName: v.deploymentName, buildId: v.buildId };
  }
  return undefined;
}

const BEHAVIOR_NAMES: Record<number, string> = {
  [Behavior.VERSIONING_BEHAVIOR_PINNED]: 'Pinned',
  [Behavior.VERSIONING_BEHAVIOR_AUTO_UPGRADE]: 'AutoUpgrade',
};

/**
 * A versioned worker completed a workflow task: the run now runs on its version with the behavior the workflow
 * declared, which list filters see as Temporal's versioning search attributes.
 */
export function recordTaskVersion(ctx: RunContext, behavior: number, ref: VersionRef): void {
  ctx.state.versioning = { behavior, deploymentName: ref.deploymentName, buildId: ref.buildId };
  const values = JSON.parse(ctx.row.sa_values) as Record<string, SearchValue>;
  values.TemporalWorkerDeployment = ref.deploymentName;
  values.TemporalWorkerDeploymentVersion = `${ref.deploymentName}:${ref.buildId}`;
  if (BEHAVIOR_NAMES[behavior]) values.TemporalWorkflowVersioningBehavior = BEHAVIOR_NAMES[behavior]!;
  else delete values.TemporalWorkflowVersioningBehavior;
  ctx.row.sa_values = JSON.stringify(values);
  ctx.visibilityChanged = true;
}

/**
 * Whether the run's next workflow task belongs to another version than the worker that ran the last one (a new
 * current version for an auto-upgrade run, an override): then it does not go to that worker's sticky queue.
 */
export function versionMoved(ctx: RunContext): boolean {
  const last = ctx.state.versioning;
  if (!last?.deploymentName || !last.buildId) return false;
  const target = ctx.host.deployments.target(ctx.namespace, ctx.row.task_queue, QueueType.TASK_QUEUE_TYPE_WORKFLOW, ctx.workflowId, pinnedVersion(ctx));
  return !target || target.deploymentName !== last.deploymentName || target.buildId !== last.buildId;
}

const QueueType = temporal.api.enums.v1.TaskQueueType;

/** DescribeWorkflowExecution's versioning info and deployment name. */
export function versioningInfo(ctx: RunContext): {
  versioningInfo: temporal.api.workflow.v1.IWorkflowExecutionVersioningInfo | null;
  workerDeploymentName: string;
} {
  const v = ctx.state.versioning;
  const override = storedVersioningOverride.decode(ctx.state.versioningOverride);
  if (!v && !override) return { versioningInfo: null, workerDeploymentName: '' };
  return {
    versioningInfo: {
      behavior: v?.behavior ?? Behavior.VERSIONING_BEHAVIOR_UNSPECIFIED,
      deploymentVersion: v?.deploymentName ? { deploymentName: v.deploymentName, buildId: v.buildId } : null,
      version: v?.deploymentName ? `${v.deploymentName}.${v.buildId}` : '',
      versioningOverride: override ?? null,
    },
    workerDeploymentName: v?.deploymentName ?? '',
  };
}
