// Changes to worker deployments and what their describes show, with Temporal's checks and texts
// (service/worker/workerdeployment): routing (current and ramping version), deleting versions and deployments,
// version metadata and the manager identity.
import { temporal, toLong } from '@durable/proto';
import { alreadyExists, failedPrecondition, invalidArgument, notFound } from '../model/errors.js';
import { timestamp } from '../model/events.js';
import type { DeploymentRecord, VersionRecord, VersionRef, WorkerDeployments } from './deployments.js';

const Status = temporal.api.enums.v1.WorkerDeploymentVersionStatus;
const Drainage = temporal.api.enums.v1.VersionDrainageStatus;
export const UNVERSIONED = '__unversioned__';

export const deploymentNotFound = (name: string) => notFound(`no Worker Deployment found with name '${name}'; does your Worker Deployment have pollers?`);
export const versionNotFound = (v: VersionRef) => notFound(`build ID '${v.buildId}' not found in Worker Deployment '${v.deploymentName}'`);

/** A version named as the API allows: a WorkerDeploymentVersion, or the deprecated `name.build` string. */
export function versionRefOf(req: { version?: string | null; deploymentVersion?: temporal.api.deployment.v1.IWorkerDeploymentVersion | null }): VersionRef {
  const v = req.deploymentVersion;
  if (v?.deploymentName && v.buildId) return { deploymentName: v.deploymentName, buildId: v.buildId };
  const m = /^([^.]+)\.(.+)$/.exec(req.version ?? '');
  if (!m) throw invalidArgument(`invalid version string ${JSON.stringify(req.version ?? '')}, expected format is "<deployment_name>.<build_id>"`);
  return { deploymentName: m[1]!, buildId: m[2]! };
}

export function mustDeployment(deployments: WorkerDeployments, ns: string, name: string | null | undefined): DeploymentRecord {
  if (!name) throw invalidArgument('deployment name cannot be empty');
  const d = deployments.get(ns, name);
  if (!d) throw deploymentNotFound(name);
  return d;
}

export function mustVersion(deployments: WorkerDeployments, ns: string, ref: VersionRef): { d: DeploymentRecord; v: VersionRecord } {
  const d = mustDeployment(deployments, ns, ref.deploymentName);
  const v = d.versions[ref.buildId];
  if (!v) throw versionNotFound(ref);
  return { d, v };
}

interface Change {
  conflictToken?: Uint8Array | null;
  identity?: string | null;
}

/** The deployment's conflict token and manager identity must allow a change from this caller. */
function checkChange(d: DeploymentRecord, req: Change): void {
  if (req.conflictToken?.length && Buffer.from(req.conflictToken).toString() !== String(d.conflictToken)) {
    throw failedPrecondition('conflict token mismatch');
  }
  if (d.manager && d.manager !== (req.identity ?? '')) {
    throw failedPrecondition(
      `ManagerIdentity '${d.manager}' is set and does not match user identity '${req.identity ?? ''}'; to proceed, set your own identity as the ManagerIdentity, remove the ManagerIdentity, or wait for the other client to do so`,
    );
  }
}

const token = (d: DeploymentRecord) => Buffer.from(String(d.conflictToken));
const v31 = (name: string, buildId: string | null | undefined) => (buildId ? `${name}.${buildId}` : UNVERSIONED);
const versionOf = (name: string, buildId: string | null | undefined) => (buildId ? { deploymentName: name, buildId } : null);

function changed(d: DeploymentRecord, identity: string | null | undefined): void {
  d.conflictToken++;
  d.revision++;
  d.lastModifier = identity ?? '';
}

/** Task queues of the current version the proposed one lacks (their work would become unversioned). */
function missingQueues(d: DeploymentRecord, next: VersionRecord): string[] {
  const current = d.current ? d.versions[d.current] : undefined;
  if (!current) return [];
  return current.taskQueues.filter((q) => !next.taskQueues.some((n) => n.name === q.name && n.type === q.type)).map((q) => q.name);
}

interface SetVersion extends Change {
  buildId?: string | null;
  version?: string | null;
  ignoreMissingTaskQueues?: boolean | null;
  allowNoPollers?: boolean | null;
}

function proposedBuildId(d: DeploymentRecord, req: SetVersion): string | null {
  if (req.buildId) return req.buildId;
  if (!req.version || req.version === UNVERSIONED) return null;
  const ref = versionRefOf({ version: req.version });
  if (ref.deploymentName !== d.name) throw invalidArgument(`invalid version string '${req.version}' does not match deployment name '${d.name}'`);
  return ref.buildId;
}

function checkProposed(d: DeploymentRecord, buildId: string, req: SetVersion, what: 'current' | 'ramping'): VersionRecord {
  const v = d.versions[buildId];
  if (!v) throw versionNotFound({ deploymentName: d.name, buildId });
  if (!req.allowNoPollers && v.taskQueues.length === 0) {
    throw failedPrecondition(`version '${d.name}:${buildId}' has no pollers: set allow_no_pollers to make it ${what} anyway`);
  }
  if (!req.ignoreMissingTaskQueues && missingQueues(d, v).length) {
    throw failedPrecondition(
      `proposed ${what} version '${d.name}:${buildId}' is missing active task queues from the current version; these would become unversioned if it is set as the ${what} version`,
    );
  }
  return v;
}

/** SetWorkerDeploymentCurrentVersion: new and auto-upgrading work goes to this version (or to unversioned workers). */
export function setCurrentVersion(d: DeploymentRecord, req: SetVersion, now: number) {
  checkChange(d, req);
  const next = proposedBuildId(d, req);
  const previous = d.current;
  const result = { previousVersion: v31(d.name, previous), previousDeploymentVersion: versionOf(d.name, previous) };
  if (next === previous) return { conflictToken: token(d), ...result };
  if (next !== null) {
    const v = checkProposed(d, next, req, 'current');
    v.currentSince = v.routingChanged = now;
    v.firstActivation ??= now;
    v.activated = true;
    delete v.rampingSince;
  }
  if (previous && d.versions[previous]) {
    const p = d.versions[previous]!;
    p.lastCurrent = p.lastDeactivation = p.routingChanged = now;
    delete p.currentSince;
  }
  d.current = next;
  d.currentChanged = now;
  // A version that becomes current stops ramping.
  if (d.ramping === next) {
    delete d.ramping;
    d.rampPercentage = 0;
    d.rampingChanged = now;
  }
  changed(d, req.identity);
  return { conflictToken: token(d), ...result };
}

/** SetWorkerDeploymentRampingVersion: a percentage of new workflows goes to this version; no version ends the ramp. */
export function setRampingVersion(d: DeploymentRecord, req: SetVersion & { percentage?: number | null }, now: number) {
  checkChange(d, req);
  const percentage = req.percentage ?? 0;
  if (!(percentage >= 0 && percentage <= 100)) throw invalidArgument(`ramping percentage must be between 0 and 100, got ${percentage}`);
  const result = {
    previousVersion: d.ramping === undefined ? '' : v31(d.name, d.ramping),
    previousDeploymentVersion: d.ramping === undefined ? null : versionOf(d.name, d.ramping),
    previousPercentage: d.rampPercentage,
  };
  const unset = !req.buildId && !req.version;
  const next = unset ? undefined : proposedBuildId(d, req);
  if (next !== undefined && next === d.current) throw failedPrecondition(`version '${v31(d.name, next)}' is already current: it cannot also ramp`);
  if (next === d.ramping && percentage === d.rampPercentage) return { conflictToken: token(d), ...result };
  if (next) {
    const v = checkProposed(d, next, req, 'ramping');
    v.rampingSince ??= now;
    v.routingChanged = now;
    v.firstActivation ??= now;
    v.activated = true;
  }
  if (d.ramping && d.ramping !== next && d.versions[d.ramping]) {
    const p = d.versions[d.ramping]!;
    p.lastDeactivation = p.routingChanged = now;
    delete p.rampingSince;
  }
  if (next === undefined) delete d.ramping;
  else d.ramping = next;
  d.rampPercentage = next === undefined ? 0 : percentage;
  d.rampingChanged = now;
  changed(d, req.identity);
  return { conflictToken: token(d), ...result };
}

export function setManager(d: DeploymentRecord, req: Change & { managerIdentity?: string | null; self?: boolean | null }) {
  if (!req.identity) throw invalidArgument('Identity is required');
  checkChange(d, req);
  const previousManagerIdentity = d.manager;
  d.manager = req.self ? req.identity : (req.managerIdentity ?? '');
  changed(d, req.identity);
  return { conflictToken: token(d), previousManagerIdentity };
}

export function upsertVersionMetadata(v: VersionRecord, upsert: Record<string, temporal.api.common.v1.IPayload>, remove: string[]) {
  for (const [k, p] of Object.entries(upsert)) v.metadata[k] = Buffer.from(temporal.api.common.v1.Payload.encode(p).finish()).toString('base64');
  for (const k of remove) delete v.metadata[k];
  return { entries: metadataOf(v) };
}

function metadataOf(v: VersionRecord): Record<string, temporal.api.common.v1.IPayload> {
  return Object.fromEntries(Object.entries(v.metadata).map(([k, b]) => [k, temporal.api.common.v1.Payload.decode(Buffer.from(b, 'base64'))]));
}

/** Open runs pinned to a version: what keeps a version that is no longer current draining. */
export type PinnedCounter = (ref: VersionRef) => number;

export function versionStatus(d: DeploymentRecord, v: VersionRecord, pinnedRuns: PinnedCounter): number {
  if (d.current === v.buildId) return Status.WORKER_DEPLOYMENT_VERSION_STATUS_CURRENT;
  if (d.ramping === v.buildId) return Status.WORKER_DEPLOYMENT_VERSION_STATUS_RAMPING;
  if (!v.activated) return Status.WORKER_DEPLOYMENT_VERSION_STATUS_INACTIVE;
  return pinnedRuns({ deploymentName: d.name, buildId: v.buildId }) > 0
    ? Status.WORKER_DEPLOYMENT_VERSION_STATUS_DRAINING
    : Status.WORKER_DEPLOYMENT_VERSION_STATUS_DRAINED;
}

function drainage(status: number, now: number): temporal.api.deployment.v1.IVersionDrainageInfo | null {
  if (status === Status.WORKER_DEPLOYMENT_VERSION_STATUS_DRAINING) return { status: Drainage.VERSION_DRAINAGE_STATUS_DRAINING, lastCheckedTime: timestamp(now) };
  if (status === Status.WORKER_DEPLOYMENT_VERSION_STATUS_DRAINED) return { status: Drainage.VERSION_DRAINAGE_STATUS_DRAINED, lastCheckedTime: timestamp(now) };
  return null;
}

const ts = (ms: number | undefined) => (ms !== undefined ? timestamp(ms) : null);

export function routingConfig(d: DeploymentRecord): temporal.api.deployment.v1.IRoutingConfig {
  return {
    currentDeploymentVersion: versionOf(d.name, d.current),
    currentVersion: v31(d.name, d.current),
    rampingDeploymentVersion: d.ramping === undefined ? null : versionOf(d.name, d.ramping),
    rampingVersion: d.ramping === undefined ? '' : v31(d.name, d.ramping),
    rampingVersionPercentage: d.rampPercentage,
    currentVersionChangedTime: ts(d.currentChanged),
    rampingVersionChangedTime: ts(d.rampingChanged),
    rampingVersionPercentageChangedTime: ts(d.rampingChanged),
    revisionNumber: toLong(d.revision),
  };
}

export function versionSummary(d: DeploymentRecord, v: VersionRecord, pinnedRuns: PinnedCounter, now: number) {
  const status = versionStatus(d, v, pinnedRuns);
  const drain = drainage(status, now);
  return {
    version: `${d.name}.${v.buildId}`,
    status,
    deploymentVersion: { deploymentName: d.name, buildId: v.buildId },
    createTime: timestamp(v.createTime),
    drainageStatus: drain?.status ?? Drainage.VERSION_DRAINAGE_STATUS_UNSPECIFIED,
    drainageInfo: drain,
    currentSinceTime: ts(v.currentSince),
    rampingSinceTime: ts(v.rampingSince),
    routingUpdateTime: ts(v.routingChanged),
    firstActivationTime: ts(v.firstActivation),
    lastCurrentTime: ts(v.lastCurrent),
    lastDeactivationTime: ts(v.lastDeactivation),
  };
}

export function deploymentInfo(d: DeploymentRecord, pinnedRuns: PinnedCounter, now: number): temporal.api.deployment.v1.IWorkerDeploymentInfo {
  return {
    name: d.name,
    versionSummaries: Object.values(d.versions).map((v) => versionSummary(d, v, pinnedRuns, now)),
    createTime: timestamp(d.createTime),
    routingConfig: routingConfig(d),
    lastModifierIdentity: d.lastModifier,
    managerIdentity: d.manager,
  };
}

export function versionInfo(d: DeploymentRecord, v: VersionRecord, pinnedRuns: PinnedCounter, now: number): temporal.api.deployment.v1.IWorkerDeploymentVersionInfo {
  const s = versionSummary(d, v, pinnedRuns, now);
  return {
    version: s.version,
    status: s.status,
    deploymentVersion: s.deploymentVersion,
    deploymentName: d.name,
    createTime: s.createTime,
    routingChangedTime: s.routingUpdateTime,
    currentSinceTime: s.currentSinceTime,
    rampingSinceTime: s.rampingSinceTime,
    firstActivationTime: s.firstActivationTime,
    lastCurrentTime: s.lastCurrentTime,
    lastDeactivationTime: s.lastDeactivationTime,
    rampPercentage: d.ramping === v.buildId ? d.rampPercentage : 0,
    taskQueueInfos: v.taskQueues.map((q) => ({ name: q.name, type: q.type })),
    drainageInfo: s.drainageInfo,
    metadata: { entries: metadataOf(v) },
    lastModifierIdentity: d.lastModifier,
  };
}

/** DeleteWorkerDeploymentVersion's checks: not routed to, not draining (unless skipped), no pollers. */
export function checkVersionDeletable(d: DeploymentRecord, v: VersionRecord, pinnedRuns: PinnedCounter, hasPollers: boolean, skipDrainage: boolean): void {
  const name = `${d.name}:${v.buildId}`;
  const status = versionStatus(d, v, pinnedRuns);
  if (status === Status.WORKER_DEPLOYMENT_VERSION_STATUS_CURRENT || status === Status.WORKER_DEPLOYMENT_VERSION_STATUS_RAMPING) {
    throw failedPrecondition(`version '${name}' cannot be deleted since it is current or ramping`);
  }
  if (status === Status.WORKER_DEPLOYMENT_VERSION_STATUS_DRAINING && !skipDrainage) throw failedPrecondition(`version '${name}' cannot be deleted since it is draining`);
  if (hasPollers) throw failedPrecondition(`version '${name}' cannot be deleted since it has active pollers`);
}

export function checkCreatable(deployments: WorkerDeployments, ns: string, name: string | null | undefined, buildId?: string | null): void {
  if (!name) throw invalidArgument('deployment name cannot be empty');
  if (name.includes('.') || name.includes(':')) throw invalidArgument(`deployment name ${JSON.stringify(name)} cannot contain '.' or ':'`);
  const d = deployments.get(ns, name);
  if (buildId === undefined) {
    if (d) throw alreadyExists(`Worker Deployment with name ${JSON.stringify(name)} already exists`);
    return;
  }
  if (!buildId) throw invalidArgument('build ID cannot be empty');
  if (d?.versions[buildId]) throw alreadyExists(`Worker Deployment Version ${JSON.stringify(`${name}:${buildId}`)} already exists`);
}
