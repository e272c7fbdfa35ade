// The workers a namespace has heard from (RecordWorkerHeartbeat, ShutdownWorker), kept in memory as Temporal's
// matching service keeps them: a worker is forgotten some minutes after its last heartbeat. ListWorkers and
// CountWorkers filter them with the list-query language over the fields Temporal's worker query engine knows.
import { temporal } from '@durable/proto';
import { invalidArgument } from '../model/errors.js';
import { timestampMs } from '../model/events.js';
import { compileListQuery, ListQueryError, type SearchAttributeType, type VisibilityValues } from './visibility/list-query.js';

type Heartbeat = temporal.api.worker.v1.IWorkerHeartbeat;
const Status = temporal.api.enums.v1.WorkerStatus;

/** How long a worker is listed after its last heartbeat (Temporal's worker registry entry TTL). */
const WORKER_TTL_MS = 5 * 60_000;

const FIELDS = new Map<string, SearchAttributeType>([
  ['WorkerInstanceKey', 'Keyword'],
  ['WorkerIdentity', 'Keyword'],
  ['HostName', 'Keyword'],
  ['DeploymentName', 'Keyword'],
  ['BuildId', 'Keyword'],
  ['SdkName', 'Keyword'],
  ['SdkVersion', 'Keyword'],
  ['HeartbeatTime', 'Datetime'],
  ['WorkerStatus', 'Keyword'],
  ['Status', 'Keyword'],
]);

/** WORKER_STATUS_SHUTTING_DOWN -> ShuttingDown, as Temporal's queries compare it. */
function statusName(status: number | null | undefined): string {
  const name = (Status[status ?? 0] ?? 'WORKER_STATUS_UNSPECIFIED').replace(/^WORKER_STATUS_/, '');
  return name.toLowerCase().replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}

function valuesOf(hb: Heartbeat): VisibilityValues {
  const status = statusName(hb.status);
  return {
    WorkerInstanceKey: hb.workerInstanceKey ?? '',
    WorkerIdentity: hb.workerIdentity ?? '',
    HostName: hb.hostInfo?.hostName || undefined,
    TaskQueue: hb.taskQueue || undefined,
    DeploymentName: hb.deploymentVersion?.deploymentName || undefined,
    BuildId: hb.deploymentVersion?.buildId || undefined,
    SdkName: hb.sdkName || undefined,
    SdkVersion: hb.sdkVersion || undefined,
    StartTime: hb.startTime ? timestampMs(hb.startTime) : undefined,
    HeartbeatTime: hb.heartbeatTime ? timestampMs(hb.heartbeatTime) : undefined,
    WorkerStatus: status,
    Status: status,
  };
}

interface Entry {
  heartbeat: Heartbeat;
  seenAt: number;
}

export class WorkerRegistry {
  private readonly byNamespace = new Map<string, Map<string, Entry>>();

  record(namespace: string, heartbeats: Heartbeat[], now: number): void {
    let workers = this.byNamespace.get(namespace);
    if (!workers) this.byNamespace.set(namespace, (workers = new Map()));
    for (const hb of heartbeats) {
      if (!hb.workerInstanceKey) throw invalidArgument('WorkerHeartbeat.worker_instance_key is not set.');
      workers.set(hb.workerInstanceKey, { heartbeat: hb, seenAt: now });
    }
  }

  /** The workers heard from within the TTL, newest heartbeat first, that match `query`. */
  list(namespace: string, query: string | null | undefined, now: number): Heartbeat[] {
    let compiled;
    try {
      compiled = compileListQuery(query ?? '', FIELDS);
    } catch (err) {
      if (err instanceof ListQueryError) throw invalidArgument(err.message);
      throw err;
    }
    const workers = this.byNamespace.get(namespace);
    if (!workers) return [];
    for (const [key, e] of workers) if (e.seenAt < now - WORKER_TTL_MS) workers.delete(key);
    return [...workers.values()]
      .sort((a, b) => b.seenAt - a.seenAt)
      .map((e) => e.heartbeat)
      .filter((hb) => compiled.matches(valuesOf(hb)));
  }

  get(namespace: string, instanceKey: string, now: number): Heartbeat | undefined {
    const e = this.byNamespace.get(namespace)?.get(instanceKey);
    return e && e.seenAt >= now - WORKER_TTL_MS ? e.heartbeat : undefined;
  }
}
