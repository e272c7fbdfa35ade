// Sends workers' heartbeats as the official worker (core) does: the workers of one connection and namespace share one
// timer and one RecordWorkerHeartbeat call per interval (Runtime workerHeartbeatInterval, 60 s by default, 0 for none),
// and only when the namespace says the server takes them (DescribeNamespace capabilities.workerHeartbeats).
// Unlike core, a worker also reports itself at once when it starts and when it begins shutting down, so ListWorkers
// shows a new worker at once rather than up to an interval later; its last heartbeat (SHUTDOWN) goes with ShutdownWorker.
import { randomUUID } from 'node:crypto';
import { grpcJs, type temporal } from '@durable/proto';
import type { Connection } from '@durable/client';
import type { Logger } from './logger.js';
import type { LiveFigures } from './metrics/worker-metrics.js';
import {
  buildWorkerHeartbeat,
  hostUsage,
  snapshotTasks,
  type HeartbeatSubject,
  type PreviousHeartbeat,
  type WorkerHeartbeatStatus,
} from './worker-heartbeat.js';

type Heartbeat = temporal.api.worker.v1.IWorkerHeartbeat;

interface Group {
  readonly connection: Connection;
  readonly namespace: string;
  readonly groupingKey: string;
  readonly workers: Set<WorkerHeartbeats>;
  timer?: NodeJS.Timeout;
  /** Whether the server takes heartbeats: asked once per group; false after it answers UNIMPLEMENTED. */
  supported?: Promise<boolean>;
}

/** One grouping key per connection, as core has one per client; groups per connection and namespace. */
const groupingKeys = new WeakMap<Connection, string>();
const groups = new WeakMap<Connection, Map<string, Group>>();

function groupOf(connection: Connection, namespace: string): Group {
  let byNamespace = groups.get(connection);
  if (!byNamespace) groups.set(connection, (byNamespace = new Map()));
  let group = byNamespace.get(namespace);
  if (!group) {
    let groupingKey = groupingKeys.get(connection);
    if (!groupingKey) groupingKeys.set(connection, (groupingKey = randomUUID()));
    byNamespace.set(namespace, (group = { connection, namespace, groupingKey, workers: new Set() }));
  }
  return group;
}

export interface WorkerHeartbeatsOptions {
  connection: Connection;
  namespace: string;
  /** 0: no heartbeats (ShutdownWorker still goes, without one). */
  intervalMs: number;
  logger: Logger;
  subject: Omit<HeartbeatSubject, 'groupingKey' | 'instanceKey' | 'startTimeMs'>;
  live: LiveFigures;
  cachedWorkflows: () => number;
}

/** One worker's heartbeats: started with the worker, stopped (with its last heartbeat) when it has shut down. */
export class WorkerHeartbeats {
  readonly instanceKey = randomUUID();
  private readonly group: Group;
  private readonly subject: HeartbeatSubject;
  private status: WorkerHeartbeatStatus = 'RUNNING';
  private previous: PreviousHeartbeat | undefined;
  /** Heartbeats sent outside the timer, awaited before the worker's last words. */
  private readonly sending = new Set<Promise<void>>();

  constructor(private readonly o: WorkerHeartbeatsOptions) {
    this.group = groupOf(o.connection, o.namespace);
    this.subject = { ...o.subject, instanceKey: this.instanceKey, groupingKey: this.group.groupingKey, startTimeMs: Date.now() };
  }

  private get enabled(): boolean {
    return this.o.intervalMs > 0;
  }

  /** The heartbeat as things stand; later heartbeats count "since the last one" from here. */
  build(): Heartbeat {
    const nowMs = Date.now();
    const hb = buildWorkerHeartbeat(this.subject, {
      status: this.status,
      nowMs,
      live: this.o.live,
      cachedWorkflows: this.o.cachedWorkflows(),
      host: hostUsage(),
      previous: this.previous,
    });
    this.previous = { sentMs: nowMs, tasks: snapshotTasks(this.o.live) };
    return hb;
  }

  /** The worker runs: it joins its group's timer and reports itself now. */
  start(): void {
    if (!this.enabled) return;
    const group = this.group;
    group.workers.add(this);
    if (!group.timer) {
      group.timer = setInterval(() => void send(group, [...group.workers], this.o.logger), this.o.intervalMs);
      // A worker's heartbeats never keep the process alive on their own.
      group.timer.unref();
    }
    this.sendNow();
  }

  /** Shutdown began: the server hears so now, and from each heartbeat until the worker has stopped. */
  shuttingDown(): void {
    if (!this.enabled || this.status !== 'RUNNING') return;
    this.status = 'SHUTTING_DOWN';
    this.sendNow();
  }

  /**
   * The worker has stopped: it leaves its group (the last one out stops the timer) and returns its last heartbeat,
   * SHUTDOWN, for ShutdownWorker; undefined when heartbeats are off.
   */
  async stop(): Promise<Heartbeat | undefined> {
    if (!this.enabled) return undefined;
    await Promise.all([...this.sending]);
    const group = this.group;
    group.workers.delete(this);
    if (!group.workers.size) {
      clearInterval(group.timer);
      group.timer = undefined;
      groups.get(group.connection)?.delete(group.namespace);
    }
    this.status = 'SHUTDOWN';
    return (await supported(group, this.o.logger)) ? this.build() : undefined;
  }

  private sendNow(): void {
    const p = send(this.group, [this], this.o.logger).finally(() => this.sending.delete(p));
    this.sending.add(p);
  }
}

function supported(group: Group, logger: Logger): Promise<boolean> {
  group.supported ??= group.connection.workflowService.describeNamespace({ namespace: group.namespace }).then(
    (r) => {
      if (r.namespaceInfo?.capabilities?.workerHeartbeats) return true;
      logger.log('DEBUG', 'Worker heartbeating configured for runtime, but server version does not support it.', { namespace: group.namespace });
      return false;
    },
    (err: unknown) => {
      logger.log('WARN', 'Network error while describing namespace for heartbeat capabilities', { namespace: group.namespace, error: (err as Error).message });
      return false;
    },
  );
  return group.supported;
}

/** One RecordWorkerHeartbeat with the heartbeats of `workers`; failures are logged, never thrown. */
async function send(group: Group, workers: WorkerHeartbeats[], logger: Logger): Promise<void> {
  if (!workers.length || !(await supported(group, logger))) return;
  const heartbeats = workers.map((w) => w.build());
  try {
    await group.connection.workflowService.recordWorkerHeartbeat({
      namespace: group.namespace,
      identity: heartbeats[0]!.workerIdentity ?? '',
      workerHeartbeat: heartbeats,
      resourceId: group.groupingKey,
    });
  } catch (err) {
    if ((err as { code?: number }).code === grpcJs.status.UNIMPLEMENTED) {
      // A server that does not serve the call will not start to: stop asking, as core does.
      group.supported = Promise.resolve(false);
      clearInterval(group.timer);
      return;
    }
    logger.log('WARN', 'Network error while sending worker heartbeat', { namespace: group.namespace, error: (err as Error).message });
  }
}
