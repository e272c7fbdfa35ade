// The dev server's metrics, kept by prom-client and served in Prometheus' text format (`--metrics-port`). The
// runtime and the transports record into it; gauges that describe stored state (backlogs, due timers) are read from
// the database when scraped, so the paths that change that state pay nothing for them. Nothing is recorded until
// the metrics are served: a server nobody scrapes pays one branch per recording.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Clock } from '../model/clock.js';
import { TaskKind } from '../model/rows.js';
import type { Store } from '../persistence/store.js';

export type Transport = 'grpc' | 'http';

/** Seconds, from a millisecond up to the 60 s a long poll may wait. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** Transactions sharing one commit. */
const GROUP_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256];

const TASK_TYPE: Record<number, string> = { [TaskKind.workflow]: 'workflow', [TaskKind.activity]: 'activity' };

/**
 * A labelled instrument's children by their label values. prom-client hashes the labels on every `inc`/`observe`
 * given an object; a child found by one Map lookup keeps the cost of a recording at a few hundred nanoseconds.
 */
function children<C>(make: (values: string[]) => C): (...values: string[]) => C {
  const byKey = new Map<string, C>();
  return (...values) => {
    const key = values.join('\u0000');
    let child = byKey.get(key);
    if (!child) byKey.set(key, (child = make(values)));
    return child;
  };
}

export class ServerMetrics {
  readonly registry = new Registry();
  private on = false;

  private readonly rpcCount;
  private readonly rpcLatency;
  private readonly commitLatency;
  private readonly commitSize;
  private readonly dispatchLatency;
  private readonly timersFired;
  private readonly timerDelay;
  private readonly started;
  private readonly closed;
  private readonly scheduleActionCount;

  constructor(store: Store, clock: Clock) {
    const registers = [this.registry];
    const rpcLabels = ['transport', 'operation', 'status_code'];
    const requests = new Counter({
      name: 'durable_rpc_requests_total',
      help: 'Requests answered, by transport (grpc, http), RPC and gRPC status code',
      labelNames: rpcLabels,
      registers,
    });
    const latency = new Histogram({
      name: 'durable_rpc_duration_seconds',
      help: 'Time from a request to its answer (after its commit), by transport, RPC and gRPC status code',
      labelNames: rpcLabels,
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.rpcCount = children((v) => requests.labels(...v));
    this.rpcLatency = children((v) => latency.labels(...v));
    this.commitLatency = new Histogram({
      name: 'durable_commit_duration_seconds',
      help: 'Time one SQLite commit of a group of transactions takes',
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.commitSize = new Histogram({
      name: 'durable_commit_group_size',
      help: 'Transactions that shared one commit (the writes of one event-loop turn)',
      buckets: GROUP_BUCKETS,
      registers,
    });
    new Gauge({
      name: 'durable_task_queue_backlog',
      help: 'Tasks stored in a task queue and not yet taken by a poller',
      labelNames: ['namespace', 'task_queue', 'task_type'],
      registers,
      collect() {
        this.reset();
        for (const row of store.taskBacklog()) {
          this.set({ namespace: row.namespace, task_queue: row.queue, task_type: TASK_TYPE[row.kind] ?? String(row.kind) }, row.count);
        }
      },
    });
    const dispatch = new Histogram({
      name: 'durable_task_dispatch_latency_seconds',
      help: 'Time from a task being scheduled to a poller taking it, by namespace, task queue and task type',
      labelNames: ['namespace', 'task_queue', 'task_type'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.dispatchLatency = children((v) => dispatch.labels(...v));
    new Gauge({
      name: 'durable_timers_due',
      help: 'Durable timers (user timers, timeouts, retries, schedules) whose time has come and that have not fired yet',
      registers,
      collect() {
        this.set(store.countDueTimers(clock.now()));
      },
    });
    const fired = new Counter({
      name: 'durable_timers_fired_total',
      help: 'Durable timers fired, by kind',
      labelNames: ['kind'],
      registers,
    });
    this.timersFired = children((v) => fired.labels(...v));
    this.timerDelay = new Histogram({
      name: 'durable_timer_delay_seconds',
      help: 'How late a durable timer fired after its time',
      buckets: LATENCY_BUCKETS,
      registers,
    });
    const workflowLabels = ['namespace', 'workflow_type'];
    const started = new Counter({
      name: 'durable_workflows_started_total',
      help: 'Workflow runs started (continue-as-new, retries and cron runs included), by namespace and workflow type',
      labelNames: workflowLabels,
      registers,
    });
    this.started = children((v) => started.labels(...v));
    const closed = new Counter({
      name: 'durable_workflows_closed_total',
      help: 'Workflow runs closed, by namespace, workflow type and status (completed, failed, canceled, terminated, continued_as_new, timed_out)',
      labelNames: [...workflowLabels, 'status'],
      registers,
    });
    this.closed = children((v) => closed.labels(...v));
    const actions = new Counter({
      name: 'durable_schedule_actions_total',
      help: 'Schedule actions, by namespace and result (started, skipped by the overlap policy, missed the catch-up window, dropped from the buffer)',
      labelNames: ['namespace', 'result'],
      registers,
    });
    this.scheduleActionCount = children((v) => actions.labels(...v));
  }

  /** Starts recording, with the process's own figures (CPU, memory, event-loop delay, GC): the metrics are served. */
  serve(): void {
    if (this.on) return;
    this.on = true;
    collectDefaultMetrics({ register: this.registry });
  }

  rpc(transport: Transport, operation: string, statusCode: string, seconds: number): void {
    if (!this.on) return;
    this.rpcCount(transport, operation, statusCode).inc();
    this.rpcLatency(transport, operation, statusCode).observe(seconds);
  }

  committed(seconds: number, transactions: number): void {
    if (!this.on) return;
    this.commitLatency.observe(seconds);
    this.commitSize.observe(transactions);
  }

  dispatched(namespace: string, taskQueue: string, kind: TaskKind, seconds: number): void {
    if (!this.on) return;
    this.dispatchLatency(namespace, taskQueue, TASK_TYPE[kind]!).observe(seconds);
  }

  timerFired(kind: string, lateSeconds: number): void {
    if (!this.on) return;
    this.timersFired(kind).inc();
    this.timerDelay.observe(lateSeconds);
  }

  workflowStarted(namespace: string, workflowType: string): void {
    if (!this.on) return;
    this.started(namespace, workflowType).inc();
  }

  workflowClosed(namespace: string, workflowType: string, status: string): void {
    if (!this.on) return;
    this.closed(namespace, workflowType, status).inc();
  }

  scheduleActions(namespace: string, result: 'started' | 'skipped' | 'missed_catchup_window' | 'buffer_dropped', count: number): void {
    if (!this.on) return;
    this.scheduleActionCount(namespace, result).inc(count);
  }

  /** The exposition text and its content type, for a scrape. */
  async scrape(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
