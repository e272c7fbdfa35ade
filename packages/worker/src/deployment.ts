// Worker deployments (worker versioning): what a worker with `workerDeploymentOptions` tells the server in its polls
// and workflow task completions, as the official worker (core) sends it — the version it runs, whether the server
// routes by version, and each workflow's versioning behavior (PINNED stays on this version, AUTO_UPGRADE moves).
import { temporal } from '@durable/proto';
import { encodeVersioningBehavior, type VersioningBehavior, type WorkerDeploymentVersion } from '@durable/common';

type DeploymentOptionsProto = temporal.api.deployment.v1.IWorkerDeploymentOptions;
const Mode = temporal.api.enums.v1.WorkerVersioningMode;

/** WorkerOptions.workerDeploymentOptions, as @temporalio/worker shapes it. */
export type WorkerDeploymentOptions = {
  version: WorkerDeploymentVersion;
  useWorkerVersioning: boolean;
  defaultVersioningBehavior?: VersioningBehavior;
} & ({ useWorkerVersioning: true; defaultVersioningBehavior: VersioningBehavior } | { useWorkerVersioning: false; defaultVersioningBehavior?: never });

/** What the pollers and the workflow task completions carry for the worker's deployment. */
export interface Deployment {
  /** Sent with every poll and workflow task completion. */
  readonly proto: DeploymentOptionsProto;
  /** The behavior a completion reports for a workflow that declared `declared` (or none). */
  behavior(declared: VersioningBehavior | undefined): number | undefined;
}

/** Checks the options (as the official worker refuses them at create) and compiles them. */
export function compileDeployment(options: WorkerDeploymentOptions | undefined): Deployment | undefined {
  if (!options) return undefined;
  const { version, useWorkerVersioning, defaultVersioningBehavior } = options;
  if (!version?.deploymentName || !version.buildId) {
    throw new TypeError('workerDeploymentOptions.version needs a deploymentName and a buildId');
  }
  if (useWorkerVersioning && !defaultVersioningBehavior) {
    // Without one, a workflow that declares no versioningBehavior could not say whether its runs are pinned.
    throw new TypeError('workerDeploymentOptions.defaultVersioningBehavior is required when useWorkerVersioning is true');
  }
  const proto: DeploymentOptionsProto = {
    deploymentName: version.deploymentName,
    buildId: version.buildId,
    workerVersioningMode: useWorkerVersioning ? Mode.WORKER_VERSIONING_MODE_VERSIONED : Mode.WORKER_VERSIONING_MODE_UNVERSIONED,
  };
  return {
    proto,
    // An unversioned worker's runs have no behavior: they go wherever the task queue sends them.
    behavior: (declared) => (useWorkerVersioning ? encodeVersioningBehavior(declared ?? defaultVersioningBehavior) : undefined),
  };
}
