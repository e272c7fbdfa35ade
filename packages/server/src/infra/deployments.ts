// Worker deployments (Temporal's worker versioning): a deployment has versions (build ids), each with the task
// queues its workers poll; its routing config names the current version (or unversioned) and a ramping one with a
// percentage. A version is registered the first time one of its workers polls. Kept in the database, cached here.
import { createHash } from 'node:crypto';
import type { Store } from '../persistence/store.js';

/** A deployment version: deployment name and build id. */
export interface VersionRef {
  deploymentName: string;
  buildId: string;
}

export interface VersionRecord {
  buildId: string;
  createTime: number;
  /** task queue name and TaskQueueType its workers poll */
  taskQueues: { name: string; type: number }[];
  currentSince?: number;
  rampingSince?: number;
  routingChanged?: number;
  firstActivation?: number;
  lastCurrent?: number;
  lastDeactivation?: number;
  /** key -> base64 of temporal.api.common.v1.Payload */
  metadata: Record<string, string>;
  /** was current or ramping at some time: no longer being one means draining, then drained */
  activated: boolean;
}

export interface DeploymentRecord {
  name: string;
  createTime: number;
  conflictToken: number;
  revision: number;
  /** build id of the current version; null: unversioned workers get new work */
  current: string | null;
  currentChanged?: number;
  /** build id of the ramping version (null: ramping to unversioned); undefined: no ramp */
  ramping?: string | null;
  rampPercentage: number;
  rampingChanged?: number;
  lastModifier: string;
  manager: string;
  versions: Record<string, VersionRecord>;
}

export const versionKey = (v: VersionRef) => `${v.deploymentName}:${v.buildId}`;

/** Where a workflow's ramped share goes: a stable hash of its id into 0..99.99. */
function rampSlot(workflowId: string): number {
  return createHash('sha256').update(workflowId).digest().readUInt32BE(0) % 10_000 / 100;
}

export class WorkerDeployments {
  private readonly cache = new Map<string, DeploymentRecord[]>();

  constructor(private readonly store: Pick<Store, 'listDeployments' | 'putDeployment' | 'deleteDeployment'>) {}

  all(namespace: string): DeploymentRecord[] {
    let list = this.cache.get(namespace);
    if (!list) {
      list = this.store.listDeployments(namespace).map((d) => JSON.parse(d) as DeploymentRecord);
      this.cache.set(namespace, list);
    }
    return list;
  }

  get(namespace: string, name: string): DeploymentRecord | undefined {
    return this.all(namespace).find((d) => d.name === name);
  }

  save(namespace: string, d: DeploymentRecord): void {
    this.store.putDeployment(namespace, d.name, JSON.stringify(d));
    const list = this.all(namespace).filter((x) => x.name !== d.name);
    list.push(d);
    this.cache.set(namespace, list);
  }

  remove(namespace: string, name: string): void {
    this.store.deleteDeployment(namespace, name);
    this.cache.set(namespace, this.all(namespace).filter((d) => d.name !== name));
  }

  /** Drops cached records a rolled-back transaction may have changed. */
  forget(namespace: string): void {
    this.cache.delete(namespace);
  }

  create(namespace: string, name: string, now: number, identity: string): DeploymentRecord {
    const d: DeploymentRecord = {
      name,
      createTime: now,
      conflictToken: 1,
      revision: 0,
      current: null,
      rampPercentage: 0,
      lastModifier: identity,
      manager: '',
      versions: {},
    };
    this.save(namespace, d);
    return d;
  }

  addVersion(d: DeploymentRecord, buildId: string, now: number): VersionRecord {
    const v: VersionRecord = { buildId, createTime: now, taskQueues: [], metadata: {}, activated: false };
    d.versions[buildId] = v;
    return v;
  }

  /**
   * A versioned worker polled: its deployment, version and task queue exist from now on. Returns true when that
   * was news (and was saved).
   */
  register(namespace: string, ref: VersionRef, queue: string, type: number, now: number): boolean {
    const d = this.get(namespace, ref.deploymentName) ?? this.create(namespace, ref.deploymentName, now, '');
    const v = d.versions[ref.buildId] ?? this.addVersion(d, ref.buildId, now);
    if (v.taskQueues.some((q) => q.name === queue && q.type === type)) return false;
    v.taskQueues.push({ name: queue, type });
    this.save(namespace, d);
    return true;
  }

  /** The deployment whose versions poll a task queue, if any. */
  deploymentOfQueue(namespace: string, queue: string, type: number): DeploymentRecord | undefined {
    return this.all(namespace).find((d) => Object.values(d.versions).some((v) => v.taskQueues.some((q) => q.name === queue && q.type === type)));
  }

  /**
   * Which version's workers a task of this queue goes to, for a run pinned to `pinned` (or not): the pinned one, else
   * the queue's deployment's ramping version for the ramped share of workflows, else its current version. Null:
   * unversioned workers.
   */
  target(namespace: string, queue: string, type: number, workflowId: string, pinned: VersionRef | undefined): VersionRef | null {
    if (pinned) return pinned;
    const d = this.deploymentOfQueue(namespace, queue, type);
    if (!d) return null;
    const ref = (buildId: string | null) => (buildId === null ? null : { deploymentName: d.name, buildId });
    if (d.ramping !== undefined && rampSlot(workflowId) < d.rampPercentage) return ref(d.ramping);
    return ref(d.current);
  }
}
