// The worker's own metrics, with the names, units and labels of the official SDK's native core (temporalio/sdk-core):
// `temporal_workflow_completed`, `temporal_workflow_task_execution_latency`, `temporal_request` … each labelled
// with namespace and task_queue, plus the workflow or activity type, poller or worker type where core has them.
import type { MetricCounter, MetricGauge, MetricHistogram, MetricMeter, MetricTags } from '@durable/common';

export type PollerType = 'workflow_task' | 'sticky_workflow_task' | 'activity_task';
export type WorkerType = 'WorkflowWorker' | 'ActivityWorker' | 'LocalActivityWorker';
export type WorkflowOutcome = 'completed' | 'failed' | 'canceled' | 'continue_as_new';
export type TaskFailureReason = 'NonDeterminismError' | 'WorkflowError';

/** Where the SDK's metrics go and how they are named (the runtime's telemetry options). */
export interface CoreMeter {
  meter: MetricMeter;
  prefix: string;
  /** durations in seconds instead of milliseconds (`useSecondsForDurations`) */
  seconds: boolean;
}

/** Calls that wait for work, counted apart as core counts them (`temporal_long_request`). */
const LONG_POLLS = new Set(['PollWorkflowTaskQueue', 'PollActivityTaskQueue', 'PollNexusTaskQueue', 'PollWorkflowExecutionUpdate']);

const GRPC_CODES = [
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED',
];

/** Tasks of one kind this worker has finished since it started: all of them, and those that failed. */
export interface TaskCounts {
  processed: number;
  failed: number;
}

/**
 * The worker's own figures kept in memory beside the metrics, fed by the same calls, for its heartbeat
 * (RecordWorkerHeartbeat): core keeps the same in-memory copy, since an exporter may be absent or write elsewhere.
 */
export class LiveFigures {
  readonly pollers: Record<PollerType, number> = { workflow_task: 0, sticky_workflow_task: 0, activity_task: 0 };
  /** When each kind of poll last brought a task (epoch ms). */
  readonly lastTaskPolledMs: Partial<Record<PollerType, number>> = {};
  /** `available` is absent when the slots have no fixed number (resource-based and custom tuners). */
  readonly slots: Partial<Record<WorkerType, { available: number | undefined; used: number }>> = {};
  readonly tasks: Record<WorkerType, TaskCounts> = {
    WorkflowWorker: { processed: 0, failed: 0 },
    ActivityWorker: { processed: 0, failed: 0 },
    LocalActivityWorker: { processed: 0, failed: 0 },
  };
  /** Local activity attempts running now (they take no slot: they run inside their workflow task). */
  localActivitiesRunning = 0;
  cacheHits = 0;
  cacheMisses = 0;
}

export class WorkerMetrics {
  readonly live = new LiveFigures();
  private readonly base: MetricTags;
  private readonly toUnit: (ms: number) => number;
  private readonly counter: (name: string, description: string) => MetricCounter;
  private readonly duration: (name: string, description: string) => MetricHistogram;
  private readonly gauge: (name: string, description: string) => MetricGauge;

  constructor(core: CoreMeter, namespace: string, taskQueue: string) {
    this.base = { namespace, task_queue: taskQueue };
    const { meter, prefix, seconds } = core;
    this.toUnit = seconds ? (ms) => ms / 1000 : (ms) => Math.round(ms);
    this.counter = (name, description) => meter.createCounter(prefix + name, '', description);
    this.duration = (name, description) => meter.createHistogram(prefix + name, seconds ? 'float' : 'int', seconds ? 's' : 'ms', description);
    this.gauge = (name, description) => meter.createGauge(prefix + name, 'int', '', description);
    this.wfCompleted = this.counter('workflow_completed', 'Count of successfully completed workflows');
    this.wfFailed = this.counter('workflow_failed', 'Count of failed workflows');
    this.wfCanceled = this.counter('workflow_canceled', 'Count of canceled workflows');
    this.wfContinued = this.counter('workflow_continue_as_new', 'Count of continued-as-new workflows');
    this.wfE2e = this.duration('workflow_endtoend_latency', 'Histogram of total workflow execution latencies');
    this.wftPollOk = this.counter('workflow_task_queue_poll_succeed', 'Count of workflow task queue poll successes');
    this.wftPollEmpty = this.counter('workflow_task_queue_poll_empty', 'Count of workflow task queue poll timeouts (no new task)');
    this.wftFailed = this.counter('workflow_task_execution_failed', 'Count of workflow task execution failures');
    this.wftSchedToStart = this.duration('workflow_task_schedule_to_start_latency', 'Histogram of workflow task schedule-to-start latencies');
    this.wftReplay = this.duration('workflow_task_replay_latency', 'Histogram of workflow task replay latencies');
    this.wftExecution = this.duration('workflow_task_execution_latency', 'Histogram of workflow task execution (not replay) latencies');
    this.actPollEmpty = this.counter('activity_poll_no_task', 'Count of activity task queue poll timeouts (no new task)');
    this.actReceived = this.counter('activity_task_received', 'Count of activity task queue poll successes');
    this.actFailed = this.counter('activity_execution_failed', 'Count of activity task execution failures');
    this.actSchedToStart = this.duration('activity_schedule_to_start_latency', 'Histogram of activity schedule-to-start latencies');
    this.actExecution = this.duration('activity_execution_latency', 'Histogram of activity execution latencies');
    this.actSucceededE2e = this.duration('activity_succeed_endtoend_latency', 'Histogram of activity execution latencies for successful activities');
    this.laTotal = this.counter('local_activity_total', 'Count of local activities executed');
    this.laFailed = this.counter('local_activity_execution_failed', 'Count of local activity executions that failed');
    this.laCancelled = this.counter('local_activity_execution_cancelled', 'Count of local activity executions that were cancelled');
    this.laExecution = this.duration('local_activity_execution_latency', 'Histogram of local activity execution latencies');
    this.laSucceededE2e = this.duration('local_activity_succeed_endtoend_latency', 'Histogram of local activity execution latencies for successful local activities');
    this.workerStart = this.counter('worker_start', 'Count of the number of initialized workers');
    this.pollers = this.gauge('num_pollers', 'Current number of active pollers per queue type');
    this.slotsAvailable = this.gauge('worker_task_slots_available', 'Current number of available slots per task type');
    this.slotsUsed = this.gauge('worker_task_slots_used', 'Current number of used slots per task type');
    this.cacheHit = this.counter('sticky_cache_hit', 'Count of times the workflow cache was used for a new workflow task');
    this.cacheMiss = this.counter('sticky_cache_miss', 'Count of times the workflow cache was missing a workflow for a sticky task');
    this.cacheSize = this.gauge('sticky_cache_size', 'Current number of cached workflows');
    this.cacheEvicted = this.counter('sticky_cache_total_forced_eviction', 'Count of evictions of cached workflows');
    this.request = this.counter('request', 'Count of client request successes by rpc name');
    this.requestFailure = this.counter('request_failure', 'Count of client request failures by rpc name');
    this.longRequest = this.counter('long_request', 'Count of long-poll request successes by rpc name');
    this.longRequestFailure = this.counter('long_request_failure', 'Count of long-poll request failures by rpc name');
    this.requestLatency = this.duration('request_latency', 'Histogram of client request latencies');
    this.longRequestLatency = this.duration('long_request_latency', 'Histogram of client long-poll request latencies');
  }

  private readonly wfCompleted;
  private readonly wfFailed;
  private readonly wfCanceled;
  private readonly wfContinued;
  private readonly wfE2e;
  private readonly wftPollOk;
  private readonly wftPollEmpty;
  private readonly wftFailed;
  private readonly wftSchedToStart;
  private readonly wftReplay;
  private readonly wftExecution;
  private readonly actPollEmpty;
  private readonly actReceived;
  private readonly actFailed;
  private readonly actSchedToStart;
  private readonly actExecution;
  private readonly actSucceededE2e;
  private readonly laTotal;
  private readonly laFailed;
  private readonly laCancelled;
  private readonly laExecution;
  private readonly laSucceededE2e;
  private readonly workerStart;
  private readonly pollers;
  private readonly slotsAvailable;
  private readonly slotsUsed;
  private readonly cacheHit;
  private readonly cacheMiss;
  private readonly cacheSize;
  private readonly cacheEvicted;
  private readonly request;
  private readonly requestFailure;
  private readonly longRequest;
  private readonly longRequestFailure;
  private readonly requestLatency;
  private readonly longRequestLatency;

  private tags(extra?: MetricTags): MetricTags {
    return extra ? { ...this.base, ...extra } : this.base;
  }

  workerStarted(): void {
    this.workerStart.add(1, this.base);
  }

  /** A run's workflow ended with this task (never counted while replaying). */
  workflowClosed(workflowType: string, outcome: WorkflowOutcome, endToEndMs: number | undefined): void {
    const tags = this.tags({ workflow_type: workflowType });
    const counter = { completed: this.wfCompleted, failed: this.wfFailed, canceled: this.wfCanceled, continue_as_new: this.wfContinued }[outcome];
    counter.add(1, tags);
    if (endToEndMs !== undefined) this.wfE2e.record(this.toUnit(endToEndMs), tags);
  }

  workflowTaskPolled(pollerType: 'workflow_task' | 'sticky_workflow_task', empty: boolean, scheduleToStartMs: number | undefined): void {
    if (!empty) this.live.lastTaskPolledMs[pollerType] = Date.now();
    (empty ? this.wftPollEmpty : this.wftPollOk).add(1, this.base);
    if (scheduleToStartMs !== undefined) this.wftSchedToStart.record(this.toUnit(scheduleToStartMs), this.base);
  }

  /** Time spent running a workflow task: catching up on history (replay), or new work. */
  workflowTaskRan(workflowType: string, ms: number, replay: boolean): void {
    if (!replay) this.live.tasks.WorkflowWorker.processed++;
    (replay ? this.wftReplay : this.wftExecution).record(this.toUnit(ms), this.tags({ workflow_type: workflowType }));
  }

  workflowTaskFailed(workflowType: string, reason: TaskFailureReason): void {
    this.live.tasks.WorkflowWorker.processed++;
    this.live.tasks.WorkflowWorker.failed++;
    this.wftFailed.add(1, this.tags({ workflow_type: workflowType, failure_reason: reason }));
  }

  /**
   * An activity task arrived, from a poll or (eager) with a workflow task's completion; `undefined`: a poll came back
   * empty. Labelled `eager` as core labels it.
   */
  activityPolled(task: { activityType: string; workflowType: string; scheduleToStartMs: number } | undefined, eager = false): void {
    if (!task) return this.actPollEmpty.add(1, this.base);
    if (!eager) this.live.lastTaskPolledMs.activity_task = Date.now();
    this.actReceived.add(1, this.tags({ activity_type: task.activityType, workflow_type: task.workflowType, eager: String(eager) }));
    this.actSchedToStart.record(this.toUnit(task.scheduleToStartMs), this.base);
  }

  /** An activity attempt ended; `scheduledMs` is how long ago it was first scheduled, for successes' end-to-end time. */
  activityRan(activityType: string, workflowType: string, ms: number, outcome: 'completed' | 'failed' | 'cancelled', scheduledMs: number): void {
    const tags = this.tags({ activity_type: activityType, workflow_type: workflowType });
    countTask(this.live.tasks.ActivityWorker, outcome);
    this.actExecution.record(this.toUnit(ms), tags);
    if (outcome === 'failed') this.actFailed.add(1, tags);
    if (outcome === 'completed') this.actSucceededE2e.record(this.toUnit(scheduledMs), tags);
  }

  localActivityRan(activityType: string, workflowType: string, ms: number, outcome: 'completed' | 'failed' | 'cancelled', scheduledMs: number): void {
    const tags = this.tags({ activity_type: activityType, workflow_type: workflowType });
    countTask(this.live.tasks.LocalActivityWorker, outcome);
    this.laTotal.add(1, tags);
    this.laExecution.record(this.toUnit(ms), tags);
    if (outcome === 'failed') this.laFailed.add(1, tags);
    if (outcome === 'cancelled') this.laCancelled.add(1, tags);
    if (outcome === 'completed') this.laSucceededE2e.record(this.toUnit(scheduledMs), tags);
  }

  /** A local activity attempt began (+1) or ended (-1). */
  localActivityRunning(by: 1 | -1): void {
    this.live.localActivitiesRunning += by;
  }

  pollersActive(pollerType: PollerType, count: number): void {
    this.live.pollers[pollerType] = count;
    this.pollers.set(count, this.tags({ poller_type: pollerType }));
  }

  slots(workerType: WorkerType, available: number | undefined, used: number): void {
    this.live.slots[workerType] = { available, used };
    const tags = this.tags({ worker_type: workerType });
    if (available !== undefined) this.slotsAvailable.set(available, tags);
    this.slotsUsed.set(used, tags);
  }

  /** A workflow task found its run cached (hit) or had to rebuild it from history (miss). */
  cacheLookup(hit: boolean): void {
    if (hit) this.live.cacheHits++;
    else this.live.cacheMisses++;
    (hit ? this.cacheHit : this.cacheMiss).add(1, this.base);
  }

  cached(size: number): void {
    this.cacheSize.set(size, this.base);
  }

  evicted(): void {
    this.cacheEvicted.add(1, this.base);
  }

  /** One call attempt of the worker's connection (Connection.observeCalls). */
  requested(call: { method: string; request: object; code: number; ms: number }): void {
    const long = LONG_POLLS.has(call.method) || (call.method === 'GetWorkflowExecutionHistory' && (call.request as { waitNewEvent?: boolean }).waitNewEvent === true);
    const req = call.request as { namespace?: string; taskQueue?: { name?: string; normalName?: string } };
    // Every value carries the same keys: a Prometheus series keeps the label names of its first value.
    const tags: MetricTags = { operation: call.method, namespace: req.namespace || String(this.base.namespace), task_queue: req.taskQueue?.normalName || req.taskQueue?.name || '' };
    (long ? this.longRequest : this.request).add(1, tags);
    (long ? this.longRequestLatency : this.requestLatency).record(this.toUnit(call.ms), tags);
    if (call.code !== 0) (long ? this.longRequestFailure : this.requestFailure).add(1, { ...tags, status_code: GRPC_CODES[call.code] ?? String(call.code) });
  }
}

function countTask(counts: TaskCounts, outcome: 'completed' | 'failed' | 'cancelled'): void {
  counts.processed++;
  if (outcome === 'failed') counts.failed++;
}
